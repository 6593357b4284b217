// Compiles one detection item (`Field|mod|mod: value or [values]`) into a closure over an EventView.
// Modifiers are resolved here, once: values are lower-cased, wildcards turned into the cheapest string
// test, regexes and networks compiled, placeholders expanded and encodings generated.
import { compileCidrs } from './sigma-cidr.ts';
import type { EventView, FieldTable } from './sigma-fields.ts';
import {
  base64Of,
  base64Offsets,
  compilePattern,
  encodeText,
  literalPattern,
  lowerPattern,
  type Pattern,
  parseSigmaString,
  plainText,
  prefilterLiteral,
  type StringTest,
  type Utf16Encoding,
  windash,
  wrapPattern,
} from './sigma-pattern.ts';
import { compilePatternSet } from './sigma-pattern-set.ts';
import { compileSigmaRegex, regexLiteral } from './sigma-regex.ts';
import { type Placeholders, SigmaRuleError } from './sigma-types.ts';

export type Matcher = (view: EventView) => boolean;

/** A literal one of which must occur in the lower-cased field (fid -1: in any value), for prefilters. */
export interface Requirement {
  fid: number;
  literals: string[];
}

export interface CompiledItem {
  test: Matcher;
  requirement: Requirement | null;
}

interface Modifiers {
  position: 'exact' | 'contains' | 'startswith' | 'endswith';
  all: boolean;
  re: boolean;
  reFlags: { i: boolean; m: boolean; s: boolean };
  cidr: boolean;
  base64: 'plain' | 'offset' | null;
  utf16: Utf16Encoding | null;
  windash: boolean;
  exists: boolean;
  fieldref: boolean;
  compare: 'gt' | 'gte' | 'lt' | 'lte' | null;
  cased: boolean;
  expand: boolean;
}

export function parseModifiers(names: readonly string[]): Modifiers {
  const m: Modifiers = {
    position: 'exact',
    all: false,
    re: false,
    reFlags: { i: false, m: false, s: false },
    cidr: false,
    base64: null,
    utf16: null,
    windash: false,
    exists: false,
    fieldref: false,
    compare: null,
    cased: false,
    expand: false,
  };
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (name === 'contains' || name === 'startswith' || name === 'endswith') {
      if (m.position !== 'exact') throw new SigmaRuleError(`modifiers ${m.position} and ${name} together`);
      m.position = name;
    } else if (name === 'all') m.all = true;
    else if (name === 're') m.re = true;
    else if ((name === 'i' || name === 'm' || name === 's') && m.re) m.reFlags[name] = true;
    else if (name === 'cidr') m.cidr = true;
    else if (name === 'base64') m.base64 = 'plain';
    else if (name === 'base64offset') m.base64 = 'offset';
    else if (name === 'utf16le' || name === 'wide') m.utf16 = 'utf16le';
    else if (name === 'utf16be') m.utf16 = 'utf16be';
    else if (name === 'utf16') m.utf16 = 'utf16';
    else if (name === 'windash') m.windash = true;
    else if (name === 'exists') m.exists = true;
    else if (name === 'fieldref') m.fieldref = true;
    else if (name === 'gt' || name === 'gte' || name === 'lt' || name === 'lte') m.compare = name;
    else if (name === 'cased') m.cased = true;
    else if (name === 'expand') m.expand = true;
    else throw new SigmaRuleError(`unknown value modifier "${raw}"`);
  }
  if (m.utf16 && !m.base64)
    throw new SigmaRuleError('utf16/wide modifiers must be followed by base64 or base64offset');
  if (m.base64 === 'offset' && m.position !== 'contains')
    throw new SigmaRuleError('base64offset must be combined with contains');
  if (m.windash && m.base64) throw new SigmaRuleError('windash cannot be combined with base64');
  const kinds = [m.re, m.cidr, m.exists, m.compare !== null].filter(Boolean).length;
  if (kinds > 1 || (kinds === 1 && (m.base64 || m.windash || m.fieldref || m.position !== 'exact')))
    throw new SigmaRuleError(`modifiers ${names.join('|')} cannot be combined`);
  return m;
}

