import type { Kysely } from 'kysely';
import { TIMESTAMP, withId } from '../migration-helpers.ts';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * The optional rendering pass of website monitoring (issue 4): one row per page rendered in headless
 * Chromium, with what the browser showed (evidence JSON) and the screenshot stored under the data dir.
 */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('monitor_renders'))
    .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id'))
    .addColumn('page_url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('is_homepage', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('signature', 'varchar(64)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('screenshot_key', 'varchar(200)')
    .addColumn('screenshot_sha256', 'varchar(64)')
    .addColumn('screenshot_bytes', 'integer')
    .addColumn('screenshot_width', 'integer')
    .addColumn('screenshot_height', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('rendered_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_renders_page_idx')
    .on('monitor_renders')
    .columns(['monitor_id', 'page_url', 'rendered_at'])
    .execute();
  await db.schema.createIndex('monitor_renders_at_idx').on('monitor_renders').column('rendered_at').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('monitor_renders').execute();
}
