// Loads Sigma YAML into validated rules and correlations. A file may hold several documents (a
// correlation with its base rules, or a legacy collection with `action: global|reset|repeat`). Every
// document that cannot be loaded becomes an UnsupportedRule with the reason; nothing is skipped silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  type CorrelationType,
  type CountCondition,
  type Logsource,
  type SigmaCorrelation,
  type SigmaRule,
  SigmaRuleError,
  type UnsupportedRule,
} from './sigma-types.ts';

export interface LoadedRules {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  unsupported: UnsupportedRule[];
}

type Doc = Record<string, unknown>;

function isMap(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(doc: Doc, key: string): string | null {
  const v = doc[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new SigmaRuleError(`"${key}" must be a string`);
  return String(v);
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw new SigmaRuleError(`${what} must be strings`);
    return String(v);
  });
}

function parseLogsource(value: unknown): Logsource {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new SigmaRuleError('"logsource" must be a map');
  const out: Logsource = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new SigmaRuleError(`logsource.${key} must be a string`);
    out[key] = v.toLowerCase();
  }
  return out;
}

function parseRule(doc: Doc, source: string): SigmaRule {
  const title = optionalString(doc, 'title');
  if (!title) throw new SigmaRuleError('the rule has no title');
  const detection = doc.detection;
  if (!isMap(detection)) throw new SigmaRuleError('the rule has no detection map');
  const condition = detection.condition;
  const conditions = stringList(condition, 'conditions');
  if (conditions.length === 0) throw new SigmaRuleError('the detection has no condition');
  return {
    id: optionalString(doc, 'id'),
    name: optionalString(doc, 'name'),
    title,
    level: optionalString(doc, 'level'),
    status: optionalString(doc, 'status'),
    tags: stringList(doc.tags, 'tags'),
    logsource: parseLogsource(doc.logsource),
    detection,
    conditions,
    source,
  };
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/** Parses a Sigma timespan: 30s, 5m, 1h, 7d, 2w, 1M (30 days), 1y (365 days). */
export function parseTimespan(value: unknown): number {
  const m = typeof value === 'string' ? /^(\d+)([smhdwMy])$/.exec(value.trim()) : null;
  const n = m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0) : 0;
  if (!m || !(n > 0))
    throw new SigmaRuleError(`timespan ${JSON.stringify(value)} is not like 30s, 5m, 1h or 7d`);
  return n;
}

const TYPES: readonly CorrelationType[] = ['event_count', 'value_count', 'temporal', 'temporal_ordered'];
const OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;

function parseCorrelation(doc: Doc, source: string): SigmaCorrelation {
  const title = optionalString(doc, 'title');
  if (!title) throw new SigmaRuleError('the correlation has no title');
  const c = doc.correlation;
  if (!isMap(c)) throw new SigmaRuleError('"correlation" must be a map');
  const type = c.type;
  if (typeof type !== 'string' || !TYPES.includes(type as CorrelationType))
    throw new SigmaRuleError(`correlation type ${JSON.stringify(type)} is not one of ${TYPES.join(', ')}`);
  const correlationType = type as CorrelationType;
  const rules = stringList(c.rules, 'correlation rules');
  if (rules.length === 0) throw new SigmaRuleError('the correlation references no rules');
  const condition: CountCondition = {};
  let valueField: string | null = null;
  const rawCondition = c.condition;
  if (rawCondition !== undefined && rawCondition !== null) {
    if (!isMap(rawCondition)) throw new SigmaRuleError('the correlation condition must be a map');
    for (const [key, v] of Object.entries(rawCondition)) {
      if (key === 'field') {
        if (typeof v !== 'string') throw new SigmaRuleError('condition.field must be a string');
        valueField = v;
      } else if ((OPS as readonly string[]).includes(key)) {
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new SigmaRuleError(`condition.${key} must be a number`);
        condition[key as (typeof OPS)[number]] = v;
      } else throw new SigmaRuleError(`unknown correlation condition "${key}"`);
    }
  }
  if (Object.keys(condition).length === 0) {
    if (correlationType === 'event_count' || correlationType === 'value_count')
      throw new SigmaRuleError(`a ${correlationType} correlation needs a condition (gt, gte, lt, lte, eq)`);
    condition.gte = rules.length;
  }
  if (correlationType === 'value_count' && !valueField)
    throw new SigmaRuleError('a value_count correlation needs condition.field');
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases !== undefined && c.aliases !== null) {
    if (!isMap(c.aliases)) throw new SigmaRuleError('"aliases" must be a map');
    for (const [alias, mapping] of Object.entries(c.aliases)) {
      if (!isMap(mapping)) throw new SigmaRuleError(`alias "${alias}" must map rules to fields`);
      aliases[alias] = Object.fromEntries(Object.entries(mapping).map(([r, f]) => [r, String(f)]));
    }
  }
  const generate = c.generate ?? doc.generate ?? false;
  if (typeof generate !== 'boolean') throw new SigmaRuleError('"generate" must be true or false');
  return {
    id: optionalString(doc, 'id'),
    name: optionalString(doc, 'name'),
    title,
    level: optionalString(doc, 'level'),
    type: correlationType,
    rules,
    groupBy: stringList(c['group-by'], 'group-by fields'),
    aliases,
    timespanMs: parseTimespan(c.timespan ?? c.timeframe),
    condition,
    valueField,
    generate,
    source,
  };
}

