// Stage 1 of the topic pipeline: one canonical form for texts that say the same thing in different
// encodings — full-width letters and digits, traditional characters, tracking-laden URLs, emoji and
// invisible characters — so that later stages compare words, not encodings.
import { Converter } from 'opencc-js/t2cn';

type Convert = (text: string) => string;

let toSimplified: Convert | null = null;

/** OpenCC's traditional (Taiwan usage, which also covers standard traditional) to mainland simplified. */
function simplifier(): Convert {
  const convert = toSimplified ?? Converter({ from: 'tw', to: 'cn' });
  toSimplified = convert;
  return convert;
}

// Which characters change under conversion, learnt one character at a time: most texts are already
// simplified, and skipping the whole-text conversion for them makes this stage several times faster.
const changesWhenSimplified = new Map<number, boolean>();
const MAX_REMEMBERED_CHARS = 100_000;

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x2e80) continue; // below the CJK blocks nothing converts
    let changes = changesWhenSimplified.get(code);
    if (changes === undefined) {
      const ch = String.fromCharCode(code);
      changes = simplifier()(ch) !== ch;
      if (changesWhenSimplified.size < MAX_REMEMBERED_CHARS) changesWhenSimplified.set(code, changes);
    }
    if (changes) return true;
  }
  return false;
}

// A few emoji carry the writer's urgency; they become the word so the urgency lexicon sees them.
const EMOJI_WORDS: ReadonlyMap<string, string> = new Map([
  ['🆘', ' 求助 '],
  ['🚨', ' 紧急 '],
  ['⚠', ' 注意 '],
  ['🔥', ' 火 '],
]);

const URL = /\bhttps?:\/\/([^\s/?#<>"'，。、！？]+)[^\s<>"'，。、！？]*/giu;
const USERINFO = /^[^@]*@/u;
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u{FE0E}\u{FE0F}\u{20E3}]/gu;
// Zero-width and bidi controls: invisible, and used to make copies look different to machines.
const INVISIBLE = /[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{2064}\u{FEFF}\u{00AD}]/gu;
const CONTROL = /[\p{Cc}]/gu;
const SPACE = /\s+/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The host of a URL (without credentials, port or a leading "www."), lower-cased. */
export function urlHost(authority: string): string {
  const host = authority.replace(USERINFO, '').replace(/:\d*$/u, '').toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

/**
 * Normalises a text for topic detection: NFKC (full-width to half-width), traditional to simplified
 * Chinese, URLs replaced by their host, emoji removed (a few urgent ones mapped to words), invisible
 * characters removed, ASCII lower-cased and whitespace collapsed. Never throws on any string.
 */
export function normaliseText(text: string): string {
  // Lone surrogates cannot be normalised meaningfully: they become U+FFFD (as String#toWellFormed does).
  let out = text.replace(LONE_SURROGATE, '\uFFFD').normalize('NFKC');
  out = out.replace(URL, (_match, authority: string) => ` ${urlHost(authority)} `);
  out = out.replace(INVISIBLE, '');
  out = out.replace(EMOJI, (ch) => EMOJI_WORDS.get(ch) ?? ' ');
  out = out.replace(CONTROL, ' ');
  if (hasTraditional(out)) out = simplifier()(out);
  return out.toLowerCase().replace(SPACE, ' ').trim();
}
