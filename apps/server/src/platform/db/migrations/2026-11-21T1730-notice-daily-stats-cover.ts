import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

const COVER = [
  'day',
  'region_path',
  'issued',
  'withdrawn',
  'signed',
  'signed_on_time',
  'closed',
  'closed_on_time',
] as const;

/**
 * The dashboard reads a period of notice_daily_stats grouped by day. Through (region_path, day) SQLite
 * fetched every row from the table and sorted the groups (110 ms for a city-wide year at 200,000
 * notices); this index answers the query alone, in day order (32 ms). Units read by the primary key.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.dropIndex('notice_daily_stats_region_day_idx').execute();
  await db.schema
    .createIndex('notice_daily_stats_day_cover_idx')
    .on('notice_daily_stats')
    .columns([...COVER])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('notice_daily_stats_day_cover_idx').execute();
  await db.schema
    .createIndex('notice_daily_stats_region_day_idx')
    .on('notice_daily_stats')
    .columns(['region_path', 'day'])
    .execute();
}
