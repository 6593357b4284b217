import { describe, expect, it } from 'vitest';
import { CORRELATION_BASE, correlationYaml, engineFor, MIN } from './sigma-test-helpers.ts';

const failed = (ip: string, user = 'u') => ({ outcome: 'failure', ip, user });

describe('event_count', () => {
  const yaml = correlationYaml(
    'type: event_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 5m\ncondition:\n  gte: 3',
  );

  it('fires when the count is reached inside the timespan, once per burst', () => {
    const engine = engineFor(yaml);
    expect(engine.unsupported).toEqual([]);
    expect(engine.correlate(failed('1.1.1.1'), 0)).toEqual([]);
    expect(engine.correlate(failed('1.1.1.1'), MIN)).toEqual([]);
    const [hit, ...rest] = engine.correlate(failed('1.1.1.1'), 2 * MIN);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      correlationId: 'corr',
      type: 'event_count',
      group: { ip: '1.1.1.1' },
      count: 3,
    });
    expect(hit?.windowStart).toBe(0);
    // the group starts afresh after firing
    expect(engine.correlate(failed('1.1.1.1'), 2 * MIN + 1)).toEqual([]);
  });
  it('does not count events that fell out of the sliding window', () => {
    const engine = engineFor(yaml);
    engine.correlate(failed('1.1.1.1'), 0);
    engine.correlate(failed('1.1.1.1'), 4 * MIN);
    expect(engine.correlate(failed('1.1.1.1'), 6 * MIN)).toEqual([]); // the first is 6 min old
    expect(engine.correlate(failed('1.1.1.1'), 7 * MIN)).toHaveLength(1); // 4, 6, 7 within 5 min
  });
  it('counts per group-by value', () => {
    const engine = engineFor(yaml);
    for (const t of [0, 1, 2]) expect(engine.correlate(failed(`10.0.0.${t}`), t * 1000)).toEqual([]);
    engine.correlate(failed('10.0.0.9'), 3000);
    engine.correlate(failed('10.0.0.9'), 4000);
    expect(engine.correlate(failed('10.0.0.9'), 5000).map((m) => m.group)).toEqual([{ ip: '10.0.0.9' }]);
  });
  it('ignores events of other rules and suppresses the base rule (generate: false)', () => {
    const engine = engineFor(yaml);
    expect(engine.match(failed('1.1.1.1'))).toEqual([]);
    expect(engine.match({ outcome: 'success' }).map((m) => m.title)).toEqual(['success login']);
    for (let i = 0; i < 5; i++)
      expect(engine.correlate({ outcome: 'success', ip: '1.1.1.1' }, i)).toEqual([]);
  });
  it('generate: true keeps the base rule reporting', () => {
    const engine = engineFor(yaml.replace('correlation:\n', 'correlation:\n  generate: true\n'));
    expect(engine.match(failed('1.1.1.1')).map((m) => m.ruleId)).toEqual(['base-failed']);
  });
  it('an upper bound is judged when the window closes', () => {
    const engine = engineFor(
      correlationYaml(
        'type: event_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 1m\ncondition:\n  lt: 3',
      ),
    );
    expect(engine.correlate(failed('a'), 0)).toEqual([]);
    expect(engine.correlate(failed('a'), 1000)).toEqual([]);
    const closed = engine.flush(2 * MIN);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ count: 2, group: { ip: 'a' } });
    engine.correlate(failed('b'), 3 * MIN);
    engine.correlate(failed('b'), 3 * MIN + 1);
    engine.correlate(failed('b'), 3 * MIN + 2);
    expect(engine.flush(5 * MIN)).toEqual([]); // three is not fewer than three
  });
  it('keeps memory bounded: the oldest group is evicted beyond the limit', () => {
    const engine = engineFor(yaml, { maxGroupsPerCorrelation: 100 });
    for (let i = 0; i < 1000; i++) engine.correlate(failed(`ip${i}`), i);
    expect(engine.stats.groupsEvicted).toBe(900);
  });
});

