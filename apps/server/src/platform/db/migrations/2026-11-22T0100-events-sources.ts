import { dialectOf } from '../dialect.ts';
import { type MigrationDb, TIMESTAMP, withId } from '../migration-helpers.ts';

/**
 * Event ingest (issue 5): registered sources, per-minute accounting, unregistered senders, the raw event
 * store, the journal checkpoint and file-tail offsets.
 */
export async function up(db: MigrationDb): Promise<void> {
  const big = dialectOf(db) === 'postgres' ? 'bigint' : 'integer';
  await withId(db, db.schema.createTable('event_sources'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
    .addColumn('transport', 'varchar(16)', (c) => c.notNull())
    .addColumn('allowed_senders', 'text', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_path', 'varchar(1000)')
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_sources_unit_idx').on('event_sources').column('unit_id').execute();
  await db.schema.createIndex('event_sources_token_idx').on('event_sources').column('token_id').execute();

  await db.schema
    .createTable('event_source_minutes')
    .addColumn('source_id', 'integer', (c) => c.notNull().references('event_sources.id').onDelete('cascade'))
    .addColumn('minute', 'varchar(16)', (c) => c.notNull())
    .addColumn('received', big, (c) => c.notNull().defaultTo(0))
    .addColumn('parsed', big, (c) => c.notNull().defaultTo(0))
    .addColumn('failed', big, (c) => c.notNull().defaultTo(0))
    .addColumn('dropped', big, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('event_source_minutes_pk', ['source_id', 'minute'])
    .execute();

  await db.schema
    .createTable('ingest_unregistered')
    .addColumn('address', 'varchar(64)', (c) => c.notNull())
    .addColumn('transport', 'varchar(16)', (c) => c.notNull())
    .addColumn('events', big, (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('last_seen_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('sample', 'varchar(200)')
    .addPrimaryKeyConstraint('ingest_unregistered_pk', ['address', 'transport'])
    .execute();

  await withId(db, db.schema.createTable('raw_events'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('event_sources.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('ts', TIMESTAMP, (c) => c.notNull())
    .addColumn('received_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('source_ip', 'varchar(64)')
    .addColumn('destination_ip', 'varchar(64)')
    .addColumn('host_name', 'varchar(255)')
    .addColumn('user_name', 'varchar(255)')
    .addColumn('event_action', 'varchar(255)')
    .addColumn('url_path', 'varchar(2000)')
    .addColumn('message', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('parse_error', 'varchar(500)')
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('raw_events_ts_idx').on('raw_events').columns(['ts', 'id']).execute();
  await db.schema
    .createIndex('raw_events_source_ts_idx')
    .on('raw_events')
    .columns(['source_id', 'ts'])
    .execute();
  await db.schema.createIndex('raw_events_unit_ts_idx').on('raw_events').columns(['unit_id', 'ts']).execute();

  await db.schema
    .createTable('ingest_checkpoints')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ingest_tail_offsets')
    .addColumn('source_id', 'integer', (c) => c.notNull().references('event_sources.id').onDelete('cascade'))
    .addColumn('path', 'varchar(1000)', (c) => c.notNull())
    .addColumn('file_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('offset', big, (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('ingest_tail_offsets_pk', ['source_id', 'path'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'ingest_tail_offsets',
    'ingest_checkpoints',
    'raw_events',
    'ingest_unregistered',
    'event_source_minutes',
    'event_sources',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
