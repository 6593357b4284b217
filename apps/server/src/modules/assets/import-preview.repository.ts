import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ImportPreviewTable } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type ImportPreviewRow = Selectable<ImportPreviewTable>;

/** SQL for import previews: parsed, checked rows waiting for their owner to confirm them. */
export const importPreviewRepository = {
  async insertPreview(db: Q, row: ImportPreviewRow): Promise<void> {
    await db.insertInto('import_previews').values(row).execute();
  },

  async findPreview(db: Q, id: string): Promise<ImportPreviewRow | undefined> {
    return db.selectFrom('import_previews').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Marks a preview used; false when it already was (a concurrent confirm won). */
  async consumePreview(db: Q, id: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('import_previews')
      .set({ consumed_at: at })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async deleteExpiredPreviews(db: Q, userId: number, now: string): Promise<void> {
    await db
      .deleteFrom('import_previews')
      .where('user_id', '=', userId)
      .where('expires_at', '<', now)
      .execute();
  },
};
