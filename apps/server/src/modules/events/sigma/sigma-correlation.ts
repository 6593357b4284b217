// Sigma correlation rules over the stream of rule matches, per group-by key:
// - conditions with only lower bounds (gt, gte) use sliding windows and fire as soon as they hold;
// - conditions with an upper bound (lt, lte, eq, neq) use a tumbling window opened by the group's first
//   event and are judged when it closes (a later event or flush() passes its end).
// After firing, a group starts afresh, so one burst gives one correlation match. Memory is bounded: a
// group keeps at most (largest threshold + 1) timestamps or values, idle groups are dropped once their
// window has passed, and each correlation keeps at most `maxGroups` groups (oldest evicted, counted).
// The groups can be saved and restored (a process restart must not forget a window in progress): every
// change marks its group, and `takeChanges` hands over the marked groups as JSON (null: removed).
import { createHash } from 'node:crypto';
import type { CorrelationMatch, CountCondition, SigmaCorrelation, SigmaEvent } from './sigma-types.ts';

interface GroupState {
  group: Record<string, string>;
  start: number;
  last: number;
  times: number[];
  values: Map<string, number>;
  /** temporal: last time each referenced rule matched; temporal_ordered: start of the chain at step i. */
  steps: Array<number | undefined>;
  /** Tumbling windows: the group's latest event, reported with a match found when the window closes. */
  event?: SigmaEvent;
}

/** One saved group, as JSON (`c` names the correlation by its fingerprint). */
interface SavedGroup {
  c: string;
  group: Record<string, string>;
  start: number;
  last: number;
  times: number[];
  values: Array<[string, number]>;
  steps: Array<number | null>;
  event?: SigmaEvent;
}

/** A saved group's identity and value; value null: the group no longer exists. */
export interface CorrelationStateChange {
  key: string;
  value: string | null;
}

export interface CorrelationInput {
  /** Positions (in the correlation's rule list) of the rules this event matched. */
  positions: readonly number[];
  /** Reads a field of the event as a string ('' when absent), after aliases for the matched rule. */
  read(field: string, position: number): string;
  /** The event itself, kept by tumbling windows for the match their closing reports. */
  event?: SigmaEvent;
}

function satisfies(count: number, c: CountCondition): boolean {
  return (
    (c.gt === undefined || count > c.gt) &&
    (c.gte === undefined || count >= c.gte) &&
    (c.lt === undefined || count < c.lt) &&
    (c.lte === undefined || count <= c.lte) &&
    (c.eq === undefined || count === c.eq) &&
    (c.neq === undefined || count !== c.neq)
  );
}

export class CorrelationState {
  readonly correlation: SigmaCorrelation;
  /** Identifies the correlation's definition in saved state: a changed rule does not inherit old groups. */
  readonly fingerprint: string;
  evicted = 0;
  private readonly groups = new Map<string, GroupState>();
  /** Groups changed (or removed) since the last takeChanges(). */
  private readonly dirty = new Set<string>();
  private readonly tumbling: boolean;
  private readonly cap: number;
  private readonly maxGroups: number;

