// The Sigma engine: compiles rules once, routes each event only to the rules of its log source (an
// index memoised per distinct source), skips rules whose required literals are absent (a per-event
// prefilter), and feeds matches to the correlation rules.

import { createHash } from 'node:crypto';
import { compileDetection, type Prefilter } from './sigma-compiler.ts';
import { CorrelationState, type CorrelationStateChange, parseSaved } from './sigma-correlation.ts';
import type { Matcher } from './sigma-detection.ts';
import { EventView, FieldTable, readPath } from './sigma-fields.ts';
import type { LoadedRules } from './sigma-loader.ts';
import { LiteralIndex } from './sigma-prefilter.ts';
import type {
  CorrelationMatch,
  FieldMappings,
  Logsource,
  Placeholders,
  SigmaCorrelation,
  SigmaEvent,
  SigmaMatch,
  SigmaRule,
  UnsupportedRule,
} from './sigma-types.ts';
import { SigmaRuleError } from './sigma-types.ts';

export interface SigmaEngineOptions {
  rules: LoadedRules;
  fieldMappings?: FieldMappings;
  placeholders?: Placeholders;
  /**
   * The log source of an event. Default: `event.logsource` ({product, category, service}) when present;
   * an event without one meets every rule.
   */
  logsourceOf?: (event: SigmaEvent) => Logsource | null;
  /** Groups kept per correlation rule before the oldest is evicted (default 10,000). */
  maxGroupsPerCorrelation?: number;
  /**
   * Path prefixes tried, in order, when a field is absent under its own name and mapped paths, so rules
   * can use a source's own field names: `['winlog.event_data.', 'original.']` reads `TargetFilename` from
   * `winlog.event_data.TargetFilename`, then `original.TargetFilename`. None by default.
   */
  fieldFallbacks?: readonly string[];
  /**
   * What saved correlation state keeps of a tumbling window's latest event (reported when the window
   * closes). Default: the event as is.
   */
  stateEvent?: (event: SigmaEvent) => SigmaEvent;
}

export interface SigmaEngineStats {
  rules: number;
  correlations: number;
  unsupported: number;
  events: number;
  /** Rule evaluations run (after log-source routing and prefilters). */
  evaluations: number;
  /** Rules skipped by the literal prefilter. */
  prefiltered: number;
  matches: number;
  correlationMatches: number;
  /** Correlation groups evicted because a correlation reached its group limit. */
  groupsEvicted: number;
}

export interface SigmaEngine {
  /** The rules (not suppressed by a correlation's `generate: false`) that match the event. */
  match(event: SigmaEvent): SigmaMatch[];
  /** Feeds the event (time in ms, a Date or ISO string) to the correlation rules; returns those it completes. */
  correlate(event: SigmaEvent, time: number | string | Date): CorrelationMatch[];
  /** Closes tumbling windows that ended before `time` (end of input, or a timer). */
  flush(time: number | string | Date): CorrelationMatch[];
  /**
   * Correlation groups changed since the last call (key, JSON value; null: removed), for a caller that
   * saves them so a restart resumes the windows in progress.
   */
  takeStateChanges(): CorrelationStateChange[];
  /** Every correlation group, as takeStateChanges writes them (e.g. to carry state into a recompiled engine). */
  exportState(): CorrelationStateChange[];
  /**
   * Replaces all correlation groups with saved ones. Values of correlations not loaded (or defined
   * differently now), and unreadable ones, are dropped and reported as removed by the next
   * takeStateChanges, so saved state does not outlive its rules.
   */
  restoreState(saved: readonly CorrelationStateChange[]): void;
  readonly stats: SigmaEngineStats;
  readonly unsupported: readonly UnsupportedRule[];
}

interface CompiledRule {
  rule: SigmaRule;
  test: Matcher;
  prefilter: Prefilter;
  /** Whether match() reports it (false when only correlations with generate: false use it). */
  reported: boolean;
  match: SigmaMatch;
}

function defaultLogsource(event: SigmaEvent): Logsource | null {
  const ls = event.logsource;
  if (typeof ls !== 'object' || ls === null) return null;
  const out: Logsource = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const v = (ls as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v.toLowerCase();
  }
  return out;
}

