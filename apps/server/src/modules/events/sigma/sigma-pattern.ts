// Sigma string values: wildcards (* and ?), escaping (\*, \?, \\) and the transforms that rewrite a value
// before it is matched (windash, base64, base64offset, utf16 variants). A value becomes a list of tokens
// once, at compile time; compilePattern turns tokens into the cheapest string test that implements them.

export type PatternToken =
  | { kind: 'lit'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  /** One character out of a set (windash: - / and the Unicode dashes). */
  | { kind: 'set'; chars: string };

export type Pattern = readonly PatternToken[];

/**
 * Parses a Sigma string per the specification: `*` any run of characters, `?` one character, and a
 * backslash escapes only `*`, `?` and `\` (any other backslash is a literal backslash).
 */
export function parseSigmaString(value: string): Pattern {
  const tokens: PatternToken[] = [];
  let lit = '';
  const flush = () => {
    if (lit) tokens.push({ kind: 'lit', text: lit });
    lit = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        lit += next;
        i++;
      } else lit += '\\';
    } else if (c === '*') {
      flush();
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      flush();
      tokens.push({ kind: 'one' });
    } else lit += c;
  }
  flush();
  return tokens;
}

/** The plain text of a pattern without wildcards, or null when it has any (base64 needs plain text). */
export function plainText(pattern: Pattern): string | null {
  let text = '';
  for (const t of pattern) {
    if (t.kind !== 'lit') return null;
    text += t.text;
  }
  return text;
}

export function literalPattern(text: string): Pattern {
  return text ? [{ kind: 'lit', text }] : [];
}

/** contains / startswith / endswith: wildcards added around the value (never doubled). */
export function wrapPattern(pattern: Pattern, before: boolean, after: boolean): Pattern {
  const out = [...pattern];
  if (before && out[0]?.kind !== 'star') out.unshift({ kind: 'star' });
  if (after && out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
  return out;
}

export function lowerPattern(pattern: Pattern): Pattern {
  return pattern.map((t) =>
    t.kind === 'lit'
      ? { kind: 'lit', text: t.text.toLowerCase() }
      : t.kind === 'set'
        ? { kind: 'set', chars: t.chars.toLowerCase() }
        : t,
  );
}

const WINDASH_CHARS = '-/\u2013\u2014\u2015';
const WORD = /\w/;

/**
 * windash: a - or / that starts an option (not preceded by a word character, followed by one) may be
 * written with any of - / – — ―, as Windows command lines accept them all.
 */
export function windash(pattern: Pattern): Pattern {
  const out: PatternToken[] = [];
  for (let ti = 0; ti < pattern.length; ti++) {
    const t = pattern[ti];
    if (t === undefined) continue;
    if (t.kind !== 'lit') {
      out.push(t);
      continue;
    }
    let lit = '';
    for (let i = 0; i < t.text.length; i++) {
      const c = t.text[i] ?? '';
      const prev = i > 0 ? t.text[i - 1] : undefined;
      const next = t.text[i + 1];
      const prevIsWord = prev !== undefined ? WORD.test(prev) : false;
      if ((c === '-' || c === '/') && !prevIsWord && next !== undefined && WORD.test(next)) {
        if (lit) out.push({ kind: 'lit', text: lit });
        lit = '';
        out.push({ kind: 'set', chars: WINDASH_CHARS });
      } else lit += c;
    }
    if (lit) out.push({ kind: 'lit', text: lit });
  }
  return out;
}

export type Utf16Encoding = 'utf16le' | 'utf16be' | 'utf16';

/** The bytes a value is encoded as before base64: UTF-8 unless a utf16 modifier says otherwise. */
export function encodeText(text: string, encoding: Utf16Encoding | null): Buffer {
  if (encoding === null) return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le') return le;
  if (encoding === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

export function base64Of(bytes: Buffer): string {
  return bytes.toString('base64');
}

/**
 * base64offset: the three encodings of the value at byte offsets 0, 1 and 2 inside a longer text, with
 * the characters that depend on the neighbouring bytes cut off (Sigma's definition).
 */
export function base64Offsets(bytes: Buffer): string[] {
  const startCut = [0, 2, 3];
  const endCut = [0, 3, 2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    const cut = endCut[(bytes.length + i) % 3] ?? 0;
    out.push(encoded.slice(startCut[i] ?? 0, cut ? encoded.length - cut : encoded.length));
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function patternToRegexSource(pattern: Pattern): string {
  let src = '';
  for (const t of pattern) {
    if (t.kind === 'lit') src += escapeRegex(t.text);
    else if (t.kind === 'star') src += '[\\s\\S]*';
    else if (t.kind === 'one') src += '[\\s\\S]';
    else src += `[${escapeRegex(t.chars)}]`;
  }
  return `^${src}$`;
}

export type StringTest = (value: string) => boolean;

/** The cheapest test for a pattern: equality, startsWith, endsWith, includes, or a compiled regex. */
export function compilePattern(pattern: Pattern): StringTest {
  const n = pattern.length;
  const [a, b, c] = pattern;
  if (n === 0) return (v) => v === '';
  if (n === 1 && a?.kind === 'star') return () => true;
  if (n === 1 && a?.kind === 'lit') {
    const t = a.text;
    return (v) => v === t;
  }
  if (n === 2 && a?.kind === 'star' && b?.kind === 'lit') {
    const t = b.text;
    return (v) => v.endsWith(t);
  }
  if (n === 2 && a?.kind === 'lit' && b?.kind === 'star') {
    const t = a.text;
    return (v) => v.startsWith(t);
  }
  if (n === 3 && a?.kind === 'star' && b?.kind === 'lit' && c?.kind === 'star') {
    const t = b.text;
    return (v) => v.includes(t);
  }
  if (n === 3 && a?.kind === 'lit' && b?.kind === 'star' && c?.kind === 'lit') {
    const head = a.text;
    const tail = c.text;
    const min = head.length + tail.length;
    return (v) => v.length >= min && v.startsWith(head) && v.endsWith(tail);
  }
  const re = new RegExp(patternToRegexSource(pattern));
  return (v) => re.test(v);
}

/** The exact text a pattern matches when it has no wildcard at all (for Set lookups), else null. */
export function exactText(pattern: Pattern): string | null {
  return plainText(pattern);
}

/**
 * The longest literal every match must contain (for prefilters), or null when there is none of at
 * least `min` characters.
 */
export function requiredLiteral(pattern: Pattern, min = 3): string | null {
  let best = '';
  for (const t of pattern) if (t.kind === 'lit' && t.text.length > best.length) best = t.text;
  return best.length >= min ? best : null;
}

/** Prefilter pseudo-literal: "the lower-cased field holds some non-ASCII character". */
export const NON_ASCII = '\u0000non-ascii';

/**
 * The prefilter literal of a pattern: its longest required literal, or else NON_ASCII when a required
 * literal (lower-cased) has a non-ASCII character (emoji, homoglyphs, bidi controls), or null.
 */
export function prefilterLiteral(pattern: Pattern): string | null {
  const lowered = lowerPattern(pattern);
  const literal = requiredLiteral(lowered);
  if (literal !== null) return literal;
  for (const t of lowered) if (t.kind === 'lit' && /[\u0080-\uffff]/.test(t.text)) return NON_ASCII;
  return null;
}
