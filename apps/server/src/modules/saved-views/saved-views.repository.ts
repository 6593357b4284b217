import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Saved views are private: every query is by owner. */
export const savedViewsRepository = {
  listOwn(db: Q, userId: number, page: string | undefined) {
    let q = db.selectFrom('saved_views').selectAll().where('user_id', '=', userId);
    if (page) q = q.where('page', '=', page);
    return q.orderBy('name').orderBy('id').execute();
  },
  findOwn(db: Q, userId: number, id: number) {
    return db
      .selectFrom('saved_views')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async insert(db: Q, v: { userId: number; page: string; name: string; query: string; createdAt: string }) {
    const row = await db
      .insertInto('saved_views')
      .values({ user_id: v.userId, page: v.page, name: v.name, query: v.query, created_at: v.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },
  async remove(db: Q, id: number) {
    await db.deleteFrom('saved_views').where('id', '=', id).execute();
  },
};
