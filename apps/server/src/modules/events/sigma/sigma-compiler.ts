// Compiles a validated rule into one closure: each search identifier becomes an AND/OR of compiled
// items, the condition tree is lowered to closures over them, and a prefilter requirement (literals one
// of which must occur) is derived for the engine to skip rules cheaply.
import { type ConditionNode, parseCondition } from './sigma-condition.ts';
import { type CompiledItem, compileItem, type Matcher } from './sigma-detection.ts';
import type { FieldTable } from './sigma-fields.ts';
import { type Placeholders, type SigmaRule, SigmaRuleError } from './sigma-types.ts';

/** One alternative of a prefilter: the lower-cased `literal` occurs in field `fid` (-1: in any value). */
export interface LiteralAlt {
  fid: number;
  literal: string;
}

/** Any one alternative must hold for the rule to match; null when no such literal set is known. */
export type Prefilter = LiteralAlt[] | null;

export interface CompiledDetection {
  test: Matcher;
  prefilter: Prefilter;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemPrefilter(item: CompiledItem): Prefilter {
  const r = item.requirement;
  return r ? r.literals.map((literal) => ({ fid: r.fid, literal })) : null;
}

/** AND: any single required part is a valid prefilter; the one with fewest, longest literals is best. */
function best(prefilters: Prefilter[]): Prefilter {
  let chosen: Prefilter = null;
  let chosenScore = Number.POSITIVE_INFINITY;
  for (const p of prefilters) {
    if (!p || p.length === 0) continue;
    const shortest = Math.min(...p.map((a) => a.literal.length));
    const score = p.length * 8 - Math.min(shortest, 16);
    if (score < chosenScore) {
      chosen = p;
      chosenScore = score;
    }
  }
  return chosen;
}

/** OR: every branch must contribute, or nothing is known. */
function union(prefilters: Prefilter[]): Prefilter {
  const out: LiteralAlt[] = [];
  for (const p of prefilters) {
    if (!p) return null;
    out.push(...p);
  }
  return out.length ? out : null;
}

function splitKey(key: string): { field: string | null; modifiers: string[] } {
  const [field = '', ...modifiers] = key.split('|');
  return { field: field === '' ? null : field, modifiers };
}

function compileMap(
  map: Record<string, unknown>,
  fields: FieldTable,
  placeholders: Placeholders,
): CompiledDetection {
  const entries = Object.entries(map);
  if (entries.length === 0) throw new SigmaRuleError('a search identifier is an empty map');
  const items = entries.map(([key, value]) => {
    const { field, modifiers } = splitKey(key);
    if (isPlainObject(value)) throw new SigmaRuleError(`field "${key}" has a map as its value`);
    if (Array.isArray(value) && value.some((v) => isPlainObject(v) || Array.isArray(v)))
      throw new SigmaRuleError(`field "${key}" has nested lists or maps as values`);
    return compileItem(field, modifiers, value, fields, placeholders);
  });
  const tests = items.map((i) => i.test);
  const test: Matcher =
    tests.length === 1 && tests[0]
      ? tests[0]
      : (view) => {
          for (const t of tests) if (!t(view)) return false;
          return true;
        };
  return { test, prefilter: best(items.map(itemPrefilter)) };
}

function compileIdentifier(
  name: string,
  value: unknown,
  fields: FieldTable,
  placeholders: Placeholders,
): CompiledDetection {
  try {
    if (isPlainObject(value)) return compileMap(value, fields, placeholders);
    if (Array.isArray(value)) {
      if (value.length === 0) throw new SigmaRuleError('it is an empty list');
      if (value.every(isPlainObject)) {
        const maps = value.map((v) => compileMap(v, fields, placeholders));
        const tests = maps.map((x) => x.test);
        return {
          test: (view) => {
            for (const t of tests) if (t(view)) return true;
            return false;
          },
          prefilter: union(maps.map((x) => x.prefilter)),
        };
      }
      if (value.some((v) => isPlainObject(v) || Array.isArray(v)))
        throw new SigmaRuleError('it mixes maps and plain values');
      const item = compileItem(null, [], value, fields, placeholders);
      return { test: item.test, prefilter: itemPrefilter(item) };
    }
    if (typeof value === 'string' || typeof value === 'number') {
      const item = compileItem(null, [], value, fields, placeholders);
      return { test: item.test, prefilter: itemPrefilter(item) };
    }
    throw new SigmaRuleError('it is neither a map, a list nor a value');
  } catch (err) {
    if (err instanceof SigmaRuleError)
      throw new SigmaRuleError(`search identifier "${name}": ${err.message}`);
    throw err;
  }
}

function lower(node: ConditionNode, ids: ReadonlyMap<string, CompiledDetection>): CompiledDetection {
  switch (node.kind) {
    case 'ref': {
      const d = ids.get(node.name);
      if (!d) throw new SigmaRuleError(`unknown search identifier "${node.name}"`);
      return d;
    }
    case 'not': {
      const inner = lower(node.item, ids).test;
      return { test: (view) => !inner(view), prefilter: null };
    }
    case 'and': {
      const parts = node.items.map((n) => lower(n, ids));
      const tests = parts.map((p) => p.test);
      return {
        test: (view) => {
          for (const t of tests) if (!t(view)) return false;
          return true;
        },
        prefilter: best(parts.map((p) => p.prefilter)),
      };
    }
    case 'or': {
      const parts = node.items.map((n) => lower(n, ids));
      const tests = parts.map((p) => p.test);
      return {
        test: (view) => {
          for (const t of tests) if (t(view)) return true;
          return false;
        },
        prefilter: union(parts.map((p) => p.prefilter)),
      };
    }
    case 'of': {
      const parts = node.names.map((n) => lower({ kind: 'ref', name: n }, ids));
      const tests = parts.map((p) => p.test);
      if (node.min === 'all')
        return lower({ kind: 'and', items: node.names.map((name) => ({ kind: 'ref', name })) }, ids);
      const min = node.min;
      if (min > tests.length) return { test: () => false, prefilter: null };
      return {
        test: (view) => {
          let hits = 0;
          for (const t of tests) if (t(view) && ++hits >= min) return true;
          return false;
        },
        prefilter: union(parts.map((p) => p.prefilter)),
      };
    }
  }
}

/** Compiles a rule's detection; throws SigmaRuleError with the reason when something is unsupported. */
export function compileDetection(
  rule: SigmaRule,
  fields: FieldTable,
  placeholders: Placeholders,
): CompiledDetection {
  const names = Object.keys(rule.detection).filter((k) => k !== 'condition' && k !== 'timeframe');
  const compiled = new Map<string, CompiledDetection>();
  for (const name of names)
    compiled.set(name, compileIdentifier(name, rule.detection[name], fields, placeholders));
  const conditions = rule.conditions.map((c) => lower(parseCondition(c, names), compiled));
  if (conditions.length === 1 && conditions[0]) return conditions[0];
  const tests = conditions.map((c) => c.test);
  return {
    test: (view) => {
      for (const t of tests) if (t(view)) return true;
      return false;
    },
    prefilter: union(conditions.map((c) => c.prefilter)),
  };
}
