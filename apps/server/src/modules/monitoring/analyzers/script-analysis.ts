import { type JsToken, tokenizeJs } from './js-tokens.ts';

/**
 * Static analysis of inline scripts: what markup they write into the page (document.write, innerHTML,
 * insertAdjacentHTML, jQuery .html/.append) and where they redirect, evaluating string literals, concatenation,
 * simple variables and the usual decoders (unescape, decodeURIComponent, String.fromCharCode, atob, reversed
 * strings, eval of a decoded string). Scripts are never executed.
 */

export type WrittenMarkup = {
  html: string;
  sink: string;
  /** How the markup was disguised: hex_escape, unescape, from_char_code, atob, concatenation, variable, reverse, eval. */
  techniques: string[];
};

export type ScriptAnalysis = {
  written: WrittenMarkup[];
  /** Literal targets assigned to location / passed to location.replace or window.open. */
  redirects: string[];
  /** The script reads document.referrer and names a search engine: the classic redirect of search visitors. */
  referrerCheck: { engines: string[] } | null;
};

type Value = { kind: 'str'; s: string } | { kind: 'num'; n: number } | { kind: 'arr'; items: string[] };
/** A variable's value and the disguises used to build it, so they are reported where it is written. */
type Variable = { value: Value; techniques: string[] };

const MAX_STRING = 200_000;
const MAX_DEPTH = 100;
const SEARCH_ENGINES = [
  'baidu',
  'sogou',
  'so.com',
  'sm.cn',
  'google',
  'bing',
  'yahoo',
  '360',
  'soso',
  'youdao',
  'toutiao',
];
const SINK_HINT =
  /write|innerhtml|outerhtml|insertadjacenthtml|eval|\.html|\.append|\.prepend|location|window\.open|referrer/i;

function jsUnescape(s: string): string {
  return s.replace(/%u([0-9a-f]{4})|%([0-9a-f]{2})/gi, (_, u: string | undefined, x: string | undefined) =>
    String.fromCharCode(Number.parseInt(u ?? x ?? '0', 16)),
  );
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return jsUnescape(s);
  }
}

function toStr(v: Value | null): string | null {
  if (!v) return null;
  if (v.kind === 'str') return v.s;
  if (v.kind === 'num') return String(v.n);
  return v.items.join(',');
}

class Evaluator {
  pos = 0;
  depth = 0;
  readonly techniques = new Set<string>();
  readonly tokens: JsToken[];
  readonly vars: Map<string, Variable>;

  constructor(tokens: JsToken[], vars: Map<string, Variable>) {
    this.tokens = tokens;
    this.vars = vars;
  }

  peek(offset = 0): JsToken | undefined {
    return this.tokens[this.pos + offset];
  }

  isPunct(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.type === 'punct' && t.value === value;
  }

  isIdent(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.type === 'ident' && t.value === value;
  }

  expect(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.pos++;
    return true;
  }

