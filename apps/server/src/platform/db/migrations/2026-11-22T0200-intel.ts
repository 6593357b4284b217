import { type Kysely, sql } from 'kysely';
import { TIMESTAMP as ts, withId } from '../migration-helpers.ts';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * Threat intelligence (issue 5): feeds (STIX, MISP, CSV; by URL or upload), their indicators keyed by
 * (feed, external id) so a re-import updates rather than duplicates, and the version counter the
 * in-memory matcher polls to know when to reload.
 */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('intel_feeds'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('default_ttl_days', 'integer')
    .addColumn('refresh_minutes', 'integer')
    .addColumn('next_run_at', ts)
    .addColumn('import_state', 'varchar(16)')
    .addColumn('import_progress', 'text')
    .addColumn('import_started_at', ts)
    .addColumn('last_import_at', ts)
    .addColumn('last_status', 'varchar(16)')
    .addColumn('last_result', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('intel_indicators'))
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('intel_feeds.id').onDelete('cascade'))
    .addColumn('external_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'varchar(600)', (c) => c.notNull())
    .addColumn('name', 'varchar(300)')
    .addColumn('description', 'text')
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('clauses', 'text')
    .addColumn('matchable', 'integer', (c) => c.notNull())
    .addColumn('unmatchable_reason', 'text')
    .addColumn('valid_from', ts)
    .addColumn('valid_until', ts)
    .addColumn('expires_at', ts)
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confidence', 'integer')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('source_time', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intel_indicators_feed_external_idx')
    .on('intel_indicators')
    .columns(['feed_id', 'external_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('intel_indicators_type_idx')
    .on('intel_indicators')
    .columns(['type', 'id'])
    .execute();
  await db.schema
    .createIndex('intel_indicators_value_idx')
    .on('intel_indicators')
    .columns(['value'])
    .execute();
  await db.schema
    .createIndex('intel_indicators_expires_idx')
    .on('intel_indicators')
    .columns(['expires_at'])
    .execute();

  await db.schema
    .createTable('intel_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into intel_state (id, version) values (1, 0)`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('intel_state').execute();
  await db.schema.dropTable('intel_indicators').execute();
  await db.schema.dropTable('intel_feeds').execute();
}
