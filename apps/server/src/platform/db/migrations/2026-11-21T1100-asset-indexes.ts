import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * Indexes for the asset registry: (unit, name) for duplicate checks on create and import, updated_at for
 * the "recently changed" sort, and (user, expiry) for clearing a user's stale import previews.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('assets_unit_name_idx').on('assets').columns(['unit_id', 'name']).execute();
  await db.schema.createIndex('assets_updated_idx').on('assets').column('updated_at').execute();
  await db.schema
    .createIndex('import_previews_user_idx')
    .on('import_previews')
    .columns(['user_id', 'expires_at'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('import_previews_user_idx').execute();
  await db.schema.dropIndex('assets_updated_idx').execute();
  await db.schema.dropIndex('assets_unit_name_idx').execute();
}
