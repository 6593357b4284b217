import type { Kysely } from 'kysely';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * What an evidence file was by its bytes when it arrived (jpeg, png, gif, webp, avif, heic, pdf). Images
 * are re-encoded, so media_type says what is stored (a GIF is kept as PNG, an AVIF as JPEG) and staff
 * could not otherwise tell what the citizen sent. Files stored before this column stay null.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('intake_files').addColumn('sniffed_type', 'varchar(16)').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('intake_files').dropColumn('sniffed_type').execute();
}
