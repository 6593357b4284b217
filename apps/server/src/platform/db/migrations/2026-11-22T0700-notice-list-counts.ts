import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * Covering indexes for the notice list's total count, found by bench/notices.bench.ts at 1,000,000
 * notices on SQLite: counting one unit's notices (44,737) or the overdue severity I/II ones read every
 * candidate row for its region_path (114 and 121 ms); with region_path, state, severity and overdue in
 * the index the count never touches the table (6 and 1 ms). The unit index replaces (unit_id, state),
 * which is its prefix, so unit handlers' own lists and counts stay index-only as well.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('notices_unit_cover_idx')
    .on('notices')
    .columns(['unit_id', 'state', 'region_path', 'severity', 'overdue'])
    .execute();
  await db.schema
    .createIndex('notices_overdue_cover_idx')
    .on('notices')
    .columns(['overdue', 'severity', 'region_path', 'state'])
    .execute();
  await db.schema.dropIndex('notices_unit_state_idx').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.createIndex('notices_unit_state_idx').on('notices').columns(['unit_id', 'state']).execute();
  await db.schema.dropIndex('notices_overdue_cover_idx').execute();
  await db.schema.dropIndex('notices_unit_cover_idx').execute();
}