  /** additive := postfix ('+' postfix)* */
  expression(): Value | null {
    if (++this.depth > MAX_DEPTH) return null;
    try {
      let left = this.postfix();
      while (this.isPunct('+')) {
        this.pos++;
        const right = this.postfix();
        if (left?.kind === 'num' && right?.kind === 'num') left = { kind: 'num', n: left.n + right.n };
        else {
          this.techniques.add('concatenation');
          left = { kind: 'str', s: ((toStr(left) ?? '') + (toStr(right) ?? '')).slice(0, MAX_STRING) };
        }
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  args(): (Value | null)[] | null {
    if (!this.expect('(')) return null;
    const list: (Value | null)[] = [];
    while (this.pos < this.tokens.length && !this.isPunct(')')) {
      const start = this.pos;
      list.push(this.expression());
      if (this.pos === start) return null;
      if (!this.expect(',')) break;
    }
    return this.expect(')') ? list : null;
  }

  primary(): Value | null {
    const t = this.peek();
    if (!t) return null;
    this.pos++;
    if (t.type === 'str') {
      if (t.escaped) this.techniques.add('hex_escape');
      return { kind: 'str', s: t.value };
    }
    if (t.type === 'num') return { kind: 'num', n: t.value };
    if (t.type === 'punct' && t.value === '(') {
      const inner = this.expression();
      return this.expect(')') ? inner : null;
    }
    if (t.type === 'punct' && t.value === '[') {
      const items: string[] = [];
      while (!this.isPunct(']') && this.pos < this.tokens.length) {
        const start = this.pos;
        items.push(toStr(this.expression()) ?? '');
        if (this.pos === start || !this.expect(',')) break;
      }
      return this.expect(']') ? { kind: 'arr', items } : null;
    }
    if (t.type !== 'ident') return null;
    let name = t.value;
    if (
      (name === 'window' || name === 'self' || name === 'globalThis') &&
      this.isPunct('.') &&
      this.peek(1)?.type === 'ident'
    ) {
      name = String(this.peek(1)?.value);
      this.pos += 2;
    }
    if (name === 'String' && this.isPunct('.') && this.isIdent('fromCharCode', 1)) {
      this.pos += 2;
      const list = this.args();
      if (!list) return null;
      this.techniques.add('from_char_code');
      const codes = list.map((v) => (v?.kind === 'num' ? v.n : Number(toStr(v))));
      if (codes.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffff)) return null;
      return { kind: 'str', s: String.fromCharCode(...codes.slice(0, MAX_STRING)) };
    }
    const decoders: Record<string, [string, (s: string) => string]> = {
      unescape: ['unescape', jsUnescape],
      decodeURIComponent: ['unescape', safeDecodeUri],
      decodeURI: ['unescape', safeDecodeUri],
      atob: ['atob', (s) => Buffer.from(s, 'base64').toString('latin1')],
    };
    const decoder = decoders[name];
    if (decoder && this.isPunct('(')) {
      const arg = this.args()?.[0];
      const s = toStr(arg ?? null);
      if (s === null) return null;
      this.techniques.add(decoder[0]);
      return { kind: 'str', s: decoder[1](s) };
    }
    const known = this.vars.get(name);
    if (!known) return null;
    this.techniques.add('variable');
    for (const t of known.techniques) this.techniques.add(t);
    return known.value;
  }

  postfix(): Value | null {
    let value = this.primary();
    while (this.isPunct('.') && this.peek(1)?.type === 'ident') {
      const method = String(this.peek(1)?.value);
      this.pos += 2;
      if (!this.isPunct('(')) {
        value = method === 'length' && value?.kind === 'str' ? { kind: 'num', n: value.s.length } : null;
        continue;
      }
      const list = this.args();
      if (!list) return null;
      value = applyMethod(value, method, list, this.techniques);
    }
    return value;
  }
}

function applyMethod(
  value: Value | null,
  method: string,
  list: (Value | null)[],
  techniques: Set<string>,
): Value | null {
  if (!value) return null;
  const arg = (i: number) => toStr(list[i] ?? null);
  if (value.kind === 'arr') {
    if (method === 'reverse') {
      techniques.add('reverse');
      return { kind: 'arr', items: [...value.items].reverse() };
    }
    if (method === 'join') return { kind: 'str', s: value.items.join(arg(0) ?? ',') };
    return null;
  }
  const s = toStr(value) ?? '';
  switch (method) {
    case 'split': {
      const sep = arg(0);
      return sep === null ? null : { kind: 'arr', items: s.split(sep).slice(0, MAX_STRING) };
    }
    case 'concat':
      return { kind: 'str', s: (s + list.map((v) => toStr(v) ?? '').join('')).slice(0, MAX_STRING) };
    case 'replace':
    case 'replaceAll': {
      const [from, to] = [arg(0), arg(1)];
      if (from === null || to === null) return null;
      return { kind: 'str', s: method === 'replace' ? s.replace(from, () => to) : s.split(from).join(to) };
    }
    case 'toLowerCase':
      return { kind: 'str', s: s.toLowerCase() };
    case 'toUpperCase':
      return { kind: 'str', s: s.toUpperCase() };
    case 'toString':
    case 'trim':
      return { kind: 'str', s: method === 'trim' ? s.trim() : s };
    default:
      return null;
  }
}

/** Analyses one inline script. `depth` bounds eval-of-decoded-string recursion. */
export function analyzeScript(source: string, depth = 0): ScriptAnalysis {
  const result: ScriptAnalysis = { written: [], redirects: [], referrerCheck: null };
  if (!SINK_HINT.test(source) || depth > 3) return result;
  const tokens = tokenizeJs(source);
  const vars = new Map<string, Variable>();
  const ev = new Evaluator(tokens, vars);
  const emit = (sink: string, value: Value | null, extra: string[] = []) => {
    const html = toStr(value);
    if (html?.includes('<')) {
      result.written.push({ html, sink, techniques: [...new Set([...ev.techniques, ...extra])].sort() });
    }
  };
  const identAt = (i: number) => {
    const t = tokens[i];
    return t?.type === 'ident' ? t.value : null;
  };
  const punctAt = (i: number) => {
    const t = tokens[i];
    return t?.type === 'punct' ? t.value : null;
  };
  const evaluateAt = (i: number): Value | null => {
    ev.pos = i;
    ev.techniques.clear();
    return ev.expression();
  };
  let readsReferrer = false;
  for (let i = 0; i < tokens.length; i++) {
    const name = identAt(i);
    const prevDot = punctAt(i - 1) === '.';
    if (name === 'referrer' && prevDot) readsReferrer = true;
    if (
      name &&
      !prevDot &&
      ['var', 'let', 'const'].includes(name) &&
      identAt(i + 1) &&
      punctAt(i + 2) === '='
    ) {
      continue; // the declared name is handled as a plain assignment on the next token
    }
    if (name && !prevDot && (punctAt(i + 1) === '=' || punctAt(i + 1) === '+=') && vars.size < 1000) {
      const value = evaluateAt(i + 2);
      const old = punctAt(i + 1) === '+=' ? vars.get(name) : undefined;
      if (value) {
        const combined: Value = old
          ? { kind: 'str', s: ((toStr(old.value) ?? '') + (toStr(value) ?? '')).slice(0, MAX_STRING) }
          : value;
        vars.set(name, {
          value: combined,
          techniques: [...new Set([...(old?.techniques ?? []), ...ev.techniques])],
        });
      } else vars.delete(name);
      if (name === 'location' && value) result.redirects.push(toStr(value) ?? '');
      continue;
    }
    if (name === 'document' && punctAt(i + 1) === '.' && /^write(ln)?$/.test(identAt(i + 2) ?? '')) {
      ev.pos = i + 3;
      ev.techniques.clear();
      const list = ev.args();
      if (list) emit('document.write', { kind: 'str', s: list.map((v) => toStr(v) ?? '').join('') });
      continue;
    }
    if (prevDot && (name === 'innerHTML' || name === 'outerHTML')) {
      const op = punctAt(i + 1);
      if (op === '=' || op === '+=') emit(name, evaluateAt(i + 2));
      continue;
    }
    if (prevDot && name === 'insertAdjacentHTML') {
      ev.pos = i + 1;
      ev.techniques.clear();
      emit('insertAdjacentHTML', ev.args()?.[1] ?? null);
      continue;
    }
    if (prevDot && name && ['html', 'append', 'prepend', 'before', 'after', 'replaceWith'].includes(name)) {
      ev.pos = i + 1;
      ev.techniques.clear();
      emit(`jquery.${name}`, ev.args()?.[0] ?? null);
      continue;
    }
    if (name === 'eval' && !prevDot && punctAt(i + 1) === '(') {
      ev.pos = i + 1;
      ev.techniques.clear();
      const code = toStr(ev.args()?.[0] ?? null);
      const used = [...ev.techniques];
      if (code) {
        const inner = analyzeScript(code, depth + 1);
        for (const w of inner.written)
          result.written.push({ ...w, techniques: [...new Set([...w.techniques, ...used, 'eval'])].sort() });
        result.redirects.push(...inner.redirects);
        if (inner.referrerCheck) readsReferrer = true;
      }
      continue;
    }
    const locationTarget = (name === 'href' && identAt(i - 2) === 'location') || name === 'location';
    if (prevDot && locationTarget && punctAt(i + 1) === '=') {
      const target = toStr(evaluateAt(i + 2));
      if (target) result.redirects.push(target);
      continue;
    }
    if (
      prevDot &&
      (name === 'replace' || name === 'assign' || name === 'open') &&
      ['location', 'window'].includes(identAt(i - 2) ?? '')
    ) {
      ev.pos = i + 1;
      const target = toStr(ev.args()?.[0] ?? null);
      if (target) result.redirects.push(target);
    }
  }
  const seen = new Set<string>();
  result.written = result.written.filter((w) => {
    const key = `${w.sink}\u0000${w.html}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (readsReferrer) {
    const lower = source.toLowerCase();
    const engines = SEARCH_ENGINES.filter((e) => lower.includes(e));
    if (engines.length > 0) result.referrerCheck = { engines };
  }
  return result;
}

/** Code run from a computed string: what it does cannot be read without running it. */
const EXECUTES = /\beval\s*\(|\bFunction\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['"`]/;
const DECODES = /\batob\s*\(|\bunescape\s*\(|fromCharCode|decodeURIComponent\s*\(/;
const DOM_WRITE =
  /document\s*\.\s*write|innerHTML|outerHTML|insertAdjacentHTML|createElement|appendChild|\.html\s*\(|\.append\s*\(/;
const ESCAPES = /\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/gi;

function manyEscapes(source: string): boolean {
  let n = 0;
  for (const _ of source.matchAll(ESCAPES)) if (++n >= 8) return true;
  return false;
}

/**
 * Whether an inline script may write into the page in a way the static analysis could not follow: it
 * runs code built from strings (eval, Function, a string timer), or it decodes (atob, unescape,
 * fromCharCode, runs of \x / \u escapes) and writes markup or builds elements, and yet no written markup
 * was recovered from it. Such a page is worth rendering in a browser.
 */
export function isOpaqueWriter(source: string, analysis: ScriptAnalysis): boolean {
  if (analysis.written.length > 0) return false;
  if (EXECUTES.test(source)) return true;
  return DOM_WRITE.test(source) && (DECODES.test(source) || manyEscapes(source));
}
