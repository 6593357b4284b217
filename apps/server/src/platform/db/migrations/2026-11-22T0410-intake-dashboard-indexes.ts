import type { Kysely } from 'kysely';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * The intake dashboard's period KPIs read cases by when their reply was approved and when they were rated
 * and when they were dispatched (bench/intake-dashboard.bench.ts: without these, SQLite walked every case
 * through the unit index, 0.8–1.6 s per query at 100,000 cases). Each index carries what its query sums,
 * so it is read alone.
 */
export async function up(db: Db): Promise<void> {
  // The backlog (open cases by unit and age) and "open and already overdue", read from the index alone.
  await db.schema.dropIndex('intake_cases_backlog_idx').execute();
  await db.schema
    .createIndex('intake_cases_backlog_cover_idx')
    .on('intake_cases')
    .columns([
      'state',
      'unit_id',
      'region_path',
      'dispatched_at',
      'handle_due_at',
      'overdue',
      'supervision_level',
    ])
    .execute();
  // Cases dispatched in a period, with what the signing and reassignment KPIs sum (a year is half the table).
  await db.schema.dropIndex('intake_cases_dispatched_idx').execute();
  await db.schema
    .createIndex('intake_cases_dispatched_kpi_idx')
    .on('intake_cases')
    .columns([
      'dispatched_at',
      'unit_id',
      'region_path',
      'signed_on_time',
      'sign_due_at',
      'reassign_count',
      'return_count',
      'rehandle_count',
    ])
    .execute();
  await db.schema
    .createIndex('intake_cases_replied_idx')
    .on('intake_cases')
    .columns(['replied_at', 'unit_id', 'region_path', 'completed_on_time', 'followed_up_at', 'contact_phone'])
    .execute();
  await db.schema
    .createIndex('intake_cases_rated_idx')
    .on('intake_cases')
    .columns(['rated_at', 'unit_id', 'region_path', 'rating'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('intake_cases_backlog_cover_idx').execute();
  await db.schema
    .createIndex('intake_cases_backlog_idx')
    .on('intake_cases')
    .columns(['state', 'unit_id', 'dispatched_at', 'overdue', 'supervision_level'])
    .execute();
  await db.schema.dropIndex('intake_cases_dispatched_kpi_idx').execute();
  await db.schema
    .createIndex('intake_cases_dispatched_idx')
    .on('intake_cases')
    .columns(['dispatched_at', 'unit_id'])
    .execute();
  await db.schema.dropIndex('intake_cases_replied_idx').execute();
  await db.schema.dropIndex('intake_cases_rated_idx').execute();
}
