import type { CreateTableBuilder, Kysely } from 'kysely';
import { dialectOf } from './dialect.ts';

/**
 * Helpers for migrations, which are written against Kysely<unknown> so they never depend on today's table
 * types. Keep these stable: a landed migration must create the same schema forever.
 */
export type MigrationDb = Kysely<unknown>;

/** An integer surrogate key: serial on PostgreSQL, AUTOINCREMENT on SQLite. */
export function withId<T extends string>(db: MigrationDb, table: CreateTableBuilder<T, never>) {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** ISO 8601 UTC timestamps are stored as text on both databases. */
export const TIMESTAMP = 'varchar(32)';
