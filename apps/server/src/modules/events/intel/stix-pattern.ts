// STIX 2.1 patterning (OASIS STIX 2.1 part 9): a recursive-descent parser for the whole grammar —
// observation expressions joined by AND / OR / FOLLOWEDBY with WITHIN / REPEATS / START-STOP qualifiers,
// comparison expressions joined by AND / OR with parentheses, every comparison operator (optionally
// negated), EXISTS, set literals and every literal form. Parsing never throws: bad input is an error
// with its position, so an import can report it per indicator.

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'hex'; value: string }
  | { kind: 'binary'; value: string }
  | { kind: 'timestamp'; value: string };

export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

/** One test of a property (or EXISTS): the leaves of a comparison expression. */
export type ComparisonTest =
  | {
      type: 'comparison';
      path: ObjectPath;
      negated: boolean;
      operator: ComparisonOperator;
      value: Literal | Literal[];
    }
  | { type: 'exists'; path: ObjectPath };

export type ComparisonExpression =
  | ComparisonTest
  | { type: 'and'; items: ComparisonExpression[] }
  | { type: 'or'; items: ComparisonExpression[] };

export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'startstop'; start: string; stop: string };

export type ObservationExpression =
  | { type: 'observation'; comparison: ComparisonExpression; qualifiers: Qualifier[] }
  | { type: 'and' | 'or' | 'followedby'; items: ObservationExpression[]; qualifiers: Qualifier[] };

export type ParsePatternResult =
  | { ok: true; pattern: ObservationExpression }
  | { ok: false; error: string; position: number };

type Token =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: string; pos: number }
  | { t: 'prefixed'; prefix: 'h' | 'b' | 't'; v: string; pos: number }
  | { t: 'punct'; v: string; pos: number }
  | { t: 'eof'; pos: number };

class PatternError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

/** Longest patterns accepted; real indicators are far below this, and it bounds parser work. */
export const MAX_PATTERN_LENGTH = 64 * 1024;
const MAX_DEPTH = 64;

const PUNCT = ['<=', '>=', '!=', '[', ']', '(', ')', ':', ',', '.', '=', '<', '>', '*', '-'];

