import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource } from './ingest.test-support.ts';

// kill -9 the ingest process while a sender streams over TCP; after a restart every record the journal
// had made durable is in the raw store exactly once, and its detections are recorded exactly once.

const FIXTURE = path.join(import.meta.dirname, 'ingest-durability.fixture.ts');
let ctx: TestContext;
let w: NoticeWorld;
let sourceId: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  sourceId = await insertSource(ctx, {
    name: 'Durable TCP',
    kind: 'ndjson',
    unitId: w.unitA.id,
    transport: 'syslog_tcp',
    allowedSenders: ['127.0.0.1'],
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await ctx?.close();
});

interface Child {
  proc: ChildProcess;
  tcp: number;
  /** The latest reported journal position. */
  pos: { durable: number; processed: number };
  exited: Promise<void>;
}

async function startChild(): Promise<Child> {
  const proc = spawn(process.execPath, [FIXTURE], {
    env: {
      ...process.env,
      FIX_DATABASE_URL: ctx.config.databaseUrl ?? '',
      FIX_SQLITE_PATH: ctx.config.sqlitePath,
      FIX_DATA_DIR: ctx.dataDir,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const child: Child = { proc, tcp: 0, pos: { durable: 0, processed: 0 }, exited };
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ingest child did not start')), 90_000);
    lines.on('line', (line) => {
      const m = JSON.parse(line) as { ready?: boolean; tcp?: number; durable?: number; processed?: number };
      if (m.ready && m.tcp) {
        child.tcp = m.tcp;
        clearTimeout(timer);
        resolve();
      } else if (m.durable !== undefined && m.processed !== undefined) {
        child.pos = { durable: m.durable, processed: m.processed };
      }
    });
  });
  return child;
}

const message = (n: number) => `${JSON.stringify({ message: `n=${n}${n % 10 === 0 ? ' ALERT' : ''}` })}\n`;

describe('ingest durability', () => {
  it('loses and duplicates nothing journaled when the process is killed under load', async () => {
    const first = await startChild();
    const socket = net.connect(first.tcp, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.on('error', () => {});
    let sent = 0;
    let stop = false;
    // Stream as fast as the socket takes it (the listener pauses reading when its queue is full).
    const pump = (async () => {
      while (!stop) {
        let chunk = '';
        for (let i = 0; i < 200; i++) chunk += message(++sent);
        if (!socket.write(chunk)) {
          await new Promise<void>((r) => {
            socket.once('drain', () => r());
            socket.once('close', () => r());
          });
        }
        if (socket.destroyed) break;
      }
    })();
    const until = Date.now() + 60_000;
    while (first.pos.durable < 20_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    const durableBeforeKill = first.pos.durable;
    first.proc.kill('SIGKILL');
    await first.exited;
    stop = true;
    socket.destroy();
    await pump.catch(() => {});
    expect(durableBeforeKill).toBeGreaterThanOrEqual(20_000);

    const second = await startChild();
    const caughtUp = Date.now() + 60_000;
    while (Date.now() < caughtUp) {
      if (second.pos.durable > 0 && second.pos.processed === second.pos.durable) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    second.proc.kill('SIGKILL');
    await second.exited;
    expect(second.pos.processed).toBe(second.pos.durable);

    const rows = await ctx.services.database.db
      .selectFrom('raw_events')
      .select('message')
      .where('source_id', '=', sourceId)
      .execute();
    const ns = rows.map((r) => Number(/n=(\d+)/.exec(r.message ?? '')?.[1]));
    const unique = new Set(ns);
    expect(unique.size).toBe(ns.length);
    // One connection keeps its order: what was journaled is exactly 1..K.
    const k = ns.reduce((a, b) => (b > a ? b : a), 0);
    expect(ns.length).toBe(k);
    expect(k).toBeGreaterThanOrEqual(durableBeforeKill);
    expect(k).toBe(second.pos.durable);
    const detections = await sql<{ message: string }>`select message from test_detections`.execute(
      ctx.services.database.db,
    );
    const alerted = detections.rows.map((r) => r.message);
    expect(new Set(alerted).size).toBe(alerted.length);
    expect(alerted.length).toBe(Math.floor(k / 10));
    console.log(
      `durability: ${sent} sent, ${durableBeforeKill} durable at kill -9, ${k} journaled and stored once, ${alerted.length} detections once`,
    );
  }, 300_000);
});
