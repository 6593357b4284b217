import { sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { VerifyResult } from '../audit/audit-chain.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { type DatabaseHandle, migrateToLatest } from '../db/database.ts';
import { migrationProvider } from '../db/migrations/index.ts';
import type { Database } from '../db/schema.ts';
import { readBackup } from './backup.ts';
import { type BackupHeader, type BackupTableHeader, decodeValue } from './backup-format.ts';
import {
  countRows,
  deleteAllRows,
  describeTables,
  foreignKeySafeOrder,
  insertRows,
  resetSequence,
  type TableInfo,
} from './schema-introspection.ts';

/** The restore was refused before anything was written (target not fresh, file from a newer version...). */
export class RestoreRefusedError extends Error {}

export interface RestoreSummary {
  header: BackupHeader;
  tables: Array<{ name: string; rows: number }>;
  rows: number;
  audit: VerifyResult;
}

/** A target holding rows in any of these is in use: a restore never overwrites it. */
const GUARD_TABLES = ['users', 'regions', 'audit_log'];
// Bound parameters per INSERT stay well under SQLite's and PostgreSQL's limits.
const MAX_PARAMS = 900;

/**
 * Restores a backup into a fresh database (either dialect, whatever the backup's dialect was): checks the
 * whole file first, refuses a target that already holds data, runs migrations, inserts every row in one
 * transaction, moves PostgreSQL sequences past the restored ids, then verifies the audit chain.
 */
export async function restoreBackup(database: DatabaseHandle, file: string): Promise<RestoreSummary> {
  const { db, dialect } = database;
  const knownMigrations = Object.keys(await migrationProvider.getMigrations());
  // Pass 1: the whole file is read and checked before the target is touched.
  const header = await readBackup(file, (h) => {
    const unknown = h.migrations.filter((m) => !knownMigrations.includes(m));
    if (unknown.length > 0) {
      throw new RestoreRefusedError(
        `the backup was made by a newer version of Shouwang (unknown migrations: ${unknown.join(', ')}); upgrade first`,
      );
    }
  });

  const existing = new Set((await describeTables(db, dialect)).map((t) => t.name));
  for (const guard of GUARD_TABLES) {
    if (existing.has(guard) && (await countRows(db, guard)) > 0) {
      throw new RestoreRefusedError(
        `the target database is not empty (table "${guard}" has rows); restore only into a fresh database`,
      );
    }
  }

  await migrate(database);
  const target = foreignKeySafeOrder(await describeTables(db, dialect));
  const targetByName = new Map(target.map((t) => [t.name, t]));
  for (const t of header.tables) {
    const into = targetByName.get(t.name);
    if (!into)
      throw new RestoreRefusedError(`the backup holds table "${t.name}", which this database does not have`);
    const missing = t.columns.filter((c) => !into.columns.includes(c));
    if (missing.length > 0) {
      throw new RestoreRefusedError(
        `table "${t.name}" in the backup has columns this database lacks: ${missing.join(', ')}`,
      );
    }
  }

  await db.transaction().execute(async (trx) => {
    // SQLite checks foreign keys at commit; PostgreSQL per statement, hence the table and row order below.
    if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    // Rows that migrations seeded (e.g. shipped defaults) give way to the backup's own.
    for (const t of [...target].reverse()) {
      if (header.tables.some((h) => h.name === t.name)) await deleteAllRows(trx, t.name);
    }
    const sink = createRowSink(trx, targetByName);
    await readBackup(
      file,
      () => {},
      async (row, h) => {
        const table = h.tables.find((t) => t.name === row.t);
        if (table) await sink.add(table, row.v.map(decodeValue));
      },
    );
    await sink.flush();
    if (dialect === 'postgres') {
      for (const t of target) for (const c of t.serialColumns) await resetSequence(trx, t.name, c);
    }
  });

  const audit = await verifyAuditChain(db);
  const tables = header.tables.map((t) => ({ name: t.name, rows: t.rows }));
  return { header, tables, rows: tables.reduce((a, t) => a + t.rows, 0), audit };
}

/**
 * migrateToLatest, but on PostgreSQL with Kysely's bookkeeping tables pinned to the current schema: the
 * Migrator otherwise looks for them in every schema and, when another schema of the same database has
 * them, skips creating them in the fresh one.
 */
async function migrate(database: DatabaseHandle): Promise<void> {
  if (database.dialect !== 'postgres') {
    await migrateToLatest(database.db);
    return;
  }
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    migrationTableSchema: current.rows[0]?.schema,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Batches rows per table; rows of a self-referencing table are held and inserted parents first. */
function createRowSink(trx: Transaction<Database>, targets: Map<string, TableInfo>) {
  let current: BackupTableHeader | null = null;
  let pending: unknown[][] = [];

  async function flush(): Promise<void> {
    if (!current || pending.length === 0) return;
    const table = current;
    const rows = pending;
    pending = [];
    const info = targets.get(table.name);
    const ordered = info && info.selfReferences.length > 0 ? parentsFirst(table, info, rows) : rows;
    const perBatch = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, table.columns.length)));
    for (let i = 0; i < ordered.length; i += perBatch) {
      await insertRows(trx, table.name, table.columns, ordered.slice(i, i + perBatch));
    }
  }

  return {
    async add(table: BackupTableHeader, values: unknown[]): Promise<void> {
      if (current?.name !== table.name) {
        await flush();
        current = table;
      }
      pending.push(values);
      const selfReferencing = (targets.get(table.name)?.selfReferences.length ?? 0) > 0;
      if (!selfReferencing && pending.length >= 1000) await flush();
    },
    flush,
  };
}

/** Orders rows so that a row comes after the row it references in its own table. */
function parentsFirst(table: BackupTableHeader, info: TableInfo, rows: unknown[][]): unknown[][] {
  const refs = info.selfReferences.map((r) => ({
    column: table.columns.indexOf(r.column),
    refColumn: table.columns.indexOf(r.refColumn),
  }));
  if (refs.some((r) => r.column < 0 || r.refColumn < 0)) return rows;
  const present = refs.map((r) => new Set(rows.map((row) => row[r.refColumn])));
  const placed = refs.map(() => new Set<unknown>());
  const ordered: unknown[][] = [];
  let remaining = rows;
  while (remaining.length > 0) {
    const next: unknown[][] = [];
    for (const row of remaining) {
      const ready = refs.every((r, k) => {
        const v = row[r.column];
        return v === null || !present[k]?.has(v) || placed[k]?.has(v);
      });
      if (ready) {
        ordered.push(row);
        refs.forEach((r, k) => {
          placed[k]?.add(row[r.refColumn]);
        });
      } else next.push(row);
    }
    // A cycle cannot be ordered: insert the rest as they are and let the database refuse it.
    if (next.length === remaining.length) return [...ordered, ...next];
    remaining = next;
  }
  return ordered;
}
