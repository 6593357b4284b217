import { sql } from 'kysely';
import { fromKysely, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { Db } from '../db/database.ts';
import {
  assertJobName,
  DEFAULT_RETRY_LIMIT,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobQueueOptions,
  type JobState,
  type SendOptions,
  type WorkOptions,
} from './job-queue.ts';

interface Registration {
  name: string;
  handler: JobHandler<object>;
  options: WorkOptions;
}

/**
 * The PostgreSQL queue: pg-boss in its own schema. Jobs are claimed with SKIP LOCKED, so any number of
 * processes share the work; schedules are stored in the database and fired once across processes.
 */
export function createPgBossJobQueue(
  connectionString: string,
  db: Db,
  options: JobQueueOptions = {},
): JobQueue {
  const schema = options.pgBossSchema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid pg-boss schema name: "${schema}"`);
  const runSchedules = options.runSchedules ?? true;
  const retryDelay = options.retryDelaySeconds ?? 30;
  const pollSeconds = Math.max(options.pollSeconds ?? 2, 0.5);
  const onError = options.onError ?? ((err: unknown) => console.error('[jobs]', err));
  const boss = new PgBoss({
    connectionString,
    schema,
    max: 4,
    application_name: 'shouwang-jobs',
    schedule: runSchedules,
    // Short check intervals so a per-minute (or, in tests, per-second) schedule fires close to its time.
    cronMonitorIntervalSeconds: 1,
    cronWorkerIntervalSeconds: 1,
  });
  boss.on('error', onError);
  const registrations: Registration[] = [];
  const schedules: Array<{ name: string; cron: string; data: object }> = [];
  const queues = new Map<string, Promise<void>>();
  let started = false;

  function ensureQueue(name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      created = boss.createQueue(name, {
        retryLimit: DEFAULT_RETRY_LIMIT,
        retryDelay,
        ...(retryDelay > 0 ? { retryBackoff: true, retryDelayMax: 3600 } : {}),
        expireInSeconds: options.lockSeconds ?? 900,
      });
      created.catch(() => queues.delete(name));
      queues.set(name, created);
    }
    return created;
  }

  async function startWorker(r: Registration): Promise<void> {
    await ensureQueue(r.name);
    await boss.work<object>(
      r.name,
      { batchSize: 1, localConcurrency: r.options.concurrency ?? 1, pollingIntervalSeconds: pollSeconds },
      async (jobs) => {
        for (const job of jobs) {
          await r.handler({ id: job.id, name: job.name, data: job.data ?? {}, attempt: job.retryCount + 1 });
        }
      },
    );
  }

  async function startSchedule(s: { name: string; cron: string; data: object }): Promise<void> {
    await ensureQueue(s.name);
    await boss.schedule(s.name, s.cron, s.data, { tz: 'UTC' });
  }

  function requireStarted(): void {
    if (!started) throw new Error('The job queue is not started');
  }

  return {
    async send(name, data, opts: SendOptions = {}) {
      assertJobName(name);
      requireStarted();
      await ensureQueue(name);
      const jobOptions = {
        ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
        ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
      };
      const key = opts.singletonKey;
      if (!key) return boss.send(name, data, jobOptions);
      // pg-boss's standard queues do not dedup by key alone: check and send under a transaction-scoped
      // advisory lock on (name, key), so two processes cannot both find "none queued" and send.
      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`${name}\n${key}`}))`.execute(trx);
        const conn = fromKysely(trx);
        const queued = await boss.findJobs(name, { key, queued: true, db: conn });
        if (queued.length > 0) return null;
        return boss.send(name, data, { ...jobOptions, singletonKey: key, db: conn });
      });
    },

    async work(name, handler, opts = {}) {
      assertJobName(name);
      // Handlers are typed by their caller; data is whatever was sent under this name.
      const r: Registration = { name, handler: handler as JobHandler<object>, options: opts };
      registrations.push(r);
      if (started) await startWorker(r);
    },

    async schedule(name, cron, data = {}) {
      assertJobName(name);
      if (!runSchedules) return;
      const s = { name, cron, data };
      schedules.push(s);
      if (started) await startSchedule(s);
    },

    async getJob(name, id) {
      requireStarted();
      await ensureQueue(name);
      const [job] = await boss.findJobs<object>(name, { id });
      return job ? toInfo(job) : null;
    },

    async start() {
      if (started) return;
      await boss.start();
      started = true;
      for (const r of registrations) await startWorker(r);
      for (const s of schedules) await startSchedule(s);
    },

    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}

function toInfo(job: JobWithMetadata<object>): JobInfo {
  const state: JobState =
    job.state === 'completed'
      ? 'completed'
      : job.state === 'failed' || job.state === 'cancelled'
        ? 'failed'
        : job.state === 'active'
          ? 'active'
          : 'queued';
  const output: unknown = job.output;
  const lastError =
    output && typeof output === 'object' && 'message' in output && typeof output.message === 'string'
      ? output.message
      : null;
  // retryCount counts retries; a job that has run has had retryCount + 1 attempts.
  const attempts = job.state === 'created' ? 0 : job.retryCount + 1;
  return { id: job.id, name: job.name, state, attempts, lastError };
}
