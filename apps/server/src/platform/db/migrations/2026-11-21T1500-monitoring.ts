import type { Kysely } from 'kysely';
import { TIMESTAMP, withId } from '../migration-helpers.ts';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

const ts = TIMESTAMP;

/**
 * Website monitoring (issue 4): one monitor per asset with its schedule and state, a bounded run history
 * and hourly uptime counters (so uptime over 7 days reads at most 168 rows per site), defacement
 * baselines per watched page, and outages with their durations.
 */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('monitors'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().unique().references('assets.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('pages', 'text', (c) => c.notNull())
    .addColumn('crawl_depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('maintenance', 'text', (c) => c.notNull())
    .addColumn('tls_probe_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .addColumn('tls_probed_at', ts)
    .addColumn('host', 'varchar(255)', (c) => c.notNull())
    .addColumn('next_run_at', ts)
    .addColumn('last_run_at', ts)
    .addColumn('claim_token', 'varchar(64)')
    .addColumn('claimed_until', ts)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitors_due_idx')
    .on('monitors')
    .columns(['enabled', 'next_run_at'])
    .execute();
  await db.schema
    .createIndex('monitors_claim_idx')
    .on('monitors')
    .columns(['claimed_until', 'host'])
    .execute();
  await db.schema.createIndex('monitors_status_idx').on('monitors').column('status').execute();

  await withId(db, db.schema.createTable('monitor_runs'))
    .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer')
    .addColumn('findings_count', 'integer', (c) => c.notNull())
    .addColumn('error_kind', 'varchar(32)')
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_runs_monitor_at_idx')
    .on('monitor_runs')
    .columns(['monitor_id', 'at'])
    .execute();
  await db.schema.createIndex('monitor_runs_at_idx').on('monitor_runs').column('at').execute();

  await db.schema
    .createTable('monitor_hourly')
    .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id'))
    .addColumn('hour', ts, (c) => c.notNull())
    .addColumn('checks', 'integer', (c) => c.notNull())
    .addColumn('up', 'integer', (c) => c.notNull())
    .addColumn('latency_sum', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitor_hourly_pk', ['monitor_id', 'hour'])
    .execute();

  await withId(db, db.schema.createTable('page_baselines'))
    .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id'))
    .addColumn('page_url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'integer')
    .addColumn('accepted_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('accepted_at', ts, (c) => c.notNull())
    .addColumn('pending_snapshot', 'text')
    .addColumn('pending_comparison', 'text')
    .addColumn('pending_since', ts)
    .execute();
  await db.schema
    .createIndex('page_baselines_page_uq')
    .on('page_baselines')
    .columns(['monitor_id', 'page_url'])
    .unique()
    .execute();

  await withId(db, db.schema.createTable('outages'))
    .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id'))
    .addColumn('page_url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('is_homepage', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('confirmed_at', ts)
    .addColumn('resolved_at', ts)
    .addColumn('duration_seconds', 'integer')
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('outages_open_idx')
    .on('outages')
    .columns(['monitor_id', 'resolved_at', 'kind'])
    .execute();
  await db.schema.createIndex('outages_first_seen_idx').on('outages').column('first_seen_at').execute();
  // The site list counts each site's open findings: by asset, not only by unit.
  await db.schema
    .createIndex('findings_asset_status_idx')
    .on('findings')
    .columns(['asset_id', 'status'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('findings_asset_status_idx').execute();
  for (const table of ['outages', 'page_baselines', 'monitor_hourly', 'monitor_runs', 'monitors']) {
    await db.schema.dropTable(table).execute();
  }
}
