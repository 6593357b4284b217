import { TRADITIONAL_TO_SIMPLIFIED } from './t2s-table.ts';

/** Invisible characters that spammers insert between the characters of a word to dodge filters. */
const ZERO_WIDTH = new Set([
  0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x00ad, 0x180e,
]);

/** Punctuation commonly put between keyword characters (博*彩, 百-家-乐) besides whitespace. */
const SEPARATORS = new Set(Array.from('*-_.·•・|/\\~^#+=', (c) => c.charCodeAt(0)));

export function isZeroWidth(code: number): boolean {
  return ZERO_WIDTH.has(code);
}

export function isWhitespaceCode(code: number): boolean {
  return (
    code <= 0x20 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028
  );
}

/** Whitespace or a separator punctuation mark (after full-width folding). */
export function isSeparatorCode(code: number): boolean {
  return isWhitespaceCode(code) || SEPARATORS.has(code);
}

/**
 * Folds one UTF-16 code unit for matching: full-width ASCII to half-width, ideographic space to space,
 * upper-case Latin to lower case, traditional to simplified Chinese.
 */
export function foldCode(code: number): number {
  let c = code;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000 || c === 0xa0) c = 0x20;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c < 0x3400) return c;
  return TRADITIONAL_TO_SIMPLIFIED.get(c) ?? c;
}

export function containsZeroWidth(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (ZERO_WIDTH.has(text.charCodeAt(i))) return true;
  return false;
}

export function stripZeroWidth(text: string): string {
  return containsZeroWidth(text)
    ? Array.from(text)
        .filter((c) => !ZERO_WIDTH.has(c.charCodeAt(0)))
        .join('')
    : text;
}

/** Folds a whole string (see foldCode) and drops zero-width characters. */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (ZERO_WIDTH.has(code)) continue;
    out += String.fromCharCode(foldCode(code));
  }
  return out;
}

/** Collapses runs of whitespace (including full-width and zero-width) into one space and trims. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e]/g, '')
    .replace(/[\s\u3000\u00a0]+/g, ' ')
    .trim();
}
