import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { jobsRepository } from './jobs.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const HOUSEKEEPING_JOB = 'platform.housekeeping';
/** Every 10 minutes. */
export const HOUSEKEEPING_CRON = '*/10 * * * *';

// Finished SQLite jobs are kept a week for inspection, like pg-boss's default retention.
const COMPLETED_JOB_RETENTION_MS = 7 * 24 * 3600_000;
// A session still waiting for its second factor lives 10 minutes (see modules/auth/session.ts).
const PENDING_SESSION_MS = 10 * 60_000;

export interface HousekeepingResult {
  sessions: number;
  importPreviews: number;
  completedJobs: number;
}

/** SQL of the housekeeping job: rows that have expired and that nothing reads any more. */
export const housekeepingRepository = {
  async deleteExpiredSessions(db: Q, now: Date, idleMinutes: number): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now.toISOString()),
          eb('last_seen_at', '<=', new Date(now.getTime() - idleMinutes * 60_000).toISOString()),
          eb.and([
            eb('stage', '!=', 'full'),
            eb('created_at', '<=', new Date(now.getTime() - PENDING_SESSION_MS).toISOString()),
          ]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async deleteExpiredImportPreviews(db: Q, now: Date): Promise<number> {
    const result = await db
      .deleteFrom('import_previews')
      .where('expires_at', '<=', now.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

/** Deletes expired sessions and import previews (and old finished SQLite jobs) in one transaction. */
export async function runHousekeeping(
  db: Kysely<Database>,
  now: Date,
  sessionIdleMinutes: number,
): Promise<HousekeepingResult> {
  return db.transaction().execute(async (trx) => ({
    sessions: await housekeepingRepository.deleteExpiredSessions(trx, now, sessionIdleMinutes),
    importPreviews: await housekeepingRepository.deleteExpiredImportPreviews(trx, now),
    completedJobs: await jobsRepository.deleteCompletedBefore(
      trx,
      new Date(now.getTime() - COMPLETED_JOB_RETENTION_MS).toISOString(),
    ),
  }));
}
