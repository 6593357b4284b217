import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import type { AlertRecorder } from '../event-schema.ts';
import { createParser } from '../parsers/index.ts';
import { createSigmaDetector } from '../rules/sigma-detector.ts';
import { createIngestService } from './ingest.service.ts';
import { insertSource } from './ingest.test-support.ts';

// Sigma correlation windows survive a restart: their state is saved with the pipeline's checkpoint, so a
// burst whose events straddle a restart still fires exactly once, and a batch whose transaction failed is
// not counted twice when it is read again.

let ctx: TestContext;
let w: NoticeWorld;
let sourceId: number;
const CORRELATION = 'c0a1e1a7-0000-4000-8000-00000000c0a1';
const FEW = 'c0a1e1a7-0000-4000-8000-00000000c0a2';

const RULES = `title: Failed sign-in
name: signin_failed
id: c0a1e1a7-0000-4000-8000-0000000000f1
level: low
logsource:
  category: authentication
detection:
  selection:
    event.outcome: failure
  condition: selection
---
title: Failed sign-in (reported)
id: c0a1e1a7-0000-4000-8000-0000000000f2
level: low
logsource:
  category: authentication
detection:
  selection:
    event.outcome: failure
  condition: selection
---
title: Password guessing from one address
id: ${CORRELATION}
level: high
correlation:
  type: event_count
  rules: [signin_failed]
  group-by: [source.ip]
  timespan: 10m
  condition:
    gte: 6
---
title: A few failed sign-ins, then quiet
id: ${FEW}
level: medium
correlation:
  type: event_count
  rules: [signin_failed]
  group-by: [source.ip]
  timespan: 5m
  condition:
    lte: 2
`;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  sourceId = await insertSource(ctx, {
    name: 'VPN gateway',
    kind: 'ndjson',
    unitId: w.unitA.id,
    transport: 'http',
  });
  await ctx.services.rules.create(systemActor(), { yaml: RULES });
});
afterAll(async () => {
  await ctx?.close();
});

/** One process: its own Sigma detector (empty windows until restored) and pipeline over the same journal. */
function startProcess(journalName: string, recorder: AlertRecorder = ctx.services.alerts.recorder) {
  const sigma = createSigmaDetector(ctx.services.database.db);
  const ingest = createIngestService({
    db: ctx.services.database.db,
    dataDir: ctx.dataDir,
    config: { ...ctx.config.ingest, role: false },
    detectors: [sigma],
    recorder,
    parserFor: createParser,
    reportFinding: async () => undefined,
    now: () => ctx.clock.now(),
    journalName,
  });
  return { sigma, ingest };
}

const base = Date.now() - 30 * 60_000;
/** Failed sign-ins from `ip`, one a minute from minute `from` (event times; received now). */
const failures = (ip: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    sourceId,
    receivedAt: Date.now(),
    data: JSON.stringify({
      '@timestamp': new Date(base + (from + i) * 60_000).toISOString(),
      logsource: { category: 'authentication' },
      event: { outcome: 'failure' },
      source: { ip },
      user: { name: `user${i}` },
    }),
  }));

async function feed(p: ReturnType<typeof startProcess>, entries: ReturnType<typeof failures>) {
  const rt = await p.ingest.runtime();
  await rt.journal.append(entries);
  await p.ingest.drain();
}

const correlationAlerts = (ip: string, rule = CORRELATION) =>
  ctx.services.database.db
    .selectFrom('alerts')
    .select(['count', 'group_key', 'level', 'unit_id', 'source_id'])
    .where('kind', '=', 'sigma_correlation')
    .where('rule_key', '=', rule)
    .where('group_key', '=', `source.ip=${ip}`)
    .execute();

describe('correlation windows across a restart', () => {
  it('fires once for a burst whose events straddle a restart', async () => {
    const ip = '203.0.113.50';
    const first = startProcess('restart');
    await first.sigma.refresh();
    await feed(first, failures(ip, 0, 3));
    expect(await correlationAlerts(ip)).toEqual([]);
    await first.ingest.stop();

    // The new process restores before its detector has compiled the rules (the pipeline may start first).
    const second = startProcess('restart');
    await second.ingest.runtime();
    await second.sigma.refresh();
    await feed(second, failures(ip, 3, 2));
    expect(await correlationAlerts(ip)).toEqual([]); // 5 of 6
    await second.ingest.stop();

    const third = startProcess('restart');
    await third.sigma.refresh();
    await feed(third, failures(ip, 5, 1));
    expect(await correlationAlerts(ip)).toEqual([
      { count: 1, group_key: `source.ip=${ip}`, level: 'high', unit_id: w.unitA.id, source_id: sourceId },
    ]);
    // The group started afresh after firing: more failures (within the window) do not fire again.
    await feed(third, failures(ip, 6, 4));
    await third.ingest.stop();
    const fourth = startProcess('restart');
    await fourth.sigma.refresh();
    await feed(fourth, failures(ip, 10, 1));
    expect(await correlationAlerts(ip)).toHaveLength(1);
    await fourth.ingest.stop();
  });

  it('keeps each journal’s windows apart', async () => {
    const ip = '203.0.113.51';
    const api = startProcess('api-like');
    const ingest = startProcess('ingest-like');
    await api.sigma.refresh();
    await ingest.sigma.refresh();
    await feed(api, failures(ip, 0, 3));
    await feed(ingest, failures(ip, 0, 3));
    await api.ingest.stop();
    await ingest.ingest.stop();
    const again = startProcess('api-like');
    await again.sigma.refresh();
    await feed(again, failures(ip, 3, 2));
    // 5 in this journal's window: the other process's 3 are its own.
    expect(await correlationAlerts(ip)).toEqual([]);
    await feed(again, failures(ip, 5, 1));
    expect(await correlationAlerts(ip)).toHaveLength(1);
    await again.ingest.stop();
  });

  it('does not count a batch twice when its transaction failed and it is read again', async () => {
    const ip = '203.0.113.52';
    let failNext = true;
    const flaky: AlertRecorder = {
      async record(trx, detections, now) {
        if (failNext) {
          failNext = false;
          throw new Error('database went away');
        }
        await ctx.services.alerts.recorder.record(trx, detections, now);
      },
    };
    const p = startProcess('retry', flaky);
    await p.sigma.refresh();
    const rt = await p.ingest.runtime();
    // The batch's transaction fails (the reported rule gives the recorder detections): the retry must
    // count 5 failures, not 10.
    await rt.journal.append(failures(ip, 0, 5));
    await expect(p.ingest.drain()).rejects.toThrow(/went away/);
    await p.ingest.drain();
    expect(await correlationAlerts(ip)).toEqual([]);
    await feed(p, failures(ip, 5, 1));
    expect(await correlationAlerts(ip)).toHaveLength(1);
    await p.ingest.stop();
  });

  it('judges a window that closes after a restart, for the unit of the events it saw before', async () => {
    const ip = '203.0.113.53';
    const first = startProcess('tumbling');
    await first.sigma.refresh();
    await feed(first, failures(ip, 0, 2));
    await first.ingest.stop();
    const second = startProcess('tumbling');
    await second.sigma.refresh();
    // A later event (another address) moves event time past the window's end: it is judged now.
    await feed(second, failures('198.51.100.200', 20, 1));
    expect(await correlationAlerts(ip, FEW)).toEqual([
      { count: 1, group_key: `source.ip=${ip}`, level: 'medium', unit_id: w.unitA.id, source_id: sourceId },
    ]);
    await second.ingest.stop();
  });
});
