import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;
const ts = 'varchar(32)';

function withId<T extends string>(db: Db, table: CreateTableBuilder<T, never>) {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * The case workflow after submission (issue 6): two-step reply approval, extensions, overdue and 督办 flags
 * (the notice loop's ladder), follow-up, re-handling, publication, forwarding of reports, merges and
 * transfers on the case row; office-editable routing rules; indexes for the backlog (清零) dashboard.
 */
export async function up(db: Db): Promise<void> {
  const columns: Array<[string, string, unknown?]> = [
    ['requires_leader_approval', 'integer', 0],
    ['handler_user_id', 'integer'],
    ['reply_draft', 'text'],
    ['reply_submitted_at', ts],
    ['return_count', 'integer', 0],
    ['overdue', 'integer', 0],
    ['overdue_since', ts],
    ['supervision_level', 'integer', 0],
    ['last_reminder_at', ts],
    ['signed_on_time', 'integer'],
    ['completed_on_time', 'integer'],
    ['extension_due_at', ts],
    ['extension_reason', 'text'],
    ['extension_count', 'integer', 0],
    ['followed_up_at', ts],
    ['follow_up_note', 'text'],
    ['rehandle_count', 'integer', 0],
    ['publish_approved', 'integer', 0],
    ['published_at', ts],
    ['forward_target', 'varchar(32)'],
    ['forward_to', 'varchar(200)'],
    ['forward_outcome', 'text'],
    ['notice_id', 'integer'],
    ['merged_into', 'integer'],
    ['transferred_to', 'varchar(200)'],
    ['closed_at', ts],
  ];
  for (const [name, type, dflt] of columns) {
    await db.schema
      .alterTable('intake_cases')
      .addColumn(name, sql.raw(type), (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt)))
      .execute();
  }
  // The backlog by unit and age reads open cases only: state first, then unit and dispatch time.
  await db.schema
    .createIndex('intake_cases_backlog_idx')
    .on('intake_cases')
    .columns(['state', 'unit_id', 'dispatched_at', 'overdue', 'supervision_level'])
    .execute();
  // Period KPIs count cases dispatched in a period, by unit.
  await db.schema
    .createIndex('intake_cases_dispatched_idx')
    .on('intake_cases')
    .columns(['dispatched_at', 'unit_id'])
    .execute();
  await db.schema.createIndex('intake_cases_merged_idx').on('intake_cases').column('merged_into').execute();

  const pathType = dialectOf(db) === 'postgres' ? sql`varchar(400) collate "C"` : sql`varchar(400)`;
  await withId(db, db.schema.createTable('intake_routing_rules'))
    .addColumn('office_region_path', pathType, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.references('regions.id'))
    .addColumn('kind', 'varchar(16)')
    .addColumn('category', 'varchar(64)')
    .addColumn('message_type', 'varchar(16)')
    .addColumn('topic', 'varchar(200)')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_routing_rules_office_idx')
    .on('intake_routing_rules')
    .columns(['office_region_path', 'position'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('intake_routing_rules').execute();
  for (const index of [
    'intake_cases_backlog_idx',
    'intake_cases_dispatched_idx',
    'intake_cases_merged_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
}
