import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorrelationStateChange } from './sigma-correlation.ts';
import { createSigmaEngine, type SigmaEngine } from './sigma-engine.ts';
import { loadRuleText } from './sigma-loader.ts';
import { CORRELATION_BASE, correlationDoc, engineFor, MIN } from './sigma-test-helpers.ts';
import type { CorrelationMatch, SigmaEvent } from './sigma-types.ts';

// Correlation state saved after each batch and restored into a new engine (a process restart) gives the
// same matches as one engine that never stopped: for every correlation type, sliding and tumbling windows.

const correlations: Record<string, string> = {
  burst: 'type: event_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 5m\ncondition:\n  gte: 3',
  quiet: 'type: event_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 2m\ncondition:\n  lt: 2',
  spray:
    'type: value_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 10m\ncondition:\n  field: user\n  gte: 3',
  takeover: 'type: temporal\nrules: [failed, success]\ngroup-by: [ip]\ntimespan: 5m',
  exfil: 'type: temporal_ordered\nrules: [failed, success, download]\ngroup-by: [ip]\ntimespan: 5m',
};
const YAML =
  CORRELATION_BASE +
  Object.entries(correlations)
    .map(([id, body]) => correlationDoc(body, { id, title: id }))
    .join('');

const LOADED = loadRuleText(YAML, 'test.yml');
const fresh = () => createSigmaEngine({ rules: LOADED });

/** A saved-state table, as the ingest pipeline keeps it in the database. */
class Table {
  readonly rows = new Map<string, string>();
  apply(changes: readonly CorrelationStateChange[]): void {
    for (const c of changes) {
      if (c.value === null) this.rows.delete(c.key);
      else this.rows.set(c.key, c.value);
    }
  }
  saved(): CorrelationStateChange[] {
    return [...this.rows].map(([key, value]) => ({ key, value }));
  }
}

type Timed = { event: SigmaEvent; time: number };

/** Runs batches like the pipeline (correlate each event, then flush at the batch's latest time). */
function runBatch(engine: SigmaEngine, batch: readonly Timed[]): CorrelationMatch[] {
  const out: CorrelationMatch[] = [];
  let latest = 0;
  for (const { event, time } of batch) {
    out.push(...engine.correlate(event, time));
    latest = Math.max(latest, time);
  }
  if (batch.length > 0) out.push(...engine.flush(latest));
  return out;
}

const arbitraryEvent = fc.record({
  kind: fc.constantFrom('failure', 'success', 'download'),
  ip: fc.constantFrom('a', 'b', 'c'),
  user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
  step: fc.integer({ min: 0, max: 3 * MIN }),
});

describe('correlation state across restarts', () => {
  it('restored state gives the same matches as an engine that never stopped', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbitraryEvent, { maxLength: 12 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (batches, restarts) => {
          let time = 0;
          const timed = batches.map((b) =>
            b.map((e) => {
              time += e.step;
              const event: SigmaEvent =
                e.kind === 'download'
                  ? { action: 'download', ip: e.ip, user: e.user }
                  : { outcome: e.kind, ip: e.ip, user: e.user };
              return { event, time };
            }),
          );
          const steady = fresh();
          expect(steady.unsupported).toEqual([]);
          const expected = timed.map((b) => runBatch(steady, b));

          const table = new Table();
          let engine = fresh();
          const actual = timed.map((b, i) => {
            if (restarts[i]) {
              engine = fresh();
              engine.restoreState(table.saved());
            }
            const out = runBatch(engine, b);
            table.apply(engine.takeStateChanges());
            return out;
          });
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('saves only the groups a batch changed, and removes fired and expired ones', () => {
    const engine = engineFor(YAML);
    const table = new Table();
    runBatch(engine, [{ event: { outcome: 'failure', ip: 'a', user: 'u1' }, time: 0 }]);
    const first = engine.takeStateChanges();
    // burst, quiet (tumbling) and spray for ip a; takeover and exfil take the failure as their first step.
    expect(first.map((c) => c.value !== null)).toEqual([true, true, true, true, true]);
    table.apply(first);
    expect(engine.takeStateChanges()).toEqual([]); // nothing changed since
    runBatch(engine, [
      { event: { outcome: 'failure', ip: 'a', user: 'u2' }, time: 1000 },
      { event: { outcome: 'failure', ip: 'a', user: 'u3' }, time: 2000 },
    ]);
    const second = engine.takeStateChanges();
    table.apply(second);
    // burst fired (3 failures) and spray fired (3 users): their groups are removed; the other three changed.
    expect(second.map((c) => c.value === null).sort()).toEqual([false, false, false, true, true]);
    expect(table.rows.size).toBe(3);
    // Twenty minutes later every window has passed: the flush removes the groups from the saved state too.
    const closed = engine.flush(20 * MIN);
    expect(closed.map((m) => m.correlationId)).toEqual([]); // three failures are not fewer than two
    table.apply(engine.takeStateChanges());
    expect(table.rows.size).toBe(0);
  });

  it('drops saved groups of a correlation that changed or is gone, and reports them removed', () => {
    const table = new Table();
    const before = engineFor(YAML);
    runBatch(before, [{ event: { outcome: 'failure', ip: 'a', user: 'u1' }, time: 0 }]);
    table.apply(before.takeStateChanges());
    expect(table.rows.size).toBe(5);
    // The burst threshold changes and the spray correlation is removed.
    const changed = YAML.replace(
      'timespan: 5m\n  condition:\n    gte: 3',
      'timespan: 5m\n  condition:\n    gte: 4',
    ).replace(/---\ntitle: spray[\s\S]*?(?=---)/, '');
    const after = engineFor(changed);
    expect(after.unsupported).toEqual([]);
    after.restoreState([...table.saved(), { key: 'garbage', value: '{not json' }]);
    const removed = after.takeStateChanges();
    expect(removed.every((c) => c.value === null)).toBe(true);
    expect(removed).toHaveLength(3); // burst (redefined), spray (gone), and the unreadable row
    table.apply(removed);
    expect(table.rows.size).toBe(3); // quiet, takeover and exfil carry on
    // The restored takeover group still completes: failure at 0 (before the restart), success now.
    expect(after.correlate({ outcome: 'success', ip: 'a' }, MIN).map((m) => m.correlationId)).toEqual([
      'takeover',
    ]);
  });

  it('keeps what the caller chooses of a tumbling window’s event, and reports it when the window closes', () => {
    const table = new Table();
    const slim = (e: SigmaEvent) => ({ ...e, bulky: undefined });
    const first = engineFor(YAML, { stateEvent: slim });
    runBatch(first, [
      { event: { outcome: 'failure', ip: 'q', user: 'u1', bulky: 'x'.repeat(1000) }, time: 0 },
    ]);
    table.apply(first.takeStateChanges());
    expect([...table.rows.values()].join('')).not.toContain('xxxx');
    const second = engineFor(YAML, { stateEvent: slim });
    second.restoreState(table.saved());
    const [closed] = second.flush(3 * MIN);
    expect(closed).toMatchObject({
      correlationId: 'quiet',
      count: 1,
      event: { outcome: 'failure', ip: 'q' },
    });
  });
});
