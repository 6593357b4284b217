import { type Kysely, sql } from 'kysely';
import { chinaDay } from '../china-day.ts';
import { dialectOf } from '../dialect.ts';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/** The counts of intake_daily_stats, in column order (modules/intake/intake-daily-stats.ts keeps them). */
export const INTAKE_DAILY_COUNTS = [
  'dispatched',
  'signed',
  'signed_on_time',
  'reassigned',
  'returned',
  'rehandled',
  'completed',
  'completed_on_time',
  'followed_up',
  'completed_anonymous',
  'followed_up_anonymous',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
] as const;

/**
 * The intake dashboard's period KPIs pre-aggregated per unit, case region and China-time day (issue 6's
 * benchmark: a city-wide year read ~500,000 index entries per KPI at 1,000,000 cases, ~1 s on
 * PostgreSQL). Each case counts, for the unit it is with now, on the day it was (last) dispatched:
 * dispatched, signed, signed on time, reassigned / returned / re-handled at least once; on the day its
 * reply was approved, while completed_on_time is set: completed, on time, followed up and anonymous; on the
 * day it was rated: its rating. The workflow applies each change in the transaction that writes it
 * (modules/intake/intake-daily-stats.ts). Undecided signing and open-and-overdue depend on the current
 * time and stay live queries; the sign-deadline index serves the first.
 */
export async function up(db: Db): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const pathType = postgres ? sql`varchar(400) collate "C"` : sql`varchar(400)`;
  let table = db.schema
    .createTable('intake_daily_stats')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull());
  for (const count of INTAKE_DAILY_COUNTS)
    table = table.addColumn(count, 'integer', (c) => c.notNull().defaultTo(0));
  table = table.addPrimaryKeyConstraint('intake_daily_stats_pk', ['unit_id', 'region_path', 'day']);
  // The dashboard sums a period per unit. SQLite sorting a city-wide year's ~180,000 rows into unit groups
  // took 0.7–2.3 s at 1,000,000 cases on a loaded machine; stored in primary-key order (no rowid) the rows come grouped by unit
  // and the key is the whole table, so one skip-scan answers every scope. PostgreSQL hash-aggregates
  // instead and reads short periods through a day-first covering index.
  await (postgres ? table : table.modifyEnd(sql`without rowid`)).execute();
  if (postgres) {
    await db.schema
      .createIndex('intake_daily_stats_day_cover_idx')
      .on('intake_daily_stats')
      .columns(['day', 'region_path', 'unit_id', ...INTAKE_DAILY_COUNTS])
      .execute();
  }
  // Undecided signing (unsigned, deadline still ahead): only the cases whose sign deadline is after now.
  await db.schema
    .createIndex('intake_cases_sign_due_idx')
    .on('intake_cases')
    .columns(['sign_due_at', 'signed_on_time', 'dispatched_at', 'unit_id', 'region_path'])
    .execute();
  await backfillIntakeDailyStats(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('intake_cases_sign_due_idx').execute();
  await db.schema.dropTable('intake_daily_stats').execute();
}

/**
 * Aggregates every case into intake_daily_stats, which must be empty: the recomputation from the cases that
 * the transactionally maintained table must always equal (rows of zeros aside). Also used after bulk loads
 * (the benchmark's seed, tests that insert rows directly).
 */
export async function backfillIntakeDailyStats<DB>(db: Kysely<DB>): Promise<void> {
  const flag = (cond: string) => sql.raw(`case when ${cond} then 1 else 0 end`);
  const zeros = (n: number) => sql.raw(Array.from({ length: n }, () => '0').join(', '));
  await sql`insert into intake_daily_stats (unit_id, region_path, day, ${sql.raw(INTAKE_DAILY_COUNTS.join(', '))})
    select unit_id, region_path, day, ${sql.raw(INTAKE_DAILY_COUNTS.map((c) => `sum(${c})`).join(', '))}
    from (
      select unit_id, region_path, ${chinaDay(db, 'dispatched_at')} as day, 1 as dispatched,
        ${flag('signed_on_time is not null')} as signed, ${flag('signed_on_time = 1')} as signed_on_time,
        ${flag('reassign_count > 0')} as reassigned, ${flag('return_count > 0')} as returned,
        ${flag('rehandle_count > 0')} as rehandled,
        0 as completed, 0 as completed_on_time, 0 as followed_up, 0 as completed_anonymous,
        0 as followed_up_anonymous, 0 as satisfied, 0 as basically_satisfied, 0 as dissatisfied
      from intake_cases where unit_id is not null and dispatched_at is not null
      union all
      select unit_id, region_path, ${chinaDay(db, 'replied_at')}, ${zeros(6)}, 1,
        ${flag('completed_on_time = 1')},
        ${flag('followed_up_at is not null and contact_phone is not null')},
        ${flag('contact_phone is null')},
        ${flag('followed_up_at is not null and contact_phone is null')}, ${zeros(3)}
      from intake_cases where unit_id is not null and replied_at is not null and completed_on_time is not null
      union all
      select unit_id, region_path, ${chinaDay(db, 'rated_at')}, ${zeros(11)},
        ${flag("rating = 'satisfied'")}, ${flag("rating = 'basically_satisfied'")},
        ${flag("rating = 'dissatisfied'")}
      from intake_cases where unit_id is not null and rated_at is not null and rating is not null
    ) as t
    group by unit_id, region_path, day`.execute(db);
}
