import { CronExpressionParser } from 'cron-parser';
import type { Db } from '../db/database.ts';
import {
  assertJobName,
  DEFAULT_RETRY_LIMIT,
  errorMessage,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobQueueOptions,
  type JobState,
  type SendOptions,
} from './job-queue.ts';
import { type JobRow, jobsRepository } from './jobs.repository.ts';

interface Worker {
  name: string;
  handler: JobHandler<object>;
  concurrency: number;
  running: number;
}

interface Schedule {
  name: string;
  cron: string;
  data: object;
  timer: NodeJS.Timeout | null;
}

const MAX_BACKOFF_SECONDS = 3600;
const STOP_GRACE_MS = 30_000;
// setTimeout's limit is ~24.8 days; a far-off cron occurrence re-arms in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The in-process queue for SQLite: jobs persist in the `jobs` table (so a job survives a crash), are
 * claimed with a lock that expires (so a dead worker's job is retried), and retried with exponential
 * backoff. Workers poll on a short interval and wake at once on a send from this process.
 */
export function createSqliteJobQueue(db: Db, options: JobQueueOptions = {}): JobQueue {
  const retryDelay = options.retryDelaySeconds ?? 30;
  const lockMs = (options.lockSeconds ?? 900) * 1000;
  const pollMs = (options.pollSeconds ?? 2) * 1000;
  const runSchedules = options.runSchedules ?? true;
  const onError = options.onError ?? ((err: unknown) => console.error('[jobs]', err));
  const workers = new Map<string, Worker>();
  const schedules = new Map<string, Schedule>();
  const inFlight = new Set<Promise<void>>();
  let started = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let polling = false;
  let pollAgain = false;

  const iso = (ms: number) => new Date(ms).toISOString();

  async function runJob(worker: Worker, job: JobRow): Promise<void> {
    const attempts = job.attempts + 1;
    const heartbeat = setInterval(
      () => {
        jobsRepository.extendLock(db, job.id, attempts, iso(Date.now() + lockMs)).catch(onError);
      },
      Math.max(lockMs / 2, 500),
    );
    try {
      await worker.handler({
        id: String(job.id),
        name: job.name,
        data: parseData(job.data),
        attempt: attempts,
      });
      await jobsRepository.settle(db, job.id, attempts, {
        state: 'completed',
        lastError: null,
        now: iso(Date.now()),
      });
    } catch (err) {
      const now = Date.now();
      if (attempts < job.max_attempts) {
        const delay = Math.min(retryDelay * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS);
        await jobsRepository.settle(db, job.id, attempts, {
          state: 'queued',
          runAt: iso(now + delay * 1000),
          lastError: errorMessage(err),
          now: iso(now),
        });
      } else {
        await jobsRepository.settle(db, job.id, attempts, {
          state: 'failed',
          lastError: errorMessage(err),
          now: iso(now),
        });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function pollOnce(): Promise<void> {
    for (const worker of workers.values()) {
      const free = worker.concurrency - worker.running;
      if (!started || free <= 0) continue;
      const now = Date.now();
      const candidates = await jobsRepository.findClaimable(db, worker.name, iso(now), free);
      for (const job of candidates) {
        if (job.state === 'active' && job.attempts >= job.max_attempts) {
          // Its last attempt died with its worker: no attempts left.
          if (await jobsRepository.claim(db, job, iso(now), iso(now))) {
            await jobsRepository.settle(db, job.id, job.attempts + 1, {
              state: 'failed',
              lastError: 'worker stopped before finishing (lock expired)',
              now: iso(now),
            });
          }
          continue;
        }
        if (!(await jobsRepository.claim(db, job, iso(now), iso(now + lockMs)))) continue;
        worker.running += 1;
        const run = runJob(worker, job)
          .catch(onError)
          .finally(() => {
            worker.running -= 1;
            inFlight.delete(run);
            wake();
          });
        inFlight.add(run);
      }
    }
  }

  /** Polls now; a poll already running polls once more when it ends, so no wake-up is lost. */
  function wake(): void {
    if (!started) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    void (async () => {
      do {
        pollAgain = false;
        try {
          await pollOnce();
        } catch (err) {
          onError(err);
        }
      } while (pollAgain && started);
      polling = false;
    })();
  }

  function arm(s: Schedule): void {
    if (!started) return;
    const next = CronExpressionParser.parse(s.cron, { currentDate: new Date(), tz: 'UTC' }).next().toDate();
    const wait = next.getTime() - Date.now();
    s.timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) return arm(s);
        // The key keeps a backlog from piling up while the previous run still waits.
        queue.send(s.name, s.data, { singletonKey: `schedule:${s.name}` }).catch(onError);
        arm(s);
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
  }

  const queue: JobQueue = {
    async send(name, data, opts: SendOptions = {}) {
      assertJobName(name);
      const now = Date.now();
      const runAt =
        opts.startAfter instanceof Date ? opts.startAfter.getTime() : now + (opts.startAfter ?? 0) * 1000;
      const id = await db.transaction().execute(async (trx) => {
        if (opts.singletonKey) {
          const existing = await jobsRepository.findQueuedBySingletonKey(trx, name, opts.singletonKey);
          if (existing) return null;
        }
        return jobsRepository.insert(trx, {
          name,
          data: JSON.stringify(data),
          runAt: iso(runAt),
          maxAttempts: (opts.retryLimit ?? DEFAULT_RETRY_LIMIT) + 1,
          singletonKey: opts.singletonKey ?? null,
          now: iso(now),
        });
      });
      if (id !== null && workers.has(name)) wake();
      return id === null ? null : String(id);
    },

    async work(name, handler, opts = {}) {
      assertJobName(name);
      if (workers.has(name)) throw new Error(`A worker for "${name}" is already registered`);
      // Handlers are typed by their caller; data is whatever was sent under this name.
      workers.set(name, {
        name,
        handler: handler as JobHandler<object>,
        concurrency: opts.concurrency ?? 1,
        running: 0,
      });
      wake();
    },

    async schedule(name, cron, data = {}) {
      assertJobName(name);
      CronExpressionParser.parse(cron, { tz: 'UTC' });
      if (!runSchedules) return;
      const previous = schedules.get(name);
      if (previous?.timer) clearTimeout(previous.timer);
      const s: Schedule = { name, cron, data, timer: null };
      schedules.set(name, s);
      arm(s);
    },

    async getJob(name, id) {
      const n = Number(id);
      if (!Number.isInteger(n)) return null;
      const row = await jobsRepository.find(db, name, n);
      return row ? toInfo(row) : null;
    },

    async start() {
      if (started) return;
      started = true;
      pollTimer = setInterval(wake, pollMs);
      for (const s of schedules.values()) arm(s);
      wake();
    },

    async stop() {
      if (!started) return;
      started = false;
      if (pollTimer) clearInterval(pollTimer);
      for (const s of schedules.values()) if (s.timer) clearTimeout(s.timer);
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
    },
  };
  return queue;
}

function parseData(text: string): object {
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null ? value : {};
}

function toInfo(row: JobRow): JobInfo {
  const state: JobState =
    row.state === 'completed' || row.state === 'failed' || row.state === 'active' ? row.state : 'queued';
  return { id: String(row.id), name: row.name, state, attempts: row.attempts, lastError: row.last_error };
}