function deepMerge(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMap(b) && isMap(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** Loads every document of one YAML text (a file's content); `source` names it in reports. */
export function loadRuleText(text: string, source: string): LoadedRules {
  const out: LoadedRules = { rules: [], correlations: [], unsupported: [] };
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text);
  } catch (err) {
    out.unsupported.push({ source, id: null, title: null, reason: `YAML: ${(err as Error).message}` });
    return out;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  let global: Doc | null = null;
  let previous: Doc | null = null;
  list.forEach((doc, i) => {
    const where = list.length > 1 ? `${source}#${i + 1}` : source;
    let value: unknown;
    try {
      if (doc.errors.length > 0) throw new SigmaRuleError(`YAML: ${doc.errors[0]?.message ?? 'invalid'}`);
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const reason = err instanceof SigmaRuleError ? err.message : `YAML: ${(err as Error).message}`;
      out.unsupported.push({ source: where, id: null, title: null, reason });
      return;
    }
    if (value === null || value === undefined) return;
    const info = (d: Doc) => ({
      id: typeof d.id === 'string' ? d.id : null,
      title: typeof d.title === 'string' ? d.title : null,
    });
    try {
      if (!isMap(value)) throw new SigmaRuleError('a rule document must be a map');
      let d = value;
      if (d.action === 'global') {
        const { action: _a, ...rest } = d;
        global = rest;
        return;
      }
      if (d.action === 'reset') {
        global = null;
        return;
      }
      if (d.action === 'repeat') {
        if (!previous) throw new SigmaRuleError('"action: repeat" without a previous rule');
        const { action: _a, ...rest } = d;
        d = deepMerge(previous, rest);
      } else if (d.action !== undefined)
        throw new SigmaRuleError(`unknown action ${JSON.stringify(d.action)}`);
      else if (global) d = deepMerge(global, d);
      previous = d;
      try {
        if (d.correlation !== undefined) out.correlations.push(parseCorrelation(d, where));
        else out.rules.push(parseRule(d, where));
      } catch (err) {
        if (err instanceof SigmaRuleError)
          out.unsupported.push({ source: where, ...info(d), reason: err.message });
        else throw err;
      }
    } catch (err) {
      if (!(err instanceof SigmaRuleError)) throw err;
      out.unsupported.push({ source: where, ...info(isMap(value) ? value : {}), reason: err.message });
    }
  });
  return out;
}

function ruleFiles(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) ruleFiles(full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Loads every .yml/.yaml file under a directory (or one file); unreadable files are reported too. */
export function loadRulesFromPath(target: string): LoadedRules {
  const out: LoadedRules = { rules: [], correlations: [], unsupported: [] };
  const files = statSync(target).isDirectory() ? ruleFiles(target, []) : [target];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out.unsupported.push({
        source: file,
        id: null,
        title: null,
        reason: `unreadable: ${(err as Error).message}`,
      });
      continue;
    }
    const loaded = loadRuleText(text, file);
    out.rules.push(...loaded.rules);
    out.correlations.push(...loaded.correlations);
    out.unsupported.push(...loaded.unsupported);
  }
  return out;
}
