import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { type DialectName, dialectOf } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { startWalCheckpointer, WRITER_CHECKPOINT_PAGES } from './wal-checkpointer.ts';

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
  /**
   * SQLite: run WAL checkpoints on a worker thread (wal-checkpointer.ts) rather than in whichever request's
   * commit crosses the threshold. The server and the tests turn it on; short CLI commands leave SQLite's own.
   */
  walCheckpointThread?: boolean;
  /** Told when the checkpoint thread fails (the writer's fallback checkpoints still bound the WAL). */
  onCheckpointFailure?: (message: string) => void;
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
  const checkpointer =
    options.walCheckpointThread && options.sqlitePath !== ':memory:'
      ? startWalCheckpointer(options.sqlitePath, { onFailure: options.onCheckpointFailure })
      : null;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    async close() {
      // The thread's connection first: the last connection to close checkpoints everything and removes the WAL.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * better-sqlite3 as Kysely sees it, with prepared statements reused by their SQL text: Kysely prepares
 * every query it runs, which was an eighth of the CPU of a public submission. A statement still running
 * (a streamed select) is never handed out twice. Besides the 1,000 most recently added texts, the cache is
 * bounded by their length: a statement's native memory, which V8 does not see, grows with its text (about
 * 70 bytes a character: 2 MB for a 500-row insert of raw events), and one that lived in the cache long
 * enough to reach the old generation is freed only by a full GC, which a small JS heap rarely runs. Multi-
 * row inserts with a text per row count filled 1,000 entries and churned through them: the ingest
 * process held hundreds of MB of evicted statements. Longer texts are prepared for each use and die young.
 */
function withStatementCache(sqlite: SQLite.Database, maxStatements = 1000, maxTextChars = 1024 * 1024) {
  const cache = new Map<string, SQLite.Statement>();
  let textChars = 0;
  return {
    prepare(text: string): SQLite.Statement {
      const hit = cache.get(text);
      if (hit && !hit.busy) return hit;
      const statement = sqlite.prepare(text);
      if (!hit && text.length <= MAX_CACHED_TEXT) {
        while (cache.size > 0 && (cache.size >= maxStatements || textChars + text.length > maxTextChars)) {
          const oldest = cache.keys().next();
          if (oldest.done) break;
          cache.delete(oldest.value);
          textChars -= oldest.value.length;
        }
        cache.set(text, statement);
        textChars += text.length;
      }
      return statement;
    },
    close(): void {
      sqlite.close();
    },
  };
}

/** The longest SQL text the statement cache keeps (a 500-row insert of raw events is about 26,000). */
const MAX_CACHED_TEXT = 32 * 1024;

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