/**
 * Sigma's taxonomy: `registry_event` is the generic category of Sysmon events 12-14, which SigmaHQ also
 * splits into registry_add/delete/set/rename; an event of a specific category meets the generic rules too.
 */
const PARENT_CATEGORY: Readonly<Record<string, string>> = {
  registry_add: 'registry_event',
  registry_delete: 'registry_event',
  registry_set: 'registry_event',
  registry_rename: 'registry_event',
};

function applies(rule: Logsource, event: Logsource): boolean {
  return (
    (rule.product === undefined || rule.product === event.product) &&
    (rule.category === undefined ||
      rule.category === event.category ||
      (event.category !== undefined && PARENT_CATEGORY[event.category] === rule.category)) &&
    (rule.service === undefined || rule.service === event.service)
  );
}

function toMillis(time: number | string | Date): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(time)}`);
  return ms;
}

/** A short hash of what a correlation's state means: its definition, not where it was loaded from. */
function fingerprintOf(c: SigmaCorrelation): string {
  const { source: _source, ...definition } = c;
  return createHash('sha1').update(JSON.stringify(definition)).digest('base64url').slice(0, 16);
}

function describe(c: SigmaCorrelation | SigmaRule, reason: string): UnsupportedRule {
  return { source: c.source, id: c.id, title: c.title, reason };
}

export function createSigmaEngine(options: SigmaEngineOptions): SigmaEngine {
  const fields = new FieldTable(options.fieldMappings ?? {}, options.fieldFallbacks ?? []);
  const placeholders = options.placeholders ?? {};
  const unsupported: UnsupportedRule[] = [...options.rules.unsupported];
  const compiled: CompiledRule[] = [];
  for (const rule of options.rules.rules) {
    try {
      const { test, prefilter } = compileDetection(rule, fields, placeholders);
      const match = { ruleId: rule.id, title: rule.title, level: rule.level, tags: rule.tags };
      compiled.push({ rule, test, prefilter, reported: true, match });
    } catch (err) {
      if (!(err instanceof SigmaRuleError)) throw err;
      unsupported.push(describe(rule, err.message));
    }
  }

  // Correlations: each referenced rule (by id or name) knows the correlations and positions it feeds.
  const byRef = new Map<string, number>();
  compiled.forEach((c, i) => {
    if (c.rule.id) byRef.set(c.rule.id, i);
    if (c.rule.name) byRef.set(c.rule.name, i);
  });
  const states: { state: CorrelationState; refs: string[]; positionsOf: Map<number, number[]> }[] = [];
  const fingerprints = new Set<string>();
  for (const correlation of options.rules.correlations) {
    const missing = correlation.rules.filter((r) => !byRef.has(r));
    if (missing.length > 0) {
      unsupported.push(describe(correlation, `references rules that are not loaded: ${missing.join(', ')}`));
      continue;
    }
    const positionsOf = new Map<number, number[]>();
    correlation.rules.forEach((ref, position) => {
      const index = byRef.get(ref) ?? -1;
      positionsOf.set(index, [...(positionsOf.get(index) ?? []), position]);
      const target = compiled[index];
      if (target && !correlation.generate) target.reported = false;
    });
    // The same definition loaded twice (two files) keeps two separate sets of groups.
    let fingerprint = fingerprintOf(correlation);
    for (let n = 2; fingerprints.has(fingerprint); n++) fingerprint = `${fingerprintOf(correlation)}~${n}`;
    fingerprints.add(fingerprint);
    states.push({
      state: new CorrelationState(correlation, options.maxGroupsPerCorrelation ?? 10_000, fingerprint),
      refs: correlation.rules,
      positionsOf,
    });
  }
  const correlated = new Set<number>();
  for (const s of states) for (const i of s.positionsOf.keys()) correlated.add(i);

  const literals = new LiteralIndex(compiled.map((c) => c.prefilter));
  const logsourceOf = options.logsourceOf ?? defaultLogsource;
  const routes = new Map<string, number[]>();
  const allRules = compiled.map((_, i) => i);
  const route = (ls: Logsource | null): number[] => {
    if (ls === null) return allRules;
    const key = `${ls.product ?? ''}\u0000${ls.category ?? ''}\u0000${ls.service ?? ''}`;
    let list = routes.get(key);
    if (!list) {
      list = allRules.filter((i) => {
        const c = compiled[i];
        return c !== undefined && applies(c.rule.logsource, ls);
      });
      if (routes.size < 10_000) routes.set(key, list);
    }
    return list;
  };

  const view = new EventView(fields);
  const stats: SigmaEngineStats = {
    rules: compiled.length,
    correlations: states.length,
    unsupported: unsupported.length,
    events: 0,
    evaluations: 0,
    prefiltered: 0,
    matches: 0,
    correlationMatches: 0,
    groupsEvicted: 0,
  };
  const keepEvent = options.stateEvent ?? ((e: SigmaEvent) => e);
  /** Saved groups restoreState could not take: reported as removed by the next takeStateChanges. */
  const pendingRemovals: CorrelationStateChange[] = [];
  let lastEvent: SigmaEvent | null = null;
  let lastHits: number[] = [];

  /** Indices of every rule that matches, reported or not; remembered for a following correlate(). */
  const evaluate = (event: SigmaEvent): number[] => {
    if (event === lastEvent) return lastHits;
    stats.events++;
    view.reset(event);
    let ls: Logsource | null;
    try {
      ls = logsourceOf(event);
    } catch {
      ls = null;
    }
    const candidates = route(ls);
    const selected = literals.select(view, candidates);
    stats.prefiltered += candidates.length - selected.length;
    stats.evaluations += selected.length;
    const hits: number[] = [];
    for (const i of selected) {
      const c = compiled[i];
      if (!c) continue;
      let ok = false;
      try {
        ok = c.test(view);
      } catch {
        ok = false; // a regex or a hostile value must never take the engine down
      }
      if (ok) hits.push(i);
    }
    lastEvent = event;
    lastHits = hits;
    return hits;
  };

  const readField = (event: SigmaEvent, field: string): string => {
    for (const p of fields.pathsOf(field)) {
      const v = readPath(event, p);
      if (v !== undefined && v !== null) return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return '';
  };

  return {
    match(event) {
      const out: SigmaMatch[] = [];
      for (const i of evaluate(event)) {
        const c = compiled[i];
        if (c?.reported) out.push(c.match);
      }
      stats.matches += out.length;
      return out;
    },
    correlate(event, time) {
      const ms = toMillis(time);
      const hits = evaluate(event).filter((i) => correlated.has(i));
      const out: CorrelationMatch[] = [];
      for (const { state, refs, positionsOf } of states) {
        const positions: number[] = [];
        for (const i of hits) positions.push(...(positionsOf.get(i) ?? []));
        const matched = state.feed(
          {
            positions,
            read: (field, position) => {
              const ref = refs[position] ?? '';
              const alias = state.correlation.aliases[field];
              return readField(event, alias?.[ref] ?? field);
            },
            event,
          },
          ms,
        );
        out.push(...matched);
      }
      stats.correlationMatches += out.length;
      stats.groupsEvicted = states.reduce((n, s) => n + s.state.evicted, 0);
      return out;
    },
    flush(time) {
      const ms = toMillis(time);
      const out = states.flatMap((s) => s.state.expire(ms));
      stats.correlationMatches += out.length;
      return out;
    },
    takeStateChanges() {
      const out = pendingRemovals.splice(0);
      for (const s of states) s.state.takeChanges(out, keepEvent);
      return out;
    },
    exportState() {
      const out: CorrelationStateChange[] = [];
      for (const s of states) s.state.exportAll(out, keepEvent);
      return out;
    },
    restoreState(saved) {
      pendingRemovals.length = 0;
      const byFingerprint = new Map(
        states.map((s) => [s.state.fingerprint, [] as NonNullable<ReturnType<typeof parseSaved>>[]]),
      );
      for (const { key, value } of saved) {
        const g = value === null ? null : parseSaved(value);
        const list = g ? byFingerprint.get(g.c) : undefined;
        if (g && list) list.push(g);
        else pendingRemovals.push({ key, value: null });
      }
      for (const s of states) {
        s.state.clear();
        s.state.restore(byFingerprint.get(s.state.fingerprint) ?? []);
      }
    },
    stats,
    unsupported,
  };
}
