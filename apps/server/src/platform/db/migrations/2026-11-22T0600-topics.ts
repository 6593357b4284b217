import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { TIMESTAMP as ts, withId } from '../migration-helpers.ts';

type Db = Kysely<unknown>;

/**
 * Hot-topic early warning (issue 7): items from intake, feeds and imports; topics with their regions and
 * per-bucket volumes; alerts with why they fired; the persisted pipeline state; feeds and their health;
 * the analyst's assessment, links to notices and cases, public responses; risk assessment records.
 */
export async function up(db: Db): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // Region paths compare byte-wise so subtree ranges are exact and indexable (see path-collation).
  const pathType = pg ? sql`varchar(400) collate "C"` : sql`varchar(400)`;

  await db.schema
    .createTable('topic_pipeline')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('intake_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('items_processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('topic_feeds'))
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('etag', 'varchar(500)')
    .addColumn('last_modified', 'varchar(100)')
    .addColumn('format', 'varchar(16)')
    .addColumn('last_status', 'varchar(16)')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_polled_at', ts)
    .addColumn('last_success_at', ts)
    .addColumn('last_item_count', 'integer')
    .addColumn('items_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', ts)
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_feeds_due_idx')
    .on('topic_feeds')
    .columns(['enabled', 'next_poll_at'])
    .execute();
  await db.schema
    .createIndex('topic_feeds_region_idx')
    .on('topic_feeds')
    .columns(['region_path', 'id'])
    .execute();

  await withId(db, db.schema.createTable('topic_items'))
    .addColumn('source_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('external_key', 'varchar(300)', (c) => c.notNull().unique())
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)')
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('place', 'varchar(400)')
    .addColumn('intake_case_id', 'integer')
    .addColumn('feed_id', 'integer')
    .addColumn('topic_id', 'integer')
    .addColumn('duplicate_of', 'varchar(300)')
    .addColumn('urgency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_items_pending_idx')
    .on('topic_items')
    .columns(['processed', 'id'])
    .execute();
  await db.schema
    .createIndex('topic_items_topic_idx')
    .on('topic_items')
    .columns(['topic_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urgent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('peak_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('peak_bucket_at', ts)
    .addColumn('merged_into', 'integer')
    .addColumn('risk_level', 'varchar(4)')
    .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_alert_at', ts)
    .addColumn('last_alert_at', ts)
    .addColumn('first_response_at', ts)
    .addColumn('region_id', 'integer', (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('topics_recent_idx').on('topics').columns(['last_seen_at', 'id']).execute();

  await db.schema
    .createTable('topic_regions')
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('topic_regions_pk', ['topic_id', 'region_id'])
    .execute();
  await db.schema
    .createIndex('topic_regions_path_idx')
    .on('topic_regions')
    .columns(['region_path', 'topic_id'])
    .execute();

  await db.schema
    .createTable('topic_volumes')
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('bucket_at', ts, (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('urgent_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('topic_volumes_pk', ['topic_id', 'bucket_at'])
    .execute();

  await withId(db, db.schema.createTable('topic_alerts'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('place', 'varchar(400)')
    .addColumn('fired_at', ts, (c) => c.notNull())
    .addColumn('bucket_at', ts, (c) => c.notNull())
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', ts)
    .addColumn('acknowledged_by', 'integer')
    .addColumn('acknowledged_by_name', 'varchar(100)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_alerts_region_idx')
    .on('topic_alerts')
    .columns(['region_path', 'id'])
    .execute();
  await db.schema
    .createIndex('topic_alerts_topic_idx')
    .on('topic_alerts')
    .columns(['topic_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('topic_assessments'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('risk_level', 'varchar(4)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('affected_region_ids', 'text', (c) => c.notNull())
    .addColumn('affected_unit_ids', 'text', (c) => c.notNull())
    .addColumn('recommended_action', 'text', (c) => c.notNull())
    .addColumn('assessed_by', 'integer', (c) => c.notNull())
    .addColumn('assessed_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_assessments_topic_idx')
    .on('topic_assessments')
    .columns(['topic_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('topic_links'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('topic_links_unique', ['topic_id', 'kind', 'target_id'])
    .execute();

  await withId(db, db.schema.createTable('topic_responses'))
    .addColumn('topic_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(100)', (c) => c.notNull())
    .addColumn('responded_at', ts, (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_responses_topic_idx')
    .on('topic_responses')
    .columns(['topic_id', 'responded_at'])
    .execute();

  await withId(db, db.schema.createTable('topic_risk_assessments'))
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('decision_ref', 'varchar(200)')
    .addColumn('decision_date', 'varchar(10)')
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('overall_risk', 'varchar(8)', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'integer')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('topic_risk_assessments_region_idx')
    .on('topic_risk_assessments')
    .columns(['region_path', 'id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'topic_risk_assessments',
    'topic_responses',
    'topic_links',
    'topic_assessments',
    'topic_alerts',
    'topic_volumes',
    'topic_regions',
    'topics',
    'topic_items',
    'topic_feeds',
    'topic_pipeline',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
