import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * An alert's related alerts (alertsRepository.related: the same alert key, or the same group key on the
 * same asset or unit) were found by reading every alert of the jurisdiction: the group-key branch of the
 * OR had no index. With this one both branches are index lookups (SQLite's multi-index OR, PostgreSQL's
 * BitmapOr), whatever the size of the alerts table.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('alerts_group_key_idx').on('alerts').columns(['group_key']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('alerts_group_key_idx').execute();
}
