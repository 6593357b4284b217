import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionRow, UserRow } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const sessionRepository = {
  async insert(db: Q, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },
  async findWithUser(
    db: Q,
    id: string,
  ): Promise<{ session: SessionRow; user: UserRow; regionPath: string } | undefined> {
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) return undefined;
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', session.user_id)
      .executeTakeFirst();
    if (!user) return undefined;
    const region = await db
      .selectFrom('regions')
      .select('path')
      .where('id', '=', user.region_id)
      .executeTakeFirst();
    return { session, user, regionPath: region?.path ?? '/none/' };
  },
  async touch(db: Q, id: string, at: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  },
  async setStage(db: Q, id: string, stage: string): Promise<void> {
    await db.updateTable('sessions').set({ stage }).where('id', '=', id).execute();
  },
  async delete(db: Q, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
  },
  async deleteForUser(db: Q, userId: number, exceptId?: string): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  },
  async deleteExpired(db: Q, now: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  },
};