  constructor(correlation: SigmaCorrelation, maxGroups: number, fingerprint = '') {
    this.correlation = correlation;
    this.fingerprint = fingerprint;
    this.maxGroups = maxGroups;
    const c = correlation.condition;
    const counting = correlation.type === 'event_count' || correlation.type === 'value_count';
    this.tumbling =
      counting && (c.lt !== undefined || c.lte !== undefined || c.eq !== undefined || c.neq !== undefined);
    const bounds = Object.values(c).filter((v): v is number => typeof v === 'number');
    this.cap = Math.min(Math.max(1, ...bounds.map((b) => Math.ceil(b))) + 1, 1_000_000);
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** Feeds one event that matched some of the referenced rules; returns the matches it completes. */
  feed(input: CorrelationInput, time: number): CorrelationMatch[] {
    const out = this.expire(time);
    if (input.positions.length === 0) return out;
    const first = input.positions[0] ?? 0;
    const group: Record<string, string> = {};
    for (const field of this.correlation.groupBy) group[field] = input.read(field, first);
    const key = JSON.stringify(this.correlation.groupBy.map((f) => group[f]));
    let state = this.groups.get(key);
    if (!state) {
      state = { group, start: time, last: time, times: [], values: new Map(), steps: [] };
      if (this.groups.size >= this.maxGroups) {
        const oldest = this.groups.keys().next();
        if (!oldest.done) {
          this.groups.delete(oldest.value);
          this.dirty.add(oldest.value);
          this.evicted++;
        }
      }
    } else if (!this.tumbling) this.groups.delete(key); // re-inserted below: Map order = last touched
    this.groups.set(key, state);
    this.dirty.add(key);
    state.last = Math.max(state.last, time);
    if (this.tumbling && input.event !== undefined) state.event = input.event;
    const fired = this.update(state, input, time);
    if (fired) {
      out.push(fired);
      this.groups.delete(key);
    }
    return out;
  }

  /** The groups changed since the last call, as saved state (value null: removed); clears the marks. */
  takeChanges(out: CorrelationStateChange[], keepEvent: (e: SigmaEvent) => SigmaEvent): void {
    for (const key of this.dirty) {
      const state = this.groups.get(key);
      out.push({ key: this.stateKey(key), value: state ? this.save(state, keepEvent) : null });
    }
    this.dirty.clear();
  }

  /** Every group, as saved state. */
  exportAll(out: CorrelationStateChange[], keepEvent: (e: SigmaEvent) => SigmaEvent): void {
    for (const [key, state] of this.groups)
      out.push({ key: this.stateKey(key), value: this.save(state, keepEvent) });
  }

  /** Forgets every group and unsaved change (before a restore). */
  clear(): void {
    this.groups.clear();
    this.dirty.clear();
  }

  /**
   * Takes back saved groups of this correlation (see `parseSaved`), in window order (`expire` relies on
   * it); marks nothing, as they are what is saved.
   */
  restore(saved: readonly SavedGroup[]): void {
    const ordered = [...saved].sort((a, b) => (this.tumbling ? a.start - b.start : a.last - b.last));
    for (const g of ordered) {
      if (this.groups.size >= this.maxGroups) break;
      const key = JSON.stringify(this.correlation.groupBy.map((f) => g.group[f] ?? ''));
      this.groups.set(key, {
        group: g.group,
        start: g.start,
        last: g.last,
        times: g.times,
        values: new Map(g.values),
        steps: g.steps.map((t) => (t === null ? undefined : t)),
        ...(g.event !== undefined ? { event: g.event } : {}),
      });
    }
  }

  /** A saved group's key: bounded (group values can be long) and stable across restarts. */
  private stateKey(groupKey: string): string {
    return `${this.fingerprint}:${createHash('sha1').update(groupKey).digest('base64url')}`;
  }

  private save(state: GroupState, keepEvent: (e: SigmaEvent) => SigmaEvent): string {
    const saved: SavedGroup = {
      c: this.fingerprint,
      group: state.group,
      start: state.start,
      last: state.last,
      times: state.times,
      values: [...state.values],
      steps: Array.from(state.steps, (t) => (t === undefined ? null : t)),
      ...(state.event !== undefined ? { event: keepEvent(state.event) } : {}),
    };
    return JSON.stringify(saved);
  }

  /** Closes every window that ended before `time` (tumbling windows fire here); prunes idle groups. */
  expire(time: number): CorrelationMatch[] {
    const out: CorrelationMatch[] = [];
    const span = this.correlation.timespanMs;
    for (const [key, state] of this.groups) {
      const end = this.tumbling ? state.start + span : state.last + span;
      if (end >= time) break;
      this.groups.delete(key);
      this.dirty.add(key);
      if (this.tumbling) {
        const count = this.correlation.type === 'event_count' ? state.times.length : state.values.size;
        if (satisfies(count, this.correlation.condition))
          out.push(this.result(state, count, state.start, end));
      }
    }
    return out;
  }

  private result(state: GroupState, count: number, windowStart: number, windowEnd: number): CorrelationMatch {
    const c = this.correlation;
    return {
      correlationId: c.id,
      title: c.title,
      level: c.level,
      type: c.type,
      group: state.group,
      count,
      windowStart,
      windowEnd,
      ...(state.event !== undefined ? { event: state.event } : {}),
    };
  }

  private update(state: GroupState, input: CorrelationInput, time: number): CorrelationMatch | null {
    const c = this.correlation;
    const from = time - c.timespanMs;
    switch (c.type) {
      case 'event_count': {
        const times = state.times;
        let i = times.length;
        while (i > 0 && (times[i - 1] ?? 0) > time) i--;
        times.splice(i, 0, time);
        if (!this.tumbling) while (times.length > 0 && (times[0] ?? 0) < from) times.shift();
        if (times.length > this.cap) times.shift();
        if (this.tumbling || !satisfies(times.length, c.condition)) return null;
        return this.result(state, times.length, times[0] ?? time, time);
      }
      case 'value_count': {
        const value = input.read(c.valueField ?? '', input.positions[0] ?? 0);
        if (value === '') return null;
        state.values.delete(value);
        state.values.set(value, time);
        if (!this.tumbling)
          for (const [v, seen] of state.values) {
            if (seen >= from) break;
            state.values.delete(v);
          }
        if (state.values.size > this.cap) {
          const oldest = state.values.keys().next();
          if (!oldest.done) state.values.delete(oldest.value);
        }
        if (this.tumbling || !satisfies(state.values.size, c.condition)) return null;
        const start = Math.min(...state.values.values());
        return this.result(state, state.values.size, start, time);
      }
      case 'temporal': {
        for (const p of input.positions) state.steps[p] = time;
        let seen = 0;
        let start = time;
        for (let p = 0; p < c.rules.length; p++) {
          const t = state.steps[p];
          if (t !== undefined && t >= from) {
            seen++;
            start = Math.min(start, t);
          }
        }
        return satisfies(seen, c.condition) ? this.result(state, seen, start, time) : null;
      }
      case 'temporal_ordered': {
        // Later steps first, so one event never completes two consecutive steps by itself.
        const positions = [...input.positions].sort((a, b) => b - a);
        const last = c.rules.length - 1;
        for (const p of positions) {
          if (p === 0) state.steps[0] = time;
          else {
            const prev = state.steps[p - 1];
            if (prev !== undefined && prev >= from) state.steps[p] = Math.max(state.steps[p] ?? prev, prev);
          }
        }
        const chainStart = state.steps[last];
        return chainStart !== undefined && positions.includes(last)
          ? this.result(state, c.rules.length, chainStart, time)
          : null;
      }
    }
  }
}

/** A saved group's JSON, checked enough to restore it; null when it is not one. */
export function parseSaved(value: string): SavedGroup | null {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const g = v as Partial<SavedGroup>;
  const numbers = (xs: unknown) => Array.isArray(xs) && xs.every((x) => typeof x === 'number');
  if (
    typeof g.c !== 'string' ||
    typeof g.group !== 'object' ||
    g.group === null ||
    typeof g.start !== 'number' ||
    typeof g.last !== 'number' ||
    !numbers(g.times) ||
    !Array.isArray(g.values) ||
    !Array.isArray(g.steps)
  )
    return null;
  return g as SavedGroup;
}

export type { SavedGroup };
