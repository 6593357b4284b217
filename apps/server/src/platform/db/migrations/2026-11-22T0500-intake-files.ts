import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/** Evidence files of citizen cases (issue 6): re-encoded images and PDFs, stored under the data dir. */
export async function up(db: Db): Promise<void> {
  const table = db.schema.createTable('intake_files');
  await (dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intake_files_case').on('intake_files').column('case_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('intake_files').execute();
}
