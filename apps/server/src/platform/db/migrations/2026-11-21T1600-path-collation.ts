import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Region paths ("/1/4/12/") are identifiers, not words: compare them byte-wise so subtree ranges are exact
// and indexable whatever the database's locale. SQLite columns are already BINARY.
const PATH_COLUMNS: ReadonlyArray<[table: string, column: string, length: number]> = [
  ['regions', 'path', 400],
  ['notices', 'region_path', 400],
  ['findings', 'region_path', 400],
  ['audit_log', 'region_path', 400],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, column, length] of PATH_COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type varchar(${sql.lit(length)}) collate "C"`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, column, length] of PATH_COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type varchar(${sql.lit(length)}) collate "default"`.execute(
      db,
    );
  }
}