describe('value_count', () => {
  const yaml = correlationYaml(
    'type: value_count\nrules: [failed]\ngroup-by: [ip]\ntimespan: 10m\ncondition:\n  field: user\n  gte: 3',
  );
  it('counts distinct values, not events', () => {
    const engine = engineFor(yaml);
    expect(engine.correlate(failed('x', 'alice'), 0)).toEqual([]);
    expect(engine.correlate(failed('x', 'alice'), 1)).toEqual([]);
    expect(engine.correlate(failed('x', 'bob'), 2)).toEqual([]);
    expect(engine.correlate(failed('x', 'bob'), 3)).toEqual([]);
    const [hit] = engine.correlate(failed('x', 'carol'), 4);
    expect(hit).toMatchObject({ type: 'value_count', count: 3, group: { ip: 'x' } });
  });
  it('forgets values seen before the timespan', () => {
    const engine = engineFor(yaml);
    engine.correlate(failed('x', 'alice'), 0);
    engine.correlate(failed('x', 'bob'), 9 * MIN);
    expect(engine.correlate(failed('x', 'carol'), 11 * MIN)).toEqual([]);
    expect(engine.correlate(failed('x', 'alice'), 12 * MIN)).toHaveLength(1);
  });
});

describe('temporal', () => {
  const yaml = correlationYaml('type: temporal\nrules: [failed, success]\ngroup-by: [ip]\ntimespan: 5m');
  it('fires when every rule matched within the timespan, in any order', () => {
    const engine = engineFor(yaml);
    expect(engine.correlate({ outcome: 'success', ip: 'a' }, 0)).toEqual([]);
    expect(engine.correlate({ outcome: 'failure', ip: 'a' }, MIN)).toHaveLength(1);
  });
  it('does not fire when they are too far apart or in different groups', () => {
    const engine = engineFor(yaml);
    engine.correlate({ outcome: 'failure', ip: 'a' }, 0);
    expect(engine.correlate({ outcome: 'success', ip: 'a' }, 6 * MIN)).toEqual([]);
    expect(engine.correlate({ outcome: 'failure', ip: 'b' }, 6 * MIN + 1)).toEqual([]);
  });
});

describe('temporal_ordered', () => {
  const yaml = correlationYaml(
    'type: temporal_ordered\nrules: [failed, success, download]\ngroup-by: [ip]\ntimespan: 5m',
  );
  it('fires only when the rules matched in the listed order', () => {
    const engine = engineFor(yaml);
    engine.correlate({ outcome: 'failure', ip: 'a' }, 0);
    engine.correlate({ outcome: 'success', ip: 'a' }, 1000);
    const [hit] = engine.correlate({ action: 'download', ip: 'a' }, 2000);
    expect(hit).toMatchObject({ type: 'temporal_ordered', windowStart: 0, windowEnd: 2000 });
  });
  it('ignores the sequence out of order or outside the timespan', () => {
    const engine = engineFor(yaml);
    engine.correlate({ outcome: 'success', ip: 'a' }, 0);
    engine.correlate({ outcome: 'failure', ip: 'a' }, 1000);
    expect(engine.correlate({ action: 'download', ip: 'a' }, 2000)).toEqual([]);
    engine.correlate({ outcome: 'failure', ip: 'b' }, 0);
    engine.correlate({ outcome: 'success', ip: 'b' }, 4 * MIN);
    expect(engine.correlate({ action: 'download', ip: 'b' }, 6 * MIN)).toEqual([]);
  });
});

describe('correlation loading', () => {
  it('uses aliases to group rules whose events name the field differently', () => {
    const yaml = `${CORRELATION_BASE}---\ntitle: c\ncorrelation:\n  type: temporal\n  rules: [failed, download]\n  group-by: [host]\n  timespan: 1m\n  aliases:\n    host:\n      failed: src\n      download: dst\n`;
    const engine = engineFor(yaml);
    engine.correlate({ outcome: 'failure', src: 'h1' }, 0);
    expect(engine.correlate({ action: 'download', dst: 'h2' }, 1)).toEqual([]);
    expect(engine.correlate({ action: 'download', dst: 'h1' }, 2)[0]?.group).toEqual({ host: 'h1' });
  });
  it('reports a correlation that references a rule that is not loaded, or is malformed', () => {
    const engine = engineFor(
      `${CORRELATION_BASE}---\ntitle: c1\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 1m\n  condition:\n    gte: 2\n---\ntitle: c2\ncorrelation:\n  type: event_count\n  rules: [failed]\n  timespan: 5 minutes\n  condition:\n    gte: 2\n---\ntitle: c3\ncorrelation:\n  type: sometimes\n  rules: [failed]\n  timespan: 1m\n`,
    );
    const reasons = engine.unsupported.map((u) => `${u.title}: ${u.reason}`);
    expect(reasons).toHaveLength(3);
    expect(reasons.find((r) => r.startsWith('c1'))).toMatch(/not loaded: nope/);
    expect(reasons.find((r) => r.startsWith('c2'))).toMatch(/timespan/);
    expect(reasons.find((r) => r.startsWith('c3'))).toMatch(/correlation type/);
  });
});
