import { CompiledQuery, type InsertObject, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Insert SQL by dialect, table, columns and row count; cleared when it grows past MAX_TEXTS. */
const compiled = new Map<string, string>();
const MAX_TEXTS = 500;

/**
 * Inserts rows of plain values with the SQL compiled once per dialect, table, column list and row count and then
 * reused with new parameters. On a hot path Kysely's building and compiling costs more than the database's
 * own work for small rows: a public submission's case (35 columns), its 16 band keys and its first event were
 * about a tenth of its CPU. Rows must share their columns; a row with an SQL expression as a value, or rows
 * with different columns, go through the builder as usual. Returns the new ids when `returningId`.
 */
export async function insertRows<T extends keyof Database & string>(
  q: Q,
  table: T,
  rows: readonly InsertObject<Database, T>[],
  returningId = false,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first).filter((c) => first[c] !== undefined);
  const parameters: unknown[] = [];
  let plain = true;
  for (const row of rows as readonly Record<string, unknown>[]) {
    if (Object.keys(row).filter((c) => row[c] !== undefined).length !== columns.length) plain = false;
    for (const c of columns) {
      const v = row[c];
      if ((v !== null && typeof v === 'object') || v === undefined) plain = false;
      parameters.push(v);
    }
  }
  // biome-ignore lint/suspicious/noExplicitAny: the builder's row type depends on T, which the caller has checked
  const build = () => (q as Kysely<any>).insertInto(table).values(rows as any);
  if (!plain) {
    const inserted = returningId ? await build().returning('id').execute() : await build().execute();
    return returningId ? (inserted as { id: number }[]).map((r) => Number(r.id)) : [];
  }
  const key = `${dialectOf(q)}:${table}:${columns.join(',')}:${rows.length}:${returningId}`;
  let text = compiled.get(key);
  if (text === undefined) {
    text = (returningId ? build().returning('id') : build()).compile().sql;
    if (compiled.size >= MAX_TEXTS) compiled.clear();
    compiled.set(key, text);
  }
  const result = await q.executeQuery<{ id: number }>(CompiledQuery.raw(text, parameters));
  return returningId ? result.rows.map((r) => Number(r.id)) : [];
}
