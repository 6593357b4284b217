import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { checkDropRates } from './drop-alarm.ts';
import { insertSource, tableRecorder, testIngest } from './ingest.test-support.ts';

// The file tail input (rotation, truncation, restart without duplicates) and the drop-rate finding.

let ctx: TestContext;
let w: NoticeWorld;
const dir = mkdtempSync(path.join(tmpdir(), 'sw-tail-'));

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const lines = (from: number, n: number, tag = 'line') =>
  `${Array.from({ length: n }, (_, i) => JSON.stringify({ message: `${tag} ${from + i}` })).join('\n')}\n`;

async function messages(sourceId: number): Promise<string[]> {
  const rows = await ctx.services.database.db
    .selectFrom('raw_events')
    .select('message')
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.message ?? '');
}

describe('file tail input', () => {
  it('follows a file through appends, a partial line, rotation, truncation and a restart, exactly once', async () => {
    const file = path.join(dir, 'app.log');
    writeFileSync(file, lines(1, 3));
    const sourceId = await insertSource(ctx, {
      name: 'app log',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'file',
      filePath: file,
    });
    const recorder = await tableRecorder(ctx.services.database.db);
    let t = await testIngest(ctx, {}, recorder, 'tail');
    await t.ingest.start({ listen: true, ports: { udp: null, tcp: null, tls: null }, tailPollMs: 3_600_000 });
    const step = async () => {
      await t.ingest.pollTails();
      await t.ingest.drain();
    };
    await step();
    expect(await messages(sourceId)).toEqual(['line 1', 'line 2', 'line 3']);

    // A line without its newline waits for the rest.
    appendFileSync(file, '{"message":"line 4"}\n{"message":"li');
    await step();
    expect((await messages(sourceId)).at(-1)).toBe('line 4');
    appendFileSync(file, 'ne 5"}\n');
    await step();
    expect((await messages(sourceId)).at(-1)).toBe('line 5');

    // Rotation: the old file gets a last line, is renamed, and a new file starts.
    appendFileSync(file, lines(6, 1));
    renameSync(file, `${file}.1`);
    writeFileSync(file, lines(7, 2));
    await step();
    await step();
    expect((await messages(sourceId)).slice(5)).toEqual(['line 6', 'line 7', 'line 8']);

    // Restart: nothing is read twice, and what was appended meanwhile is read once.
    await t.ingest.stop();
    appendFileSync(file, lines(9, 1));
    t = await testIngest(ctx, {}, recorder, 'tail');
    await t.ingest.start({ listen: true, ports: { udp: null, tcp: null, tls: null }, tailPollMs: 3_600_000 });
    await step();
    expect((await messages(sourceId)).slice(8)).toEqual(['line 9']);

    // Truncation in place (copytruncate): read again from the start.
    truncateSync(file, 0);
    appendFileSync(file, lines(10, 1));
    await step();
    expect((await messages(sourceId)).slice(9)).toEqual(['line 10']);
    const all = await messages(sourceId);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(10);
    await t.ingest.stop();
  });
});

describe('drop accounting', () => {
  it('writes drops per minute and raises one finding per source per day above the threshold', async () => {
    const sourceId = await insertSource(ctx, {
      name: 'Busy UDP',
      kind: 'syslog',
      unitId: w.unitA.id,
      transport: 'syslog_udp',
      allowedSenders: ['192.0.2.0/24'],
    });
    const quiet = await insertSource(ctx, {
      name: 'Quiet UDP',
      kind: 'syslog',
      unitId: w.unitA.id,
      transport: 'syslog_udp',
      allowedSenders: ['198.51.100.0/24'],
    });
    const t = await testIngest(ctx, {}, undefined, 'drops');
    await t.ingest.directory.refresh();
    t.ingest.accounting.drop(sourceId, 40);
    t.ingest.accounting.drop(quiet, 2);
    await t.ingest.accounting.flush();
    const detail = await ctx.services.eventSources.get(systemActor(), sourceId);
    expect(detail.lastHour.dropped).toBe(40);

    const options = { thresholdPercent: 1, windowMinutes: 5, minDropped: 10 };
    const made = await checkDropRates(
      ctx.services.database.db,
      t.ingest.directory,
      (r) => ctx.services.findings.report(systemActor(), r),
      options,
      ctx.clock.now(),
    );
    expect(made.map((r) => r.evidence.sourceId)).toEqual([sourceId]);
    await checkDropRates(
      ctx.services.database.db,
      t.ingest.directory,
      (r) => ctx.services.findings.report(systemActor(), r),
      options,
      ctx.clock.now(),
    );
    const findings = await ctx.services.database.db
      .selectFrom('findings')
      .selectAll()
      .where('source', '=', 'events')
      .execute();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ detector: 'ingest_drops', unit_id: w.unitA.id });
    await t.ingest.stop();
  });
});
