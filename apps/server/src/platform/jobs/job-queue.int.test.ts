import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { nowIso } from '../db/database.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './job-queue.ts';

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`job queue (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  const bossSchema = `pgboss_t_${randomBytes(5).toString('hex')}`;
  const open: JobQueue[] = [];

  function newQueue(extra: JobQueueOptions = {}): JobQueue {
    const q = createJobQueue(ctx.config, ctx.services.database, {
      pgBossSchema: bossSchema,
      retryDelaySeconds: 0,
      pollSeconds: 0.5,
      onError: () => {},
      ...extra,
    });
    open.push(q);
    return q;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    for (const q of open.splice(0)) await q.stop();
  });
  afterAll(async () => {
    await ctx.close();
    if (ctx.dialect === 'postgres') {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${bossSchema} cascade`);
      await c.end();
    }
  });

  it('runs a sent job with its data', async () => {
    const q = newQueue();
    const seen: unknown[] = [];
    await q.work<{ n: number }>('test.run', async (job) => {
      seen.push(job.data.n);
    });
    await q.start();
    const id = await q.send('test.run', { n: 7 });
    expect(id).toBeTruthy();
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([7]);
    await waitFor(async () => (await q.getJob('test.run', String(id)))?.state === 'completed');
  });

  it('retries a failing job until it succeeds', async () => {
    const q = newQueue();
    const attempts: number[] = [];
    await q.work('test.flaky', async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
    });
    await q.start();
    const id = await q.send('test.flaky', {}, { retryLimit: 5 });
    await waitFor(async () => (await q.getJob('test.flaky', String(id)))?.state === 'completed');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('marks a job failed, with its error, once the retry limit is reached', async () => {
    const q = newQueue();
    let runs = 0;
    await q.work('test.doomed', async () => {
      runs += 1;
      throw new Error('always broken');
    });
    await q.start();
    const id = await q.send('test.doomed', {}, { retryLimit: 1 });
    await waitFor(async () => (await q.getJob('test.doomed', String(id)))?.state === 'failed');
    const info = await q.getJob('test.doomed', String(id));
    expect(info).toMatchObject({ state: 'failed', attempts: 2 });
    expect(info?.lastError).toContain('always broken');
    expect(runs).toBe(2);
  });

  it('fires a schedule', async () => {
    const q = newQueue();
    const fired: unknown[] = [];
    await q.work<{ tag: string }>('test.tick', async (job) => {
      fired.push(job.data.tag);
    });
    await q.schedule('test.tick', '* * * * * *', { tag: 'every-second' });
    await q.start();
    await waitFor(() => fired.length >= 1, 20_000);
    expect(fired[0]).toBe('every-second');
  });

  it('keeps a job sent before a stop and runs it after a restart', async () => {
    const before = newQueue();
    await before.start();
    const id = await before.send('test.durable', { keep: true });
    await before.stop();
    const after = newQueue();
    const seen: string[] = [];
    await after.work('test.durable', async (job) => {
      seen.push(job.id);
    });
    await after.start();
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([id]);
  });

  it('drops a send whose singletonKey is already queued', async () => {
    const q = newQueue();
    await q.start();
    const first = await q.send('test.single', { a: 1 }, { singletonKey: 'k1' });
    const second = await q.send('test.single', { a: 2 }, { singletonKey: 'k1' });
    const other = await q.send('test.single', { a: 3 }, { singletonKey: 'k2' });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
    const seen: unknown[] = [];
    await q.work<{ a: number }>('test.single', async (job) => {
      seen.push(job.data.a);
    });
    await waitFor(() => seen.length === 2);
    // Once the first has run, the key is free again.
    await waitFor(async () => (await q.getJob('test.single', String(first)))?.state === 'completed');
    expect(await q.send('test.single', { a: 4 }, { singletonKey: 'k1' })).toBeTruthy();
  });

  it.runIf(process.env.SHOUWANG_TEST_DIALECT !== 'postgres')(
    'retries a job whose worker died once its lock expires (SQLite)',
    async () => {
      const { db } = ctx.services.database;
      const past = nowIso(new Date(Date.now() - 60_000));
      const row = await db
        .insertInto('jobs')
        .values({
          name: 'test.orphan',
          data: '{"x":1}',
          state: 'active',
          run_at: past,
          attempts: 1,
          max_attempts: 3,
          singleton_key: null,
          last_error: null,
          locked_until: past,
          created_at: past,
          updated_at: past,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const q = newQueue();
      const attempts: number[] = [];
      await q.work('test.orphan', async (job) => {
        attempts.push(job.attempt);
      });
      await q.start();
      await waitFor(async () => (await q.getJob('test.orphan', String(row.id)))?.state === 'completed');
      expect(attempts).toEqual([2]);
    },
  );

  it.runIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres')(
    'shares the work between two processes without running a job twice (PostgreSQL)',
    async () => {
      const a = newQueue();
      const b = newQueue();
      const ran: Array<{ id: string; by: string }> = [];
      const handler = (by: string) => async (job: { id: string }) => {
        ran.push({ id: job.id, by });
        await new Promise((r) => setTimeout(r, 30));
      };
      await a.work('test.shared', handler('a'), { concurrency: 2 });
      await b.work('test.shared', handler('b'), { concurrency: 2 });
      await a.start();
      await b.start();
      const ids = new Set<string | null>();
      for (let i = 0; i < 30; i++) ids.add(await a.send('test.shared', { i }));
      await waitFor(() => ran.length >= 30, 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(ran).toHaveLength(30);
      expect(new Set(ran.map((r) => r.id))).toEqual(ids);
      expect(new Set(ran.map((r) => r.by))).toEqual(new Set(['a', 'b']));
    },
  );
});
