import type { Kysely } from 'kysely';

// Migrations are written against Kysely<unknown> so they never depend on today's table types.
type Db = Kysely<unknown>;

/**
 * Years of the holiday schedule imported or edited by an administrator. A stored year replaces the
 * calendar shipped with the release for that year; years in neither are provisional (weekdays only).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    // JSON: { holidays: [{date, name}], makeUpWorkdays: [{date, name}] }
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'varchar(64)', (c) => c.notNull())
    .addColumn('source', 'varchar(200)', (c) => c.notNull())
    // No foreign key: the name is kept for display and the audit log holds the full record.
    .addColumn('imported_by', 'integer')
    .addColumn('imported_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('calendar_years').execute();
}
