import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import type { NoticeSweep, SweepResult } from './sweep.service.ts';

export const NOTICE_SWEEP_JOB = 'notices.sweep';
/** Every minute: a passed deadline is acted on well within the 5 minutes the issue allows. */
export const NOTICE_SWEEP_CRON = '* * * * *';

const LEASE_KEY = 'notices.sweep.lease';
/** Longer than any sweep takes; a crashed run's lease expires after it. */
const LEASE_MS = 5 * 60_000;

/**
 * The lease that keeps sweeps from overlapping across processes (a scheduled run that finds the previous
 * one still going skips). One conditional update on a settings row, so it works on both databases. The
 * sweep itself stays safe without it (every claim is conditional): the lease only saves the work.
 */
export const sweepLease = {
  async acquire(db: Kysely<Database>, holder: string, now: Date): Promise<boolean> {
    const nowIso = now.toISOString();
    await db
      .insertInto('settings')
      .values({ key: LEASE_KEY, value: '', updated_at: nowIso })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    const result = await db
      .updateTable('settings')
      .set({ value: `${until} ${holder}`, updated_at: nowIso })
      .where('key', '=', LEASE_KEY)
      // The value starts with the ISO expiry, so an expired or released lease compares below now.
      .where('value', '<', nowIso)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async release(db: Kysely<Database>, holder: string, now: Date): Promise<void> {
    await db
      .updateTable('settings')
      .set({ value: '', updated_at: now.toISOString() })
      .where('key', '=', LEASE_KEY)
      .where('value', 'like', `% ${holder}`)
      .execute();
  },
};

export interface SweepJobDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  sweep: NoticeSweep;
  now: () => Date;
  worker: boolean;
  scheduler: boolean;
  onResult?: (result: SweepResult) => void;
}

/** One scheduled run: takes the lease, sweeps, releases. Returns null when another run holds the lease. */
export async function runSweepJob(deps: Pick<SweepJobDeps, 'db' | 'sweep' | 'now'>, holder: string) {
  if (!(await sweepLease.acquire(deps.db, holder, deps.now()))) return null;
  try {
    return await deps.sweep.runOnce(deps.now());
  } finally {
    await sweepLease.release(deps.db, holder, deps.now());
  }
}

/** Registers the sweep's handler (worker role) and its per-minute schedule (scheduler role). */
export async function registerNoticeSweepJobs(deps: SweepJobDeps): Promise<void> {
  if (deps.worker) {
    await deps.jobs.work(NOTICE_SWEEP_JOB, async (job) => {
      const result = await runSweepJob(deps, `job:${job.id}`);
      if (result) deps.onResult?.(result);
    });
  }
  if (deps.scheduler) await deps.jobs.schedule(NOTICE_SWEEP_JOB, NOTICE_SWEEP_CRON);
}
