import type { CompiledQuery } from 'kysely';

/**
 * SQLite only: the compiled query with `INDEXED BY <index>` after its first `from <table>`, for the rare
 * list where SQLite's planner cannot know which plan is cheaper and we measured that it picks the wrong
 * one (see the callers). SQLite fails the query, rather than silently ignoring the hint, when the index
 * is missing, so a renamed index cannot quietly bring back the slow plan.
 */
export function forceIndex<R>(query: CompiledQuery<R>, quotedTable: string, index: string): CompiledQuery<R> {
  const from = `from ${quotedTable}`;
  const at = query.sql.indexOf(from);
  if (at < 0 || query.sql.indexOf(from, at + from.length) >= 0) {
    throw new Error(`forceIndex: expected exactly one "${from}" in: ${query.sql}`);
  }
  const end = at + from.length;
  return { ...query, sql: `${query.sql.slice(0, end)} indexed by "${index}"${query.sql.slice(end)}` };
}
