import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, JobTable } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
export type JobRow = Selectable<JobTable>;

/** SQL of the in-process (SQLite) queue over the `jobs` table. */
export const jobsRepository = {
  async findQueuedBySingletonKey(db: Q, name: string, key: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', name)
      .where('singleton_key', '=', key)
      .where('state', '=', 'queued')
      .executeTakeFirst();
  },

  async insert(
    db: Q,
    v: {
      name: string;
      data: string;
      runAt: string;
      maxAttempts: number;
      singletonKey: string | null;
      now: string;
    },
  ): Promise<number> {
    const row = await db
      .insertInto('jobs')
      .values({
        name: v.name,
        data: v.data,
        state: 'queued',
        run_at: v.runAt,
        attempts: 0,
        max_attempts: v.maxAttempts,
        singleton_key: v.singletonKey,
        last_error: null,
        locked_until: null,
        created_at: v.now,
        updated_at: v.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Jobs of `name` that may be taken now: queued and due, or active with an expired lock (dead worker). */
  async findClaimable(db: Q, name: string, now: string, limit: number): Promise<JobRow[]> {
    return db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', name)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'active'), eb('locked_until', '<=', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** Takes a job if it is still claimable (another process may have won); true when taken. */
  async claim(db: Q, job: JobRow, now: string, lockedUntil: string): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set({ state: 'active', attempts: job.attempts + 1, locked_until: lockedUntil, updated_at: now })
      .where('id', '=', job.id)
      .where('attempts', '=', job.attempts)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'active'), eb('locked_until', '<=', now)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async extendLock(db: Q, id: number, attempts: number, lockedUntil: string): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ locked_until: lockedUntil })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .where('attempts', '=', attempts)
      .execute();
  },

  /** Settles the attempt `attempts` of a job; an attempt whose lock was taken over settles nothing. */
  async settle(
    db: Q,
    id: number,
    attempts: number,
    v: { state: 'completed' | 'queued' | 'failed'; runAt?: string; lastError?: string | null; now: string },
  ): Promise<void> {
    await db
      .updateTable('jobs')
      .set({
        state: v.state,
        locked_until: null,
        updated_at: v.now,
        ...(v.runAt ? { run_at: v.runAt } : {}),
        ...(v.lastError !== undefined ? { last_error: v.lastError } : {}),
      })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .where('attempts', '=', attempts)
      .execute();
  },

  async find(db: Q, name: string, id: number): Promise<JobRow | undefined> {
    return db.selectFrom('jobs').selectAll().where('id', '=', id).where('name', '=', name).executeTakeFirst();
  },

  async deleteCompletedBefore(db: Q, before: string): Promise<number> {
    const result = await db
      .deleteFrom('jobs')
      .where('state', '=', 'completed')
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
