// Which fields of an event made a rule match. Run only for a rule that matched (never on the hot path):
// each field item of the rule's selections is compiled on its own and tested against the event.
import { compileDetection } from '../sigma/sigma-compiler.ts';
import type { Matcher } from '../sigma/sigma-detection.ts';
import { allStrings, EventView, FieldTable, readPath } from '../sigma/sigma-fields.ts';
import type { FieldMappings, Placeholders, SigmaEvent, SigmaRule } from '../sigma/sigma-types.ts';

interface ItemTest {
  /** The Sigma field name, or null for a keyword search. */
  field: string | null;
  test: Matcher;
  view: EventView;
}

const MAX_LEAVES = 500;
const MAX_VALUE = 500;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Identifiers that appear only negated (`not filter`) explain nothing about a match. */
function negated(conditions: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const c of conditions) for (const m of c.matchAll(/\bnot\s+([\w*]+)/gi)) if (m[1]) out.add(m[1]);
  return out;
}

function stringify(v: unknown): string {
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** Every string leaf of an event with its dotted path (bounded). */
function leaves(node: unknown, prefix: string, out: [string, string][], depth = 0): [string, string][] {
  if (out.length >= MAX_LEAVES || depth > 16) return out;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
    out.push([prefix, String(node)]);
  } else if (Array.isArray(node)) {
    for (const item of node) leaves(item, prefix, out, depth + 1);
  } else if (isMap(node)) {
    for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  }
  return out;
}

export interface RuleExplainer {
  explain(rule: SigmaRule, event: SigmaEvent): Record<string, string>;
}

/** Compiles each rule's items lazily, once, and remembers them (rules are recompiled with a new explainer). */
export function createExplainer(fieldMappings: FieldMappings, placeholders: Placeholders): RuleExplainer {
  const cache = new Map<SigmaRule, ItemTest[]>();

  const compileItem = (rule: SigmaRule, selection: unknown, field: string | null): ItemTest | null => {
    const fields = new FieldTable(fieldMappings);
    try {
      const { test } = compileDetection(
        { ...rule, detection: { s: selection, condition: 's' }, conditions: ['s'] },
        fields,
        placeholders,
      );
      return { field, test, view: new EventView(fields) };
    } catch {
      return null;
    }
  };

  const itemsOf = (rule: SigmaRule): ItemTest[] => {
    const cached = cache.get(rule);
    if (cached) return cached;
    const skip = negated(rule.conditions);
    const items: ItemTest[] = [];
    for (const [name, value] of Object.entries(rule.detection)) {
      if (name === 'condition' || name === 'timeframe' || skip.has(name)) continue;
      const maps = isMap(value) ? [value] : Array.isArray(value) && value.every(isMap) ? value : null;
      if (maps) {
        for (const map of maps as Record<string, unknown>[]) {
          for (const [key, v] of Object.entries(map)) {
            const field = key.split('|')[0] ?? '';
            const item = compileItem(rule, { [key]: v }, field === '' ? null : field);
            if (item) items.push(item);
          }
        }
      } else {
        const item = compileItem(rule, value, null);
        if (item) items.push(item);
      }
    }
    if (cache.size > 5_000) cache.clear();
    cache.set(rule, items);
    return items;
  };

  const pathOf = (field: string, event: SigmaEvent): [string, unknown] | null => {
    const mapped = fieldMappings[field];
    const paths = mapped === undefined ? [field] : typeof mapped === 'string' ? [mapped] : mapped;
    for (const p of paths) {
      const v = readPath(event, p);
      if (v !== undefined && v !== null) return [p, v];
    }
    return null;
  };

  return {
    explain(rule, event) {
      const out: Record<string, string> = {};
      for (const item of itemsOf(rule)) {
        item.view.reset(event);
        let ok = false;
        try {
          ok = item.test(item.view);
        } catch {
          ok = false;
        }
        if (!ok) continue;
        if (item.field !== null) {
          const found = pathOf(item.field, event);
          if (found) out[found[0]] = stringify(found[1]);
          continue;
        }
        // A keyword search: the string leaves that hold the keyword.
        for (const [p, v] of leaves(event, '', [])) {
          item.view.reset({ [p]: v });
          if (allStrings(v).length > 0 && item.test(item.view)) out[p] = stringify(v);
        }
      }
      return out;
    },
  };
}
