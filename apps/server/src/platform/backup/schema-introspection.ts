import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables this one references (its own name included for a self-reference such as regions.parent_id). */
  references: string[];
  /** Columns referencing this same table (e.g. regions.parent_id -> regions.id): parents must come first. */
  selfReferences: Array<{ column: string; refColumn: string }>;
  /** PostgreSQL columns fed by a sequence (serial), whose sequence a restore must move past the rows. */
  serialColumns: string[];
}

/** Kysely's own bookkeeping, re-created by migrations; pg-boss lives in its own schema and is never listed. */
export const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every application table of the current database (schema on PostgreSQL), with keys and references. */
export async function describeTables(db: Q, dialect: DialectName): Promise<TableInfo[]> {
  const names = await listTableNames(db, dialect);
  const tables: TableInfo[] = [];
  for (const name of names) {
    tables.push(
      dialect === 'postgres' ? await describePgTable(db, name) : await describeSqliteTable(db, name),
    );
  }
  return tables;
}

async function listTableNames(db: Q, dialect: DialectName): Promise<string[]> {
  const rows =
    dialect === 'postgres'
      ? await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  return rows.rows
    .map((r) => r.name)
    .filter((n) => !SKIPPED_TABLES.has(n))
    .sort();
}

async function describeSqliteTable(db: Q, name: string): Promise<TableInfo> {
  const cols = await sql<{
    name: string;
    pk: number;
  }>`select name, pk from pragma_table_info(${name})`.execute(db);
  const fks = await sql<{ table: string; from: string; to: string | null }>`
    select "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(db);
  const pkColumns = cols.rows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  return {
    name,
    columns: cols.rows.map((c) => c.name),
    primaryKey: pkColumns,
    references: [...new Set(fks.rows.map((f) => f.table))],
    selfReferences: fks.rows
      .filter((f) => f.table === name)
      .map((f) => ({ column: f.from, refColumn: f.to ?? pkColumns[0] ?? 'id' })),
    serialColumns: [],
  };
}

async function describePgTable(db: Q, name: string): Promise<TableInfo> {
  const cols = await sql<{ name: string; column_default: string | null }>`
    select column_name as name, column_default from information_schema.columns
    where table_schema = current_schema() and table_name = ${name} order by ordinal_position`.execute(db);
  const pk = await sql<{ name: string }>`
    select a.attname as name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and n.nspname = current_schema() and c.relname = ${name}
    order by k.ord`.execute(db);
  // Single-column foreign keys only are expanded into columns; all of the schema's keys are single-column.
  const fks = await sql<{ ref: string; column: string; ref_column: string }>`
    select rc.relname as ref, a.attname as column, ra.attname as ref_column
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_class rc on rc.oid = con.confrelid
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
    join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = con.confkey[1]
    where con.contype = 'f' and n.nspname = current_schema() and c.relname = ${name}`.execute(db);
  return {
    name,
    columns: cols.rows.map((c) => c.name),
    primaryKey: pk.rows.map((r) => r.name),
    references: [...new Set(fks.rows.map((r) => r.ref))],
    selfReferences: fks.rows
      .filter((r) => r.ref === name)
      .map((r) => ({ column: r.column, refColumn: r.ref_column })),
    serialColumns: cols.rows.filter((c) => c.column_default?.startsWith('nextval(')).map((c) => c.name),
  };
}

/** Orders tables so every table comes after the tables it references (self-references aside). */
export function foreignKeySafeOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: TableInfo[] = [];
  const visit = (t: TableInfo) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    for (const ref of t.references) {
      const target = byName.get(ref);
      if (target && ref !== t.name) visit(target);
    }
    visiting.delete(t.name);
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return ordered;
}

/** The migrations applied to a database, oldest first (from Kysely's bookkeeping table). */
export async function appliedMigrations(db: Q): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Rows of a table in primary-key order, one page at a time. */
export async function readTablePage(
  db: Q,
  table: TableInfo,
  limit: number,
  offset: number,
): Promise<Record<string, unknown>[]> {
  const order = table.primaryKey.length > 0 ? table.primaryKey : table.columns;
  const rows = await sql<Record<string, unknown>>`
    select * from ${sql.table(table.name)}
    order by ${sql.join(order.map((c) => sql.ref(c)))}
    limit ${limit} offset ${offset}`.execute(db);
  return rows.rows;
}

export async function countRows(db: Q, table: string): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

export async function deleteAllRows(db: Q, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
}

export async function insertRows(db: Q, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values ${sql.join(rows.map((r) => sql`(${sql.join(r)})`))}`.execute(db);
}

/** Moves a PostgreSQL serial column's sequence past the highest restored value. */
export async function resetSequence(db: Q, table: string, column: string): Promise<void> {
  await sql`
    select setval(
      pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(${table}), ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 1),
      (select max(${sql.ref(column)}) from ${sql.table(table)}) is not null
    )`.execute(db);
}
