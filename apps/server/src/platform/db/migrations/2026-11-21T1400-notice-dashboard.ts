import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * Indexes for the notice dashboard (issue 3): the open-notice aggregates read (state, region_path) and
 * the counted columns from the index alone, on both databases and whatever PostgreSQL's collation (a
 * LIKE prefix on a leading region_path would need a pattern-ops index there); the period KPIs and trend
 * are range scans on issued_at and closed_at.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('notices_open_dashboard_idx')
    .on('notices')
    .columns(['state', 'region_path', 'severity', 'overdue', 'unit_id'])
    .execute();
  await db.schema
    .createIndex('notices_issued_at_idx')
    .on('notices')
    .columns(['issued_at', 'region_path'])
    .execute();
  await db.schema
    .createIndex('notices_closed_at_idx')
    .on('notices')
    .columns(['closed_at', 'region_path'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const name of ['notices_closed_at_idx', 'notices_issued_at_idx', 'notices_open_dashboard_idx']) {
    await db.schema.dropIndex(name).execute();
  }
}
