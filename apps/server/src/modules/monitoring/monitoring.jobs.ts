import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { MonitoringService } from './monitoring.service.ts';
import type { Claim } from './scheduler.ts';

export const MONITOR_TICK_JOB = 'monitoring.tick';
export const MONITOR_CHECK_JOB = 'monitoring.check';
export const MONITOR_PRUNE_JOB = 'monitoring.prune';
/** Every 5 seconds: a due monitor is claimed at most ~5 s late, ~170 at a time for 2,000 sites at 60 s. */
export const MONITOR_TICK_CRON = '*/5 * * * * *';
/**
 * Checks one worker process runs at once. A check mostly waits on the network (page, crawler copy, links)
 * and takes 1-5 s of wall time on a busy machine, while its CPU part runs one at a time anyway: 2,000
 * checks a minute at 3 s each need ~100 in flight. Each holds at most two capped bodies meanwhile.
 */
export const MONITOR_CHECK_CONCURRENCY = 128;
/** Hourly, at a minute nothing else fires on. */
export const MONITOR_PRUNE_CRON = '17 * * * *';

/**
 * Worker role: the tick (claims due monitors and enqueues one check job per claim), the checks
 * themselves (`concurrency` per process) and the hourly prune. Scheduler role: fires tick and prune.
 * A redelivered check job whose claim has moved on does nothing (runs are keyed by the claim's token).
 */
export async function registerMonitoringJobs(
  jobs: JobQueue,
  monitoring: MonitoringService,
  roles: ReadonlyArray<'api' | 'worker' | 'scheduler'>,
  concurrency = MONITOR_CHECK_CONCURRENCY,
): Promise<void> {
  if (roles.includes('worker')) {
    await jobs.work(MONITOR_TICK_JOB, async () => {
      await monitoring.tick(async (claim) => {
        await jobs.send(MONITOR_CHECK_JOB, claim, { retryLimit: 0 });
      });
    });
    await jobs.work<Claim>(
      MONITOR_CHECK_JOB,
      async (job) => {
        await monitoring.runClaimed(job.data);
      },
      { concurrency },
    );
    await jobs.work(MONITOR_PRUNE_JOB, async () => {
      await monitoring.prune();
    });
  }
  if (roles.includes('scheduler')) {
    await jobs.schedule(MONITOR_TICK_JOB, MONITOR_TICK_CRON);
    await jobs.schedule(MONITOR_PRUNE_JOB, MONITOR_PRUNE_CRON);
  }
}
