import type { Db } from '../../../platform/db/database.ts';
import type { Detection, Detector, DetectorStateEntry, SecurityEvent } from '../event-schema.ts';
import { detectionTimeOf } from '../event-time.ts';
import { createSigmaEngine, type SigmaEngine } from '../sigma/sigma-engine.ts';
import { type LoadedRules, loadRuleText } from '../sigma/sigma-loader.ts';
import type {
  CorrelationMatch,
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
}

const EMPTY: Compiled = {
  engine: createSigmaEngine({ rules: { rules: [], correlations: [], unsupported: [] } }),
  rules: new Map(),
  explainer: createExplainer({}, {}),
};

/** Above this, a tumbling window's saved event keeps no `original` fields (the raw store has them). */
const SAVED_ORIGINAL_MAX = 8 * 1024;

/** What saved correlation state keeps of a window's latest event: all of it but a large `original`. */
function stateEvent(e: SigmaEvent): SigmaEvent {
  const original = e.original;
  if (original === undefined || JSON.stringify(original).length <= SAVED_ORIGINAL_MAX) return e;
  return { ...e, original: { truncated: true } };
}

/** A correlation match's event back as the pipeline's event (saved state is JSON: check its origin). */
function securityEventOf(e: SigmaEvent | undefined): SecurityEvent | null {
  const origin = e?.shouwang;
  if (typeof origin !== 'object' || origin === null || typeof e?.['@timestamp'] !== 'string') return null;
  return e as unknown as SecurityEvent;
}

/**
 * A Detector over the enabled rules in the database. `detect` stays synchronous: compiling happens in
 * `refresh`, which reads one settings row (the version counter) unless something changed.
 */
export function createSigmaDetector(db: Db): SigmaDetector {
  let compiled = EMPTY;
  let version = -1;
  // State restored before the first compile (the pipeline may start first): applied by that compile.
  let deferred: readonly DetectorStateEntry[] | null = null;

  async function compile(): Promise<void> {
    const settings = await eventsSettingsStore.get(db);
    const rules = await loadEnabledRules(db);
    const mappings = effectiveMappings(settings);
    const engine = createSigmaEngine({
      rules,
      fieldMappings: mappings,
      fieldFallbacks: FIELD_FALLBACKS,
      placeholders: settings.placeholders,
      stateEvent,
    });
    const byKey = new Map<string, SigmaRule>();
    for (const r of rules.rules) byKey.set(ruleKeyOf(r), r);
    // Windows in progress carry over to the new rules (correlations whose definition is unchanged; the
    // others' groups are reported removed, so their saved state goes too).
    engine.restoreState(deferred ?? compiled.engine.exportState());
    deferred = null;
    compiled = { engine, rules: byKey, explainer: createExplainer(mappings, settings.placeholders) };
  }

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
      const { engine, rules, explainer } = compiled;
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
      for (const m of engine.correlate(asSigmaEvent(event), detectionTimeOf(event)))
        out.push(correlationDetection(m, event));
      return out;
    },
    flush(eventTime) {
      const out: Detection[] = [];
      for (const m of compiled.engine.flush(eventTime)) {
        // A window judged when it closes belongs to its latest event's source, unit and asset.
        const origin = securityEventOf(m.event);
        if (origin) out.push(correlationDetection(m, origin));
      }
      return out;
    },
    takeStateChanges() {
      return version === -1 ? [] : compiled.engine.takeStateChanges();
    },
    restoreState(saved) {
      if (version === -1) deferred = saved;
      else compiled.engine.restoreState(saved);
    },
  };
}
