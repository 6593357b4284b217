/**
 * A small JavaScript tokenizer for static analysis of inline scripts. It decodes string literals (\x3c, \u003c,
 * octal escapes) and records whether an escape was used, because escaping markup is itself a sign of hiding.
 */

export type JsToken =
  | { type: 'str'; value: string; escaped: boolean }
  | { type: 'num'; value: number }
  | { type: 'ident'; value: string }
  | { type: 'punct'; value: string }
  | { type: 'unknown'; value: string };

const PUNCTUATORS = [
  '>>>=',
  '===',
  '!==',
  '**=',
  '...',
  '>>>',
  '<<=',
  '>>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '==',
  '!=',
  '=>',
  '&&',
  '||',
  '??',
  '++',
  '--',
  '<=',
  '>=',
  '<<',
  '>>',
  '?.',
  '**',
];

const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u00c0-\uffff]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\w$\u00c0-\uffff]/.test(c);
}

function readString(
  src: string,
  start: number,
  quote: string,
): { value: string; escaped: boolean; end: number } {
  let value = '';
  let escaped = false;
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === quote) return { value, escaped, end: i + 1 };
    if (c === '\n' && quote !== '`') break;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = src[i + 1] ?? '';
    i += 2;
    if (e === 'x' && /^[0-9a-f]{2}$/i.test(src.slice(i, i + 2))) {
      value += String.fromCharCode(Number.parseInt(src.slice(i, i + 2), 16));
      escaped = true;
      i += 2;
    } else if (e === 'u' && src[i] === '{') {
      const close = src.indexOf('}', i);
      const code = Number.parseInt(src.slice(i + 1, close), 16);
      if (close !== -1 && Number.isFinite(code) && code <= 0x10ffff) value += String.fromCodePoint(code);
      escaped = true;
      i = close === -1 ? src.length : close + 1;
    } else if (e === 'u' && /^[0-9a-f]{4}$/i.test(src.slice(i, i + 4))) {
      value += String.fromCharCode(Number.parseInt(src.slice(i, i + 4), 16));
      escaped = true;
      i += 4;
    } else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{0,2}/.exec(src.slice(i))?.[0] ?? '';
      value += String.fromCharCode(Number.parseInt(e + digits, 8) & 0xff);
      escaped = escaped || e !== '0' || digits.length > 0;
      i += digits.length;
    } else if (e === '\r' || e === '\n') {
      if (e === '\r' && src[i] === '\n') i++;
    } else {
      value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
    }
  }
  return { value, escaped, end: i };
}

/** Tokenizes JavaScript source; stops after maxTokens. Never throws. */
export function tokenizeJs(src: string, maxTokens = 200_000): JsToken[] {
  const tokens: JsToken[] = [];
  let i = 0;
  const previousAllowsRegex = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.type === 'punct') return last.value !== ')' && last.value !== ']' && last.value !== '}';
    return last.type === 'ident' && REGEX_AFTER_WORDS.has(last.value);
  };
  while (i < src.length && tokens.length < maxTokens) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('//', i) || src.startsWith('<!--', i) || src.startsWith('-->', i)) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? src.length : nl + 1;
    } else if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      i = close === -1 ? src.length : close + 2;
    } else if (c === '"' || c === "'") {
      const s = readString(src, i, c);
      tokens.push({ type: 'str', value: s.value, escaped: s.escaped });
      i = s.end;
    } else if (c === '`') {
      const s = readString(src, i, '`');
      const raw = src.slice(i, s.end);
      tokens.push(
        raw.includes('${')
          ? { type: 'unknown', value: raw }
          : { type: 'str', value: s.value, escaped: s.escaped },
      );
      i = s.end;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d*(?:[eE][+-]?\d+)?)n?/.exec(
        src.slice(i, i + 64),
      );
      const text = m?.[0] || c;
      tokens.push({ type: 'num', value: Number(text.replace(/_/g, '').replace(/n$/, '')) });
      i += text.length;
    } else if (isIdentStart(c) || c === '\\') {
      let j = i + 1;
      while (j < src.length && isIdentPart(src[j] ?? '')) j++;
      tokens.push({ type: 'ident', value: src.slice(i, j) });
      i = j;
    } else if (c === '/' && previousAllowsRegex()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n') {
        const d = src[j];
        if (d === '\\') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      j++;
      while (j < src.length && /[a-z]/i.test(src[j] ?? '')) j++;
      tokens.push({ type: 'unknown', value: src.slice(i, j) });
      i = j;
    } else {
      const op = PUNCTUATORS.find((p) => src.startsWith(p, i)) ?? c;
      tokens.push({ type: 'punct', value: op });
      i += op.length;
    }
  }
  return tokens;
}
