import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource } from './ingest.test-support.ts';

// Memory under a deep journal lag: the ingest process (the durability fixture) starts with its pipeline
// paused while a sender floods it over TCP, so the journal fills up to where TCP must stop reading; then
// the pipeline drains it. The process's RSS must not grow with the lag: what is held in memory is the
// unwritten tail of the journal (a few MiB) and one batch at a time, never the lag itself. It used to
// reach 1 GB at a lag of 434,000 records: unwritten records were held as objects up to the lag limit, and
// SQLite statements for every row count of a multi-row insert were cached and churned (native memory).

const FIXTURE = path.join(import.meta.dirname, 'ingest-durability.fixture.ts');
const MAX_LAG = 300_000;
/** TCP stops reading at 3/4 of the limit (ingest.service.ts). */
const DEEP = MAX_LAG * 0.7;
/**
 * RSS the process may add over its idle size while the lag is deep and while it drains: the V8 heap of a
 * pipeline working flat out, the receiver thread's, SQLite's; measured about 260 MB on SQLite. Before the
 * statement cache was bounded by text length it added 310-370 MB here, and in the ingest benchmark kept
 * growing with the run.
 */
const RSS_GROWTH_MB = 350;
/** Bytes appended and not yet fsynced, at most: TCP stops at 4 MiB; one hand-over batch may be on top. */
const PENDING_MAX = 4 * 1024 * 1024 + 2 * 1024 * 1024;
const PAD = 'x'.repeat(150);

let ctx: TestContext;
let w: NoticeWorld;
let sourceId: number;
let child: ChildProcess | null = null;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  sourceId = await insertSource(ctx, {
    name: 'Flooding TCP',
    kind: 'ndjson',
    unitId: w.unitA.id,
    transport: 'syslog_tcp',
    allowedSenders: ['127.0.0.1'],
  });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await ctx?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest memory under a deep lag', () => {
  it('keeps RSS flat while the journal lag grows to its limit and while it drains', async () => {
    const proc = spawn(process.execPath, [FIXTURE], {
      env: {
        ...process.env,
        FIX_DATABASE_URL: ctx.config.databaseUrl ?? '',
        FIX_SQLITE_PATH: ctx.config.sqlitePath,
        FIX_DATA_DIR: ctx.dataDir,
        FIX_MAX_LAG: String(MAX_LAG),
        FIX_PIPELINE_PAUSED: '1',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child = proc;
    const pos = { appended: 0, processed: 0, pending: 0, rss: 0, heap: 0, heapTotal: 0, external: 0 };
    let peak = { rss: 0, pending: 0, at: { ...pos } };
    let tcp = 0;
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ingest child did not start')), 90_000);
      lines.on('line', (line) => {
        const m = JSON.parse(line) as Partial<typeof pos> & { ready?: boolean; tcp?: number };
        if (m.ready && m.tcp) {
          tcp = m.tcp;
          clearTimeout(timer);
          resolve();
        } else if (m.rss !== undefined) {
          Object.assign(pos, m);
          if (pos.rss > peak.rss) peak.at = { ...pos };
          peak = {
            rss: Math.max(peak.rss, pos.rss),
            pending: Math.max(peak.pending, pos.pending),
            at: peak.at,
          };
        }
      });
    });
    await sleep(500);
    const idleRss = pos.rss;
    peak = { rss: 0, pending: 0, at: { ...pos } };

    const socket = net.connect(tcp, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let sent = 0;
    let stop = false;
    const pump = (async () => {
      while (!stop) {
        let chunk = '';
        for (let i = 0; i < 200; i++) chunk += `${JSON.stringify({ message: `m=${++sent} ${PAD}` })}\n`;
        if (!socket.write(chunk)) {
          await new Promise<void>((r) => {
            const go = () => {
              socket.off('drain', go);
              socket.off('close', go);
              r();
            };
            socket.on('drain', go);
            socket.on('close', go);
          });
        }
      }
    })();
    const deadline = Date.now() + 90_000;
    while (pos.appended - pos.processed < DEEP && Date.now() < deadline) await sleep(20);
    const deepLag = pos.appended - pos.processed;
    // The sender keeps pushing against a full journal for a while.
    await sleep(2000);
    const rssAtDepth = peak.rss;
    // Resume first: the sender waits for the socket to drain, which needs the journal to make room.
    proc.stdin?.write('resume\n');
    stop = true;
    await pump;
    await new Promise<void>((r) => socket.end(() => r()));
    const drained = Date.now() + 180_000;
    while (pos.processed < sent && Date.now() < drained) await sleep(50);
    proc.kill('SIGKILL');

    const mb = (n: number) => Math.round(n / 1024 / 1024);
    console.log(
      `lag memory: ${sent} sent, lag ${deepLag} records (${mb(deepLag * 190)} MB of journal); RSS idle ${mb(idleRss)} MB, at depth ${mb(rssAtDepth)} MB, peak while draining ${mb(peak.rss)} MB; unwritten journal at most ${mb(peak.pending)} MB; at the peak the JS heap used ${mb(peak.at.heap)} of ${mb(peak.at.heapTotal)} MB, external ${mb(peak.at.external)} MB`,
    );
    expect(deepLag).toBeGreaterThanOrEqual(DEEP);
    expect(pos.processed).toBe(sent);
    const stored = await ctx.services.database.db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(sent);
    expect(peak.pending).toBeLessThanOrEqual(PENDING_MAX);
    expect(mb(peak.rss - idleRss)).toBeLessThan(RSS_GROWTH_MB);
  }, 400_000);
});
