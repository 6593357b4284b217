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
 * Citizen intake (issue 6): reports and messages in one table with their timeline, office-defined report
 * categories, and the dedup side tables (normalised URLs, text LSH band keys, links between cases).
 */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('intake_categories'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name_zh', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('intake_cases'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('query_code_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('second_factor', 'varchar(8)', (c) => c.notNull())
    .addColumn('factor_digits', 'varchar(8)', (c) => c.notNull())
    .addColumn('category', 'varchar(64)')
    .addColumn('message_type', 'varchar(16)')
    .addColumn('topic', 'varchar(200)')
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('region_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull())
    .addColumn('target_app', 'varchar(200)')
    .addColumn('contact_name', 'varchar(100)')
    .addColumn('contact_phone', 'varchar(32)')
    .addColumn('publishable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('group_id', 'integer')
    .addColumn('sign_due_at', ts)
    .addColumn('handle_due_at', ts)
    .addColumn('deadline_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dispatch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reassign_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dispatched_at', ts)
    .addColumn('signed_at', ts)
    .addColumn('reply', 'text')
    .addColumn('replied_at', ts)
    .addColumn('rating', 'varchar(24)')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', ts)
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  if (dialectOf(db) === 'postgres') {
    // Region paths compare byte-wise so subtree ranges are exact and indexable (see path-collation).
    await sql`alter table intake_cases alter column region_path type varchar(400) collate "C"`.execute(db);
  }
  await db.schema
    .createIndex('intake_cases_region_idx')
    .on('intake_cases')
    .columns(['region_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('intake_cases_order_idx')
    .on('intake_cases')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('intake_cases_unit_idx')
    .on('intake_cases')
    .columns(['unit_id', 'state'])
    .execute();
  await db.schema.createIndex('intake_cases_group_idx').on('intake_cases').column('group_id').execute();

  await withId(db, db.schema.createTable('intake_events'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(16)')
    .addColumn('to_state', 'varchar(16)')
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('intake_events_case_idx')
    .on('intake_events')
    .columns(['case_id', 'id'])
    .execute();

  await db.schema
    .createTable('intake_urls')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('url_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('url_norm', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_urls_key_idx')
    .on('intake_urls')
    .columns(['url_key', 'case_id'])
    .execute();

  await db.schema
    .createTable('intake_dedup_keys')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('band_key', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_dedup_keys_band_idx')
    .on('intake_dedup_keys')
    .columns(['band_key', 'case_id'])
    .execute();

  await withId(db, db.schema.createTable('intake_links'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('other_case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('intake_links_pair_uq', ['case_id', 'other_case_id', 'reason'])
    .execute();
  await db.schema.createIndex('intake_links_other_idx').on('intake_links').column('other_case_id').execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'intake_links',
    'intake_dedup_keys',
    'intake_urls',
    'intake_events',
    'intake_cases',
    'intake_categories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
