import { type Kysely, sql } from 'kysely';
import { chinaDay } from '../china-day.ts';
import { dialectOf } from '../dialect.ts';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

const COUNTS = ['issued', 'withdrawn', 'signed', 'signed_on_time', 'closed', 'closed_on_time'] as const;

/**
 * The notice dashboard's period KPIs and trend, pre-aggregated per unit and China-time day (issue 3's
 * benchmark: a city-wide year read 1,000,000 notices in ~4.5 s on SQLite). Counts by the day a notice was
 * issued: issued (withdrawn included), withdrawn, signed and signed on time (withdrawn excluded: they were
 * never the unit's to sign); by the day it was closed, for notices closed now: closed and closed on time
 * (reported back by the rectification deadline). Every transition that changes them updates the row in its
 * own transaction (modules/notices/dashboard/notice-daily-stats.ts); region_path is the unit's, compared
 * byte-wise like the other path columns (2026-11-21T1600-path-collation).
 */
export async function up(db: Db): Promise<void> {
  const pathType = dialectOf(db) === 'postgres' ? sql`varchar(400) collate "C"` : sql`varchar(400)`;
  let table = db.schema
    .createTable('notice_daily_stats')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull());
  for (const count of COUNTS) table = table.addColumn(count, 'integer', (c) => c.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('notice_daily_stats_pk', ['unit_id', 'day']).execute();
  await db.schema
    .createIndex('notice_daily_stats_region_day_idx')
    .on('notice_daily_stats')
    .columns(['region_path', 'day'])
    .execute();
  await backfillNoticeDailyStats(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('notice_daily_stats').execute();
}

/**
 * Aggregates every notice into notice_daily_stats, which must be empty: the recomputation from history that
 * the transactionally maintained table must always equal. Also used after bulk loads (the benchmark's seed)
 * and by the tests that check the table against history.
 */
export async function backfillNoticeDailyStats<DB>(db: Kysely<DB>): Promise<void> {
  const issuedDay = chinaDay(db, 'issued_at');
  const closedDay = chinaDay(db, 'closed_at');
  // On time as recorded at signing / closing, else the same comparison of timestamps (the dashboard's rule).
  const signedOnTime = sql`case when coalesce(signed_on_time, case when signed_at is not null
    and (sign_due_at is null or signed_at <= sign_due_at) then 1 else 0 end) = 1 then 1 else 0 end`;
  const closedOnTime = sql`case when coalesce(rectified_on_time, case when reported_at is not null
    and (rectify_due_at is null or reported_at <= rectify_due_at) then 1 else 0 end) = 1 then 1 else 0 end`;
  await sql`insert into notice_daily_stats
      (unit_id, region_path, day, issued, withdrawn, signed, signed_on_time, closed, closed_on_time)
    select unit_id, max(region_path), day, sum(issued), sum(withdrawn), sum(signed), sum(signed_on_time),
      sum(closed), sum(closed_on_time)
    from (
      select unit_id, region_path, ${issuedDay} as day, 1 as issued,
        case when state = 'withdrawn' then 1 else 0 end as withdrawn,
        case when state <> 'withdrawn' and signed_at is not null then 1 else 0 end as signed,
        case when state <> 'withdrawn' then ${signedOnTime} else 0 end as signed_on_time,
        0 as closed, 0 as closed_on_time
      from notices where issued_at is not null
      union all
      select unit_id, region_path, ${closedDay} as day, 0, 0, 0, 0, 1, ${closedOnTime}
      from notices where state = 'closed' and closed_at is not null
    ) as t
    group by unit_id, day`.execute(db);
}
