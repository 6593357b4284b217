import type { Kysely } from 'kysely';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * What an Open311 GeoReport v2 client sent with a request beyond the message itself (location, device,
 * account, media URL), and the token it may follow the request with (issue 6).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('intake_open311')
    .addColumn('case_id', 'integer', (c) => c.primaryKey().references('intake_cases.id'))
    .addColumn('token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('service_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('long', 'double precision')
    .addColumn('address', 'varchar(500)')
    .addColumn('address_id', 'varchar(100)')
    .addColumn('email', 'varchar(200)')
    .addColumn('device_id', 'varchar(200)')
    .addColumn('account_id', 'varchar(200)')
    .addColumn('media_url', 'varchar(2000)')
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('intake_open311').execute();
}
