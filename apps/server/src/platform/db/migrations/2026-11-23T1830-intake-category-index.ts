import { type Kysely, sql } from 'kysely';

// Written against Kysely<unknown> so it never depends on today's table types.
type Db = Kysely<unknown>;

/**
 * Reports by category, newest first: whether an office-defined category is used by any case (the
 * categories page asks it for each such category, and deletion is refused while one is) and the inbox's
 * category filter. Messages carry no category and stay out of the index.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('intake_cases_category_idx')
    .on('intake_cases')
    .columns(['category', 'created_at'])
    .where(sql.ref('category'), 'is not', null)
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('intake_cases_category_idx').execute();
}
