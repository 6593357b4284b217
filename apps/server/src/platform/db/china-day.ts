import { type RawBuilder, sql } from 'kysely';
import { dialectOf } from './dialect.ts';

/**
 * The China-time (UTC+8, no daylight saving) calendar day of an ISO 8601 UTC timestamp column, as
 * 'YYYY-MM-DD', computed in SQL. The one place where the two dialects differ on it; migrations use it too,
 * so keep its output stable.
 */
export function chinaDay(
  db: { getExecutor(): { readonly adapter: unknown } },
  column: string,
): RawBuilder<string> {
  const ref = sql.ref(column);
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char(cast(${ref} as timestamptz) at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`date(${ref}, '+8 hours')`;
}
