import type { Kysely } from 'kysely';
import { TIMESTAMP, withId } from '../migration-helpers.ts';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

const ts = TIMESTAMP;

export async function up(db: Db): Promise<void> {
  await withId(db, db.schema.createTable('regions'))
    .addColumn('parent_id', 'integer', (c) => c.references('regions.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(32)')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('path', 'varchar(400)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_path_idx').on('regions').column('path').execute();
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_id').execute();

  await withId(db, db.schema.createTable('units'))
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('credit_code', 'varchar(18)')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(100)')
    .addColumn('contact_phone', 'varchar(40)')
    .addColumn('contact_email', 'varchar(200)')
    .addColumn('leader_name', 'varchar(100)')
    .addColumn('is_cii', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_region_idx').on('units').column('region_id').execute();
  await db.schema.createIndex('units_name_uq').on('units').columns(['region_id', 'name']).unique().execute();

  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('email', 'varchar(200)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_secret', 'varchar(64)')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_last_step', 'integer')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', ts)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locale', 'varchar(8)')
    .addColumn('last_login_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_region_idx').on('users').column('region_id').execute();
  await db.schema.createIndex('users_unit_idx').on('users').column('unit_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(400)')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('last_used_ip', 'varchar(64)')
    .addColumn('revoked_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('assets'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull())
    .addColumn('ips', 'text', (c) => c.notNull())
    .addColumn('mlps_level', 'integer')
    .addColumn('is_cii', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contact_name', 'varchar(100)')
    .addColumn('contact_phone', 'varchar(40)')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_unit_idx').on('assets').column('unit_id').execute();
  await db.schema.createIndex('assets_name_idx').on('assets').column('name').execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('actor_role', 'varchar(32)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(64)')
    .addColumn('region_path', 'varchar(400)')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema
    .createIndex('audit_log_resource_idx')
    .on('audit_log')
    .columns(['resource_type', 'resource_id'])
    .execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_id', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'varchar(64)', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('jobs'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('singleton_key', 'varchar(200)')
    .addColumn('last_error', 'text')
    .addColumn('locked_until', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['state', 'run_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_previews')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('valid_rows', 'text', (c) => c.notNull())
    .addColumn('row_errors', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('consumed_at', ts)
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'import_previews',
    'settings',
    'jobs',
    'audit_head',
    'audit_log',
    'assets',
    'api_tokens',
    'sessions',
    'users',
    'units',
    'regions',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
