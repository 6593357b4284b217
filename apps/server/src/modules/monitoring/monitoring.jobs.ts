import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { MonitoringService } from './monitoring.service.ts';
import type { Claim } from './scheduler.ts';

export const MONITOR_TICK_JOB = 'monitoring.tick';
export const MONITOR_CHECK_JOB = 'monitoring.check';
export const MONITOR_PRUNE_JOB = 'monitoring.prune';
/** Every 15 seconds: a due monitor starts at most ~15 s late. */
export const MONITOR_TICK_CRON = '*/15 * * * * *';
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
  concurrency = 16,
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
