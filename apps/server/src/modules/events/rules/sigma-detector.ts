import type { Db } from '../../../platform/db/database.ts';
import type { Detection, Detector, SecurityEvent } from '../event-schema.ts';
import { detectionTimeOf } from '../event-time.ts';
import { createSigmaEngine, type SigmaEngine } from '../sigma/sigma-engine.ts';
import { readPath } from '../sigma/sigma-fields.ts';
import { type LoadedRules, loadRuleText } from '../sigma/sigma-loader.ts';
import type {
  CorrelationMatch,
  FieldMappings,
  SigmaEvent,
  SigmaMatch,
  SigmaRule,
  UnsupportedRule,
} from '../sigma/sigma-types.ts';
import { effectiveMappings, eventsSettingsStore, FIELD_FALLBACKS } from './events-settings.ts';
import { createExplainer, type RuleExplainer } from './sigma-explain.ts';

/** The Sigma detector, with the refresh the pipeline (or a timer) calls between batches. */
export interface SigmaDetector extends Detector {
  /** Recompiles when the rules' version counter moved since the last compile; true when it did. */
  refresh(): Promise<boolean>;
  /** Rules or correlations of enabled rows the combined engine could not load (e.g. a missing reference). */
  readonly unsupported: readonly UnsupportedRule[];
  readonly version: number;
  /** Refreshes every `intervalMs` (for processes where rules change elsewhere); returns the stop function. */
  poll(intervalMs: number, onError: (err: unknown) => void): () => void;
}

/** Enabled rule rows, as the detector compiles them. */
export async function loadEnabledRules(db: Db): Promise<LoadedRules> {
  const rows = await db
    .selectFrom('sigma_rules')
    .select(['id', 'yaml', 'file_name'])
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  const out: LoadedRules = { rules: [], correlations: [], unsupported: [] };
  for (const row of rows) {
    const loaded = loadRuleText(row.yaml, row.file_name ?? `rule ${row.id}`);
    out.rules.push(...loaded.rules);
    out.correlations.push(...loaded.correlations);
    out.unsupported.push(...loaded.unsupported);
  }
  return out;
}

/** The key a Detection carries for a rule: its Sigma id, or its title when it has none. */
export const ruleKeyOf = (r: { id: string | null; title: string }) => r.id ?? r.title;
export const matchKeyOf = (m: SigmaMatch) => m.ruleId ?? m.title;

// SecurityEvent is a plain JSON object; it is an interface (no index signature), hence the widening.
const asSigmaEvent = (e: SecurityEvent): SigmaEvent => e as unknown as SigmaEvent;

interface Compiled {
  engine: SigmaEngine;
  rules: Map<string, SigmaRule>;
  explainer: RuleExplainer;
  /** Group-by fields of correlations judged when their window closes (flush), to keep their events' origin. */
  flushGroups: { id: string; fields: string[] }[];
  mappings: FieldMappings;
}

const EMPTY: Compiled = {
  engine: createSigmaEngine({ rules: { rules: [], correlations: [], unsupported: [] } }),
  rules: new Map(),
  explainer: createExplainer({}, {}),
  flushGroups: [],
  mappings: {},
};

const MAX_ORIGINS = 10_000;

/**
 * A Detector over the enabled rules in the database. `detect` stays synchronous: compiling happens in
 * `refresh`, which reads one settings row (the version counter) unless something changed.
 */
export function createSigmaDetector(db: Db): SigmaDetector {
  let compiled = EMPTY;
  let version = -1;
  // The origin (source, unit, asset) of the latest event of each group of a flush-judged correlation, so a
  // match found when its window closes belongs to the right jurisdiction.
  const origins = new Map<string, SecurityEvent>();

  async function compile(): Promise<void> {
    const settings = await eventsSettingsStore.get(db);
    const rules = await loadEnabledRules(db);
    const mappings = effectiveMappings(settings);
    const engine = createSigmaEngine({
      rules,
      fieldMappings: mappings,
      fieldFallbacks: FIELD_FALLBACKS,
      placeholders: settings.placeholders,
    });
    const byKey = new Map<string, SigmaRule>();
    for (const r of rules.rules) byKey.set(ruleKeyOf(r), r);
    const flushGroups = rules.correlations
      .filter((c) => ['lt', 'lte', 'eq', 'neq'].some((k) => k in c.condition))
      .map((c) => ({ id: c.id ?? c.title, fields: c.groupBy }));
    compiled = {
      engine,
      rules: byKey,
      explainer: createExplainer(mappings, settings.placeholders),
      flushGroups,
      mappings,
    };
    origins.clear();
  }

  const groupString = (id: string, group: Record<string, string>) =>
    `${id}\u0000${Object.keys(group)
      .sort()
      .map((k) => `${k}=${group[k]}`)
      .join('\u0000')}`;

  const read = (event: SecurityEvent, field: string): string => {
    const mapped = compiled.mappings[field];
    const paths = mapped === undefined ? [field] : typeof mapped === 'string' ? [mapped] : mapped;
    for (const p of paths) {
      const v = readPath(asSigmaEvent(event), p);
      if (v !== undefined && v !== null) return String(v);
    }
    return '';
  };

  const correlationDetection = (m: CorrelationMatch, event: SecurityEvent): Detection => ({
    kind: 'sigma_correlation',
    ruleKey: m.correlationId ?? m.title,
    title: m.title,
    level: m.level ?? 'medium',
    matchedFields: { ...m.group },
    event,
  });

  return {
    name: 'sigma',
    get unsupported() {
      return compiled.engine.unsupported;
    },
    get version() {
      return version;
    },
    async refresh() {
      const current = await eventsSettingsStore.version(db);
      if (current === version) return false;
      await compile();
      version = current;
      return true;
    },
    poll(intervalMs, onError) {
      const timer = setInterval(() => {
        this.refresh().catch(onError);
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    detect(event) {
      const { engine, rules, explainer, flushGroups } = compiled;
      const out: Detection[] = [];
      for (const m of engine.match(asSigmaEvent(event))) {
        const key = matchKeyOf(m);
        const rule = rules.get(key);
        out.push({
          kind: 'sigma',
          ruleKey: key,
          title: m.title,
          level: m.level ?? 'medium',
          matchedFields: rule ? explainer.explain(rule, asSigmaEvent(event)) : {},
          event,
        });
      }
      for (const g of flushGroups) {
        const group: Record<string, string> = {};
        for (const f of g.fields) group[f] = read(event, f);
        const k = groupString(g.id, group);
        origins.delete(k);
        if (origins.size >= MAX_ORIGINS) {
          const oldest = origins.keys().next().value;
          if (oldest !== undefined) origins.delete(oldest);
        }
        origins.set(k, event);
      }
      for (const m of engine.correlate(asSigmaEvent(event), detectionTimeOf(event)))
        out.push(correlationDetection(m, event));
      return out;
    },
    flush(eventTime) {
      const out: Detection[] = [];
      for (const m of compiled.engine.flush(eventTime)) {
        const origin = origins.get(groupString(m.correlationId ?? m.title, m.group));
        if (!origin) continue; // its events were compiled away by a rules change
        out.push(correlationDetection(m, origin));
      }
      return out;
    },
  };
}
