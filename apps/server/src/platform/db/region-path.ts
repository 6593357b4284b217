import { type SqlBool, sql } from 'kysely';

/**
 * `column` lies in the region subtree whose materialised path is `prefix` ("/1/4/"). Paths are digits and
 * slashes, so the subtree is exactly the range [prefix, prefix with its last "/" raised to "0"). Unlike
 * LIKE 'prefix%', which SQLite cannot answer from an index (its LIKE ignores case), a range is an index
 * scan on both databases. Path columns compare byte-wise: BINARY on SQLite, COLLATE "C" on PostgreSQL
 * (migration 2026-11-21T1600-path-collation), so the range is exact under any database locale.
 */
export function inRegionSubtree(column: string, prefix: string) {
  const upper = `${prefix.slice(0, -1)}0`;
  return sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${upper})`;
}
