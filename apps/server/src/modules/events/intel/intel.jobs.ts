import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import type { IntelService } from './intel.service.ts';

export const INTEL_IMPORT_JOB = 'intel.import';
export const INTEL_TICK_JOB = 'intel.tick';
/** Every minute: a feed's scheduled import starts at most a minute late. */
export const INTEL_TICK_CRON = '* * * * *';

/** The job layer's send for one feed's import, keyed so a feed is never queued twice. */
export function intelImportSender(jobs: JobQueue) {
  return async (feedId: number) => {
    await jobs.send(INTEL_IMPORT_JOB, { feedId }, { singletonKey: `intel-feed-${feedId}`, retryLimit: 0 });
  };
}

/** Worker role: runs imports and the tick; scheduler role: fires the tick. */
export async function registerIntelJobs(
  jobs: JobQueue,
  intel: IntelService,
  roles: ReadonlyArray<string>,
): Promise<void> {
  if (roles.includes('worker')) {
    await jobs.work<{ feedId: number }>(INTEL_IMPORT_JOB, async (job) => {
      await intel.runImport(job.data.feedId);
    });
    await jobs.work(INTEL_TICK_JOB, async () => {
      await intel.tick();
    });
  }
  if (roles.includes('scheduler')) await jobs.schedule(INTEL_TICK_JOB, INTEL_TICK_CRON);
}
