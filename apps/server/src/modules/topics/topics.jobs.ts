import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { FeedsService } from './feeds/feeds.service.ts';
import type { TopicsEngine } from './topics-engine.ts';

export const TOPICS_PROCESS_JOB = 'topics.process';
export const TOPICS_FEEDS_JOB = 'topics.feeds';
/** Every 15 s: new intake cases and stored items reach the pipeline within a quarter minute. */
export const TOPICS_PROCESS_CRON = '*/15 * * * * *';
/** Every minute: due feeds are polled (each on its own interval and backoff). */
export const TOPICS_FEEDS_CRON = '40 * * * * *';
const RUN_BUDGET_MS = 10_000;

/**
 * Enqueues processing now (after an import or a feed poll); a queued run already covers it. Best effort:
 * when the queue cannot take it (not started in this process), the 15-second schedule picks the items up.
 */
export async function kickTopics(jobs: JobQueue): Promise<void> {
  try {
    await jobs.send(TOPICS_PROCESS_JOB, {}, { singletonKey: 'topics', retryLimit: 1 });
  } catch {
    // The schedule covers it.
  }
}

/**
 * Worker role: the pipeline run (collect intake, process pending items in batches, refresh topic
 * states) and the feed polls. Scheduler role: fires both. One pipeline run at a time per process;
 * across processes the pipeline row's lock serialises batches.
 */
export async function registerTopicsJobs(
  jobs: JobQueue,
  deps: { engine: TopicsEngine; feeds: FeedsService },
  roles: ReadonlyArray<'api' | 'worker' | 'scheduler'>,
): Promise<void> {
  if (roles.includes('worker')) {
    await jobs.work(TOPICS_PROCESS_JOB, async () => {
      // At most ~10 s a run, so stopping the worker never waits long; a backlog continues in the next run.
      const result = await deps.engine.runUntilIdle(1000, RUN_BUDGET_MS);
      await deps.engine.refreshStates();
      if (result.more) await kickTopics(jobs);
    });
    await jobs.work(TOPICS_FEEDS_JOB, async () => {
      await deps.feeds.pollDue();
    });
  }
  if (roles.includes('scheduler')) {
    await jobs.schedule(TOPICS_PROCESS_JOB, TOPICS_PROCESS_CRON);
    await jobs.schedule(TOPICS_FEEDS_JOB, TOPICS_FEEDS_CRON);
  }
}
