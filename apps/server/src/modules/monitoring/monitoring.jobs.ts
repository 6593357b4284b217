import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { MonitoringService } from './monitoring.service.ts';
import { MONITOR_RENDER_JOB, type RenderRequest } from './render/rendering.ts';
import type { Claim } from './scheduler.ts';

export const MONITOR_TICK_JOB = 'monitoring.tick';
export const MONITOR_CHECK_JOB = 'monitoring.check';
export const MONITOR_PRUNE_JOB = 'monitoring.prune';
/**
 * The tick job fires once a minute (pg-boss files at most one job a minute per schedule, whatever the
 * cron says) and ticks every MONITOR_TICK_EVERY_SECONDS within its minute: a due monitor is claimed at
 * most ~5 s late, ~170 at a time for 2,000 sites at 60 s, on SQLite and PostgreSQL alike.
 */
export const MONITOR_TICK_CRON = '* * * * *';
export const MONITOR_TICK_EVERY_SECONDS = 5;
/**
 * Checks one worker process runs at once. A check mostly waits on the network (page, crawler copy, links),
 * while its CPU part runs one at a time anyway: 2,000 checks a minute at up to 2 s each need ~64 in
 * flight. Each holds two capped bodies meanwhile, so more would cost memory without adding throughput
 * once the CPU is the limit.
 */
export const MONITOR_CHECK_CONCURRENCY = 64;
/** Hourly, at a minute nothing else fires on. */
export const MONITOR_PRUNE_CRON = '17 * * * *';

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * One tick job: ticks every `everySeconds` for a minute (the last tick 2.5 s or more before the next
 * minute's job starts its own), each tick claiming what has come due since the last. Returns the ticks.
 */
export async function tickForAMinute(
  tick: () => Promise<unknown>,
  options: { everySeconds?: number; now?: () => number; wait?: (ms: number) => Promise<void> } = {},
): Promise<number> {
  const every = (options.everySeconds ?? MONITOR_TICK_EVERY_SECONDS) * 1000;
  const now = options.now ?? Date.now;
  const wait = options.wait ?? sleep;
  const started = now();
  let ticks = 0;
  for (;;) {
    await tick();
    ticks++;
    // The next slot on the grid after now: a slow tick skips the slots it overran, never bunches them.
    const next = (Math.floor((now() - started) / every) + 1) * every;
    if (next > 60_000 - 2_500) return ticks;
    await wait(started + next - now());
  }
}

/**
 * Worker role: the tick (every 5 s, claims due monitors and enqueues one check job per claim), the checks
 * themselves (`concurrency` per process), the hourly prune, and — when this process has a Chromium — the
 * render jobs (as many at once as its Chromium pool takes). Scheduler role: fires tick and prune.
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
      await tickForAMinute(() =>
        monitoring.tick(async (claim) => {
          await jobs.send(MONITOR_CHECK_JOB, claim, { retryLimit: 0 });
        }),
      );
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
    // The rendering pass runs as its own job, so a slow page in Chromium never holds up a check.
    if (monitoring.rendering.enabled) {
      await jobs.work<RenderRequest>(
        MONITOR_RENDER_JOB,
        async (job) => {
          await monitoring.rendering.run(job.data);
        },
        { concurrency: monitoring.rendering.concurrency },
      );
    }
  }
  if (roles.includes('scheduler')) {
    await jobs.schedule(MONITOR_TICK_JOB, MONITOR_TICK_CRON);
    await jobs.schedule(MONITOR_PRUNE_JOB, MONITOR_PRUNE_CRON);
  }
}

/**
 * Puts a render job on the queue: one per page while it waits (singleton key), never retried (a failed
 * render is recorded as such, and the page is rendered again at its next due time).
 */
export function renderSender(jobs: JobQueue) {
  return async (request: RenderRequest): Promise<void> => {
    await jobs.send(MONITOR_RENDER_JOB, request, {
      singletonKey: `${request.monitorId}:${request.pageUrl}`,
      retryLimit: 0,
    });
  };
}
