import type { Kysely } from 'kysely';
import { TIMESTAMP, withId } from '../migration-helpers.ts';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

const ts = TIMESTAMP;

/** The notice loop (issue 3): findings, notices with their timeline and files, and notification delivery. */
export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('findings'))
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('detector', 'varchar(100)', (c) => c.notNull())
    .addColumn('dedup_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
    .addColumn('region_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('severity', 'varchar(4)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('page_url', 'varchar(2000)')
    .addColumn('is_homepage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recheck', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('notice_id', 'integer')
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_dedup_idx').on('findings').columns(['dedup_key', 'status']).execute();
  await db.schema.createIndex('findings_unit_idx').on('findings').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('findings_notice_idx').on('findings').column('notice_id').execute();

  await withId(db, db.schema.createTable('notices'))
    .addColumn('office_region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('doc_year', 'integer')
    .addColumn('doc_seq', 'integer')
    .addColumn('doc_number', 'varchar(100)')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
    .addColumn('region_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('severity', 'varchar(4)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('required_actions', 'text', (c) => c.notNull())
    .addColumn('tlp', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(24)', (c) => c.notNull())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('requires_leader_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sign_due_at', ts)
    .addColumn('rectify_due_at', ts)
    .addColumn('deadline_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deadline_reason', 'text')
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overdue_since', ts)
    .addColumn('supervision_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminder_at', ts)
    .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_on_time', 'integer')
    .addColumn('rectified_on_time', 'integer')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', ts)
    .addColumn('signed_at', ts)
    .addColumn('reported_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notices_doc_number_uq')
    .on('notices')
    .columns(['office_region_id', 'doc_year', 'doc_seq'])
    .unique()
    .execute();
  await db.schema.createIndex('notices_unit_state_idx').on('notices').columns(['unit_id', 'state']).execute();
  await db.schema
    .createIndex('notices_region_created_idx')
    .on('notices')
    .columns(['region_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notices_state_sign_due_idx')
    .on('notices')
    .columns(['state', 'sign_due_at'])
    .execute();
  await db.schema
    .createIndex('notices_state_rectify_due_idx')
    .on('notices')
    .columns(['state', 'rectify_due_at'])
    .execute();

  await withId(db, db.schema.createTable('notice_events'))
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('actor_role', 'varchar(32)')
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(24)')
    .addColumn('to_state', 'varchar(24)')
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('notice_events_notice_idx')
    .on('notice_events')
    .columns(['notice_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('notice_attachments'))
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
    .addColumn('event_id', 'integer')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notice_attachments_notice_idx')
    .on('notice_attachments')
    .column('notice_id')
    .execute();

  await db.schema
    .createTable('doc_number_sequences')
    .addColumn('office_region_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_number_sequences_pk', ['office_region_id', 'year'])
    .execute();

  // Written in the same transaction as the change it announces, so a crash cannot lose a notification.
  await withId(db, db.schema.createTable('notification_outbox'))
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('notice_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('dispatched_at', ts)
    .execute();
  await db.schema
    .createIndex('notification_outbox_pending_idx')
    .on('notification_outbox')
    .columns(['dispatched_at', 'id'])
    .execute();

  await withId(db, db.schema.createTable('notification_deliveries'))
    .addColumn('outbox_id', 'integer', (c) => c.notNull().references('notification_outbox.id'))
    .addColumn('notice_id', 'integer')
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel_id', 'integer')
    .addColumn('recipient', 'varchar(300)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', ts)
    .addColumn('sent_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_deliveries_due_idx')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('notification_deliveries_notice_idx')
    .on('notification_deliveries')
    .column('notice_id')
    .execute();

  await withId(db, db.schema.createTable('notification_channels'))
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['user_id', 'channel', 'topic'])
    .execute();

  await withId(db, db.schema.createTable('inbox_messages'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('notice_id', 'integer')
    .addColumn('read_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbox_messages_user_idx')
    .on('inbox_messages')
    .columns(['user_id', 'read_at'])
    .execute();

  await withId(db, db.schema.createTable('saved_views'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('page', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'saved_views',
    'inbox_messages',
    'notification_prefs',
    'notification_channels',
    'notification_deliveries',
    'notification_outbox',
    'doc_number_sequences',
    'notice_attachments',
    'notice_events',
    'notices',
    'findings',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