function readQuoted(src: string, start: number): { value: string; end: number } {
  // start is the opening quote; \' and \\ are the only escapes the grammar allows.
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = src.indexOf("'", from);
    if (quote < 0) throw new PatternError('unterminated string literal', start);
    const slash = src.indexOf('\\', from);
    if (slash < 0 || slash > quote) return { value: value + src.slice(from, quote), end: quote + 1 };
    const next = src[slash + 1];
    if (next !== "'" && next !== '\\') {
      throw new PatternError(`invalid escape "\\${next ?? ''}" in a string literal`, slash);
    }
    value += src.slice(from, slash) + next;
    from = slash + 2;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 45;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const ch = src[i] ?? '';
    if ((ch === 'h' || ch === 'b' || ch === 't') && src[i + 1] === "'") {
      const { value, end } = readQuoted(src, i + 1);
      tokens.push({ t: 'prefixed', prefix: ch, v: value, pos: i });
      i = end;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readQuoted(src, i);
      tokens.push({ t: 'string', v: value, pos: i });
      i = end;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    // A sign only starts a number where a number may stand (after an operator), not inside a word.
    const signed = (c === 45 || c === 43) && prev?.t === 'punct' && isDigit(src.charCodeAt(i + 1));
    if (isDigit(c) || signed) {
      let j = signed ? i + 1 : i;
      while (isDigit(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) {
        j++;
        while (isDigit(src.charCodeAt(j))) j++;
      }
      const e = src.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
        if (isDigit(src.charCodeAt(k))) {
          while (isDigit(src.charCodeAt(k))) k++;
          j = k;
        }
      }
      tokens.push({ t: 'number', v: src.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && isIdentPart(src.charCodeAt(j))) j++;
      tokens.push({ t: 'word', v: src.slice(i, j), pos: i });
      i = j;
      continue;
    }
    const punct = PUNCT.find((p) => src.startsWith(p, i));
    if (punct) {
      tokens.push({ t: 'punct', v: punct, pos: i });
      i += punct.length;
      continue;
    }
    throw new PatternError(`unexpected character "${ch}"`, i);
  }
  tokens.push({ t: 'eof', pos: src.length });
  return tokens;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>='];
const WORD_OPS = ['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'];

class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.i] ?? { t: 'eof', pos: 0 };
  }
  private next(): Token {
    const tok = this.peek();
    if (tok.t !== 'eof') this.i++;
    return tok;
  }
  private isWord(v: string): boolean {
    const tok = this.peek();
    return tok.t === 'word' && tok.v === v;
  }
  private isPunct(v: string): boolean {
    const tok = this.peek();
    return tok.t === 'punct' && tok.v === v;
  }
  private describe(tok: Token): string {
    if (tok.t === 'eof') return 'the end of the pattern';
    if (tok.t === 'string') return `'${tok.v}'`;
    if (tok.t === 'prefixed') return `${tok.prefix}'${tok.v}'`;
    return `"${tok.v}"`;
  }
  private fail(expected: string): never {
    const tok = this.peek();
    throw new PatternError(`expected ${expected} but found ${this.describe(tok)}`, tok.pos);
  }
  private expectPunct(v: string): void {
    if (!this.isPunct(v)) this.fail(`"${v}"`);
    this.next();
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new PatternError('pattern nested too deeply', this.peek().pos);
  }

  parsePattern(): ObservationExpression {
    const expr = this.observationFollowedBy();
    if (this.peek().t !== 'eof') this.fail('AND, OR, FOLLOWEDBY or the end of the pattern');
    return expr;
  }

  private joined<T>(keyword: string, operand: () => T, build: (items: T[]) => T): T {
    const items = [operand()];
    while (this.isWord(keyword)) {
      this.next();
      items.push(operand());
    }
    return items.length === 1 ? (items[0] as T) : build(items);
  }

  private observationFollowedBy(): ObservationExpression {
    return this.joined(
      'FOLLOWEDBY',
      () => this.observationOr(),
      (items) => ({ type: 'followedby', items, qualifiers: [] }),
    );
  }
  private observationOr(): ObservationExpression {
    return this.joined(
      'OR',
      () => this.observationAnd(),
      (items) => ({ type: 'or', items, qualifiers: [] }),
    );
  }
  private observationAnd(): ObservationExpression {
    return this.joined(
      'AND',
      () => this.observation(),
      (items) => ({ type: 'and', items, qualifiers: [] }),
    );
  }

  private observation(): ObservationExpression {
    this.enter();
    let expr: ObservationExpression;
    if (this.isPunct('[')) {
      this.next();
      const comparison = this.comparisonOr();
      this.expectPunct(']');
      expr = { type: 'observation', comparison, qualifiers: [] };
    } else if (this.isPunct('(')) {
      this.next();
      const inner = this.observationFollowedBy();
      this.expectPunct(')');
      expr = inner.type === 'observation' ? { ...inner, qualifiers: [...inner.qualifiers] } : inner;
    } else {
      this.fail('"[" or "(" to start an observation expression');
    }
    for (;;) {
      const q = this.qualifier();
      if (!q) break;
      expr.qualifiers.push(q);
    }
    this.depth--;
    return expr;
  }

  private qualifier(): Qualifier | null {
    if (this.isWord('WITHIN')) {
      this.next();
      const tok = this.next();
      const seconds = tok.t === 'number' ? Number(tok.v) : Number.NaN;
      if (!(seconds > 0)) throw new PatternError('WITHIN needs a positive number of seconds', tok.pos);
      if (!this.isWord('SECONDS')) this.fail('SECONDS');
      this.next();
      return { kind: 'within', seconds };
    }
    if (this.isWord('REPEATS')) {
      this.next();
      const tok = this.next();
      const times = tok.t === 'number' ? Number(tok.v) : Number.NaN;
      if (!Number.isInteger(times) || times < 1) {
        throw new PatternError('REPEATS needs a positive whole number', tok.pos);
      }
      if (!this.isWord('TIMES')) this.fail('TIMES');
      this.next();
      return { kind: 'repeats', times };
    }
    if (this.isWord('START')) {
      this.next();
      const start = this.timestamp();
      if (!this.isWord('STOP')) this.fail('STOP');
      this.next();
      const stop = this.timestamp();
      if (Date.parse(stop) <= Date.parse(start)) {
        throw new PatternError('STOP must be after START', this.peek().pos);
      }
      return { kind: 'startstop', start, stop };
    }
    return null;
  }

  private timestamp(): string {
    const tok = this.next();
    if (tok.t !== 'prefixed' || tok.prefix !== 't' || !validTimestamp(tok.v)) {
      throw new PatternError(`expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ'`, tok.pos);
    }
    return tok.v;
  }

  private comparisonOr(): ComparisonExpression {
    return this.joined(
      'OR',
      () => this.comparisonAnd(),
      (items) => ({ type: 'or', items }),
    );
  }
  private comparisonAnd(): ComparisonExpression {
    return this.joined(
      'AND',
      () => this.propTest(),
      (items) => ({ type: 'and', items }),
    );
  }

  private propTest(): ComparisonExpression {
    this.enter();
    let result: ComparisonExpression;
    if (this.isPunct('(')) {
      this.next();
      result = this.comparisonOr();
      this.expectPunct(')');
    } else if (this.isWord('EXISTS')) {
      this.next();
      result = { type: 'exists', path: this.objectPath() };
    } else {
      const path = this.objectPath();
      let negated = false;
      if (this.isWord('NOT')) {
        this.next();
        negated = true;
      }
      const tok = this.next();
      let operator: ComparisonOperator;
      if (tok.t === 'punct' && COMPARE_OPS.includes(tok.v)) operator = tok.v as ComparisonOperator;
      else if (tok.t === 'word' && WORD_OPS.includes(tok.v)) operator = tok.v as ComparisonOperator;
      else {
        this.i--;
        this.fail('a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)');
      }
      let value: Literal | Literal[];
      if (operator === 'IN') value = this.setLiteral();
      else {
        value = this.literal();
        if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(operator) && value.kind !== 'string') {
          throw new PatternError(`${operator} needs a string literal`, this.tokens[this.i - 1]?.pos ?? 0);
        }
      }
      result = { type: 'comparison', path, negated, operator, value };
    }
    this.depth--;
    return result;
  }

  private objectPath(): ObjectPath {
    const typeTok = this.next();
    if (typeTok.t !== 'word' || !/^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/.test(typeTok.v)) {
      this.i--;
      this.fail('an object type such as ipv4-addr or file');
    }
    this.expectPunct(':');
    const steps: PathStep[] = [this.propertyName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        steps.push(this.propertyName());
      } else if (this.isPunct('[') && this.isListIndexAhead()) {
        this.next();
        const tok = this.next();
        if (tok.t === 'punct' && tok.v === '*') steps.push({ kind: 'index', index: '*' });
        else if (tok.t === 'number' && /^\d+$/.test(tok.v))
          steps.push({ kind: 'index', index: Number(tok.v) });
        else throw new PatternError('a list index is a whole number or *', tok.pos);
        this.expectPunct(']');
      } else break;
    }
    return { objectType: typeTok.v, steps };
  }

  // "file:x[0]" indexes a list, but "[a:b = 1] [c:d = 2]" must not read the second "[" as an index.
  private isListIndexAhead(): boolean {
    const a = this.tokens[this.i + 1];
    const b = this.tokens[this.i + 2];
    return (
      b?.t === 'punct' &&
      b.v === ']' &&
      ((a?.t === 'number' && /^\d+$/.test(a.v)) || (a?.t === 'punct' && a.v === '*'))
    );
  }

  private propertyName(): PathStep {
    const tok = this.next();
    if (tok.t === 'word') return { kind: 'property', name: tok.v };
    if (tok.t === 'string' && tok.v.length > 0) return { kind: 'property', name: tok.v };
    this.i--;
    return this.fail('a property name');
  }

  private setLiteral(): Literal[] {
    this.expectPunct('(');
    const items = [this.literal()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.literal());
    }
    this.expectPunct(')');
    const kinds = new Set(items.map((l) => l.kind));
    if (kinds.size > 1) throw new PatternError('a set literal mixes literal types', this.peek().pos);
    return items;
  }

  private literal(): Literal {
    const tok = this.next();
    switch (tok.t) {
      case 'string':
        return { kind: 'string', value: tok.v };
      case 'number': {
        const n = Number(tok.v);
        if (!Number.isFinite(n)) throw new PatternError('number out of range', tok.pos);
        return /^[+-]?\d+$/.test(tok.v) ? { kind: 'int', value: n } : { kind: 'float', value: n };
      }
      case 'word':
        if (tok.v === 'true' || tok.v === 'false') return { kind: 'bool', value: tok.v === 'true' };
        break;
      case 'prefixed':
        if (tok.prefix === 'h') {
          if (!/^([0-9a-fA-F]{2})*$/.test(tok.v)) throw new PatternError('invalid hex literal', tok.pos);
          return { kind: 'hex', value: tok.v.toLowerCase() };
        }
        if (tok.prefix === 'b') {
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(tok.v) || tok.v.length % 4 !== 0) {
            throw new PatternError('invalid base64 binary literal', tok.pos);
          }
          return { kind: 'binary', value: tok.v };
        }
        if (!validTimestamp(tok.v)) throw new PatternError('invalid timestamp literal', tok.pos);
        return { kind: 'timestamp', value: tok.v };
      default:
        break;
    }
    this.i--;
    return this.fail("a literal (string, number, true/false, h'..', b'..' or t'..')");
  }
}

function validTimestamp(v: string): boolean {
  return TIMESTAMP.test(v) && Number.isFinite(Date.parse(v));
}

/** Parses a STIX 2.1 pattern; never throws. */
export function parseStixPattern(source: unknown): ParsePatternResult {
  if (typeof source !== 'string') return { ok: false, error: 'the pattern is not a string', position: 0 };
  if (source.trim() === '') return { ok: false, error: 'the pattern is empty', position: 0 };
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`, position: 0 };
  }
  try {
    return { ok: true, pattern: new Parser(tokenize(source)).parsePattern() };
  } catch (err) {
    if (err instanceof PatternError) return { ok: false, error: err.message, position: err.position };
    // A RangeError (call stack) on pathological input is still just an invalid pattern.
    return { ok: false, error: err instanceof Error ? err.message : String(err), position: 0 };
  }
}
