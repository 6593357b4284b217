import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { type DialectName, dialectOf } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** Present on SQLite: the raw connection, for online backup. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

// COUNT(*) and bigint come back from pg as strings; counts here always fit a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  databaseUrl: string | null;
  sqlitePath: string;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

/** Opens the embedded SQLite file (WAL) or a PostgreSQL pool, with the same Kysely interface. */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
  }
  if (options.sqlitePath !== ':memory:') mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
  const sqlite = new SQLite(options.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

/**
 * better-sqlite3 as Kysely sees it, with prepared statements reused by their SQL text: Kysely prepares
 * every query it runs, which was an eighth of the CPU of a public submission. A statement still running
 * (a streamed select) is never handed out twice; the cache keeps the 1,000 most recently added texts.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string): SQLite.Statement {
      const hit = cache.get(text);
      if (hit && !hit.busy) return hit;
      const statement = sqlite.prepare(text);
      if (!hit) {
        if (cache.size >= max) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
        cache.set(text, statement);
      }
      return statement;
    },
    close(): void {
      sqlite.close();
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // On PostgreSQL, Kysely looks for its bookkeeping tables in any schema; pin them to the current one
  // (the search_path), so several schemas in one database (tests, tenants) never see each other's.
  const migrationTableSchema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Keeps the query planner's statistics current. On large tables SQLite must choose between a jurisdiction
 * range and a date order, and without statistics it chooses the range and sorts everything (seconds at a
 * million notices, instead of a fraction of a millisecond). STAT4 is compiled into better-sqlite3, so
 * ANALYZE samples give it real range estimates; analysis_limit is deliberately not set, because it turns
 * those samples off. PRAGMA optimize skips tables whose statistics are still good, so after the first run
 * it is close to free (0x10002: look at every table, not only recently used ones).
 * PostgreSQL's autovacuum keeps its own statistics.
 */
export async function optimizeDatabase(db: Db): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`pragma optimize = 0x10002`.execute(db);
}

export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}
