import { sql } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { type MigrationDb, TIMESTAMP as ts, withId } from '../migration-helpers.ts';

/**
 * Security events (issue 5): Sigma rules kept in the database, alerts aggregated per rule + asset + key
 * with a bounded sample of their events, and suppressions (exceptions) with their hit counts.
 */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable('sigma_rules'))
    .addColumn('rule_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)')
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(300)')
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('rule_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correlation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('alerts'))
    .addColumn('alert_key', 'varchar(600)', (c) => c.notNull())
    .addColumn('rule_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('severity', 'varchar(4)', (c) => c.notNull())
    .addColumn('is_cii', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('group_key', 'varchar(400)', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
    .addColumn('region_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('window_ends_at', ts, (c) => c.notNull())
    .addColumn('matched_fields', 'text', (c) => c.notNull())
    .addColumn('finding_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finding_id', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  if (dialectOf(db) === 'postgres') {
    // Region paths compare byte-wise so subtree ranges are exact and indexable (see path-collation).
    await sql`alter table alerts alter column region_path type varchar(400) collate "C"`.execute(db);
  }
  await db.schema
    .createIndex('alerts_key_idx')
    .on('alerts')
    .columns(['alert_key', 'window_ends_at'])
    .execute();
  await db.schema
    .createIndex('alerts_region_idx')
    .on('alerts')
    .columns(['region_path', 'last_seen_at'])
    .execute();
  await db.schema.createIndex('alerts_order_idx').on('alerts').columns(['last_seen_at', 'id']).execute();
  await db.schema.createIndex('alerts_pending_idx').on('alerts').columns(['finding_pending', 'id']).execute();

  await withId(db, db.schema.createTable('alert_samples'))
    .addColumn('alert_id', 'integer', (c) => c.notNull().references('alerts.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('matched_fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_samples_alert_idx')
    .on('alert_samples')
    .columns(['alert_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('alert_suppressions'))
    .addColumn('rule_key', 'varchar(300)')
    .addColumn('source_id', 'integer')
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('region_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_hit_at', ts)
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table alert_suppressions alter column region_path type varchar(400) collate "C"`.execute(
      db,
    );
  }
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('alert_suppressions').execute();
  await db.schema.dropTable('alert_samples').execute();
  await db.schema.dropTable('alerts').execute();
  await db.schema.dropTable('sigma_rules').execute();
}