function expandPlaceholders(text: string, placeholders: Placeholders): string[] {
  const match = /%([^%\s]+)%/.exec(text);
  if (!match?.[1]) return [text];
  const values = placeholders[match[1]];
  if (values === undefined)
    throw new SigmaRuleError(`placeholder %${match[1]}% has no value in the configuration`);
  const list = typeof values === 'string' ? [values] : values;
  const out: string[] = [];
  for (const v of list) {
    const replaced = text.slice(0, match.index) + v + text.slice(match.index + match[0].length);
    out.push(...expandPlaceholders(replaced, placeholders));
    if (out.length > 10_000) throw new SigmaRuleError('placeholder expansion exceeds 10,000 values');
  }
  return out;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new SigmaRuleError(`value ${JSON.stringify(value)} is not a string, number or boolean`);
}

/** The patterns one value stands for after expand, encodings and windash (several means any of them). */
function valuePatterns(value: unknown, m: Modifiers, placeholders: Placeholders): Pattern[] {
  const texts = m.expand ? expandPlaceholders(scalarText(value), placeholders) : [scalarText(value)];
  const patterns: Pattern[] = [];
  for (const text of texts) {
    if (m.base64) {
      const plain = plainText(parseSigmaString(text));
      if (plain === null) throw new SigmaRuleError('wildcards cannot be combined with base64 encoding');
      const bytes = encodeText(plain, m.utf16);
      const encoded = m.base64 === 'plain' ? [base64Of(bytes)] : base64Offsets(bytes);
      for (const e of encoded) patterns.push(literalPattern(e));
    } else {
      const p = typeof value === 'string' ? parseSigmaString(text) : literalPattern(text);
      patterns.push(m.windash ? windash(p) : p);
    }
  }
  return patterns.map((p) =>
    wrapPattern(
      p,
      m.position === 'contains' || m.position === 'endswith',
      m.position !== 'exact' && m.position !== 'endswith',
    ),
  );
}

function anyOf(values: readonly string[], test: StringTest): boolean {
  for (const v of values) if (test(v)) return true;
  return false;
}

