import { PostgresAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Which dialect a Kysely instance speaks; used where SQLite and PostgreSQL must differ. */
export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
