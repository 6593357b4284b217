import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * The notice list's default order (created_at desc, id desc) as an index, found by the notice benchmark
 * (bench/notices.bench.ts) at 1,000,000 notices: the jurisdiction filter is a LIKE prefix on region_path,
 * which SQLite cannot serve from an index, so every page sorted all visible notices in a temp B-tree
 * (11 s for a city administrator's first page on SQLite). Walking this index newest first stops after one
 * page of matches (1 ms); PostgreSQL uses it the same way, and for createdFrom/createdTo ranges.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('notices_created_idx').on('notices').columns(['created_at', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('notices_created_idx').execute();
}
