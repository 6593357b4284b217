import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { NotificationsService } from './notifications.service.ts';

export const NOTIFY_DISPATCH_JOB = 'notifications.dispatch';
export const NOTIFY_SEND_JOB = 'notifications.send';
/** Both run every 30 seconds; a dispatch that queued deliveries also wakes the sender at once. */
export const NOTIFY_CRON = '*/30 * * * * *';

/**
 * Worker role: the dispatcher (outbox -> deliveries) and the sender (deliveries -> channels). Scheduler
 * role: fires both. Both are idempotent, so overlapping runs and redelivered jobs are harmless.
 */
export async function registerNotificationJobs(
  jobs: JobQueue,
  service: NotificationsService,
  roles: ReadonlyArray<'api' | 'worker' | 'scheduler'>,
  onError: (err: unknown) => void = (err) => console.error('notification dispatch', err),
): Promise<void> {
  if (roles.includes('worker')) {
    await jobs.work(NOTIFY_DISPATCH_JOB, async () => {
      const result = await service.dispatch({ onError: (err) => onError(err) });
      if (result.deliveries > 0) await jobs.send(NOTIFY_SEND_JOB, {}, { singletonKey: 'send' });
    });
    await jobs.work(NOTIFY_SEND_JOB, async () => {
      await service.send();
    });
  }
  if (roles.includes('scheduler')) {
    await jobs.schedule(NOTIFY_DISPATCH_JOB, NOTIFY_CRON);
    await jobs.schedule(NOTIFY_SEND_JOB, NOTIFY_CRON);
  }
}