/** ORs several string tests; long lists become Set lookups and one-pass multi-literal scans. */
function combineTests(patterns: Pattern[]): StringTest {
  if (patterns.length > 6) return compilePatternSet(patterns);
  const tests = patterns.map(compilePattern);
  if (tests.length === 1 && tests[0]) return tests[0];
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function fieldIsNull(view: EventView, fid: number): boolean {
  const raw = view.raw(fid);
  return raw === undefined || raw === null;
}

/**
 * Compiles `field|modifiers: values`. `field` null is a keyword search over every value of the event.
 */
export function compileItem(
  field: string | null,
  modifierNames: readonly string[],
  rawValue: unknown,
  fields: FieldTable,
  placeholders: Placeholders,
): CompiledItem {
  const m = parseModifiers(modifierNames);
  // A keyword is found anywhere inside a value, as full-text searches do.
  if (field === null && m.position === 'exact' && !m.re) m.position = 'contains';
  const fid = field === null ? -1 : fields.id(field);
  const values = Array.isArray(rawValue) ? rawValue : [rawValue];
  if (values.length === 0) throw new SigmaRuleError(`field "${field}" has an empty list of values`);
  if (field === null && (m.exists || m.fieldref || m.compare || m.cidr))
    throw new SigmaRuleError('keyword searches take no exists, fieldref, comparison or cidr modifier');

  if (m.exists) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw new SigmaRuleError(`${field}|exists takes true or false`);
    const want = values[0];
    return { test: (view) => !fieldIsNull(view, fid) === want, requirement: null };
  }

  // null: the field is absent or null; other values in the same list still match normally.
  const nonNull = values.filter((v) => v !== null);
  const hasNull = nonNull.length < values.length;
  if (hasNull && nonNull.length === 0) {
    if (fid < 0) throw new SigmaRuleError('a keyword search cannot be null');
    return { test: (view) => fieldIsNull(view, fid), requirement: null };
  }

  let perValue: { test: Matcher; literals: string[] | null }[];
  if (m.compare) {
    const op = m.compare;
    perValue = nonNull.map((v) => {
      const limit = toNumber(v);
      if (limit === null) throw new SigmaRuleError(`${field}|${op} needs a number, got ${JSON.stringify(v)}`);
      const cmp =
        op === 'gt'
          ? (x: number) => x > limit
          : op === 'gte'
            ? (x: number) => x >= limit
            : op === 'lt'
              ? (x: number) => x < limit
              : (x: number) => x <= limit;
      return {
        test: (view: EventView) => {
          const raw = view.raw(fid);
          const list = Array.isArray(raw) ? raw : [raw];
          for (const item of list) {
            const n = toNumber(item);
            if (n !== null && cmp(n)) return true;
          }
          return false;
        },
        literals: null,
      };
    });
  } else if (m.cidr) {
    let test: (ip: string) => boolean;
    try {
      test = compileCidrs(nonNull.map(scalarText));
    } catch (err) {
      throw new SigmaRuleError(`${field}|cidr: ${(err as Error).message}`);
    }
    // With `all`, each network must hold on its own.
    perValue = m.all
      ? nonNull.map((v) => {
          const one = compileCidrs([scalarText(v)]);
          return { test: (view: EventView) => anyOf(view.strings(fid), one), literals: null };
        })
      : [{ test: (view: EventView) => anyOf(view.strings(fid), test), literals: null }];
  } else if (m.re) {
    perValue = nonNull.map((v) => {
      const source = scalarText(v);
      const re = compileSigmaRegex(source, m.reFlags);
      const test = (s: string) => re.test(s);
      const literal = regexLiteral(source);
      return {
        test:
          fid < 0
            ? (view: EventView) => anyOf(view.keywords(false), test)
            : (view) => anyOf(view.strings(fid), test),
        literals: literal ? [literal] : null,
      };
    });
  } else if (m.fieldref) {
    perValue = nonNull.map((v) => {
      const other = fields.id(scalarText(v));
      const cased = m.cased;
      const position = m.position;
      const rel = (a: string, b: string) =>
        position === 'contains'
          ? a.includes(b)
          : position === 'startswith'
            ? a.startsWith(b)
            : position === 'endswith'
              ? a.endsWith(b)
              : a === b;
      return {
        test: (view: EventView) => {
          const mine = cased ? view.strings(fid) : view.lower(fid);
          const theirs = cased ? view.strings(other) : view.lower(other);
          for (const a of mine) for (const b of theirs) if (rel(a, b)) return true;
          return false;
        },
        literals: null,
      };
    });
  } else {
    // Base64 output is case-sensitive by nature; everything else is case-insensitive unless cased.
    const cased = m.cased || m.base64 !== null;
    // Without `all`, every value's patterns go into one combined test (Sets and multi-literal scans).
    const groups = m.all ? nonNull.map((v) => [v]) : [nonNull];
    perValue = groups.map((group) => {
      const patterns = group
        .flatMap((v) => valuePatterns(v, m, placeholders))
        .map((p) => (cased ? p : lowerPattern(p)));
      const test = combineTests(patterns);
      const lits = patterns.map(prefilterLiteral);
      const literals = lits.every((l) => l !== null) ? lits : null;
      // One closure per case, so the hot path (a lower-cased single field) has no extra indirection.
      const matcher: Matcher =
        fid < 0
          ? (view) => anyOf(view.keywords(!cased), test)
          : cased
            ? (view) => anyOf(view.strings(fid), test)
            : (view) => {
                const values = view.lower(fid);
                if (values.length === 1) return test(values[0] ?? '');
                return anyOf(values, test);
              };
      return { test: matcher, literals };
    });
  }

  return combineValues(perValue, m.all, fid, hasNull);
}

function combineValues(
  perValue: { test: Matcher; literals: string[] | null }[],
  all: boolean,
  fid: number,
  hasNull: boolean,
): CompiledItem {
  const tests = perValue.map((p) => p.test);
  let test: Matcher;
  let literals: string[] | null;
  if (all) {
    test = (view) => {
      for (const t of tests) if (!t(view)) return false;
      return true;
    };
    // Every value is required: the longest single literal is the best prefilter.
    let best: string[] | null = null;
    for (const p of perValue)
      if (
        p.literals?.length === 1 &&
        (best === null || (p.literals[0] ?? '').length > (best[0] ?? '').length)
      )
        best = p.literals;
    literals = best;
  } else {
    test =
      tests.length === 1 && tests[0]
        ? tests[0]
        : (view) => {
            for (const t of tests) if (t(view)) return true;
            return false;
          };
    literals = perValue.every((p) => p.literals !== null) ? perValue.flatMap((p) => p.literals ?? []) : null;
  }
  if (hasNull) {
    const inner = test;
    test = (view) => {
      const raw = view.raw(fid);
      return raw === undefined || raw === null || inner(view);
    };
    literals = null;
  }
  return { test, requirement: literals ? { fid, literals } : null };
}
