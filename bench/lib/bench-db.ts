// The database a benchmark measures: a fresh SQLite file in a temp directory, or a fresh schema in the
// PostgreSQL database at TEST_DATABASE_URL (default the local test database), dropped by dispose(). And the
// few rows (a city, a unit, an event source) the event benchmarks hang their data on.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sourcesRepository } from '../../apps/server/src/modules/events/sources/sources.repository.ts';
import { type DatabaseHandle, type Db, openDatabase } from '../../apps/server/src/platform/db/database.ts';
import type { DialectName } from '../../apps/server/src/platform/db/dialect.ts';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Dialect = DialectName;

/** How measurements name the database. */
export const dialectLabel = (dialect: Dialect): string => (dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');

export interface BenchDatabase {
  dialect: Dialect;
  handle: DatabaseHandle;
  /** A temp directory removed by dispose(): the SQLite file, or the data directory of a server over it. */
  dataDir: string;
  /** The PostgreSQL URL with its schema (for a server or job queue of its own); null on SQLite. */
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

async function onPostgres(run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Opens an empty database (not migrated) of `dialect`; `name` names the temp directory. `poolMax` is the
 * PostgreSQL pool size (the server's default when absent).
 */
export async function openBenchDatabase(
  dialect: Dialect,
  name: string,
  options: { poolMax?: number } = {},
): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `shouwang-bench-${name}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    // Checkpoints on their own thread, as the server runs.
    const handle = openDatabase({
      databaseUrl: null,
      sqlitePath: path.join(dataDir, 'shouwang.db'),
      walCheckpointThread: true,
    });
    return {
      dialect,
      handle,
      dataDir,
      databaseUrl: null,
      async dispose() {
        try {
          await handle.close();
        } finally {
          removeDir();
        }
      },
    };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  try {
    await onPostgres((c) => c.query(`create schema ${schema}`));
  } catch (err) {
    removeDir();
    throw err;
  }
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = openDatabase({ databaseUrl: url.toString(), sqlitePath: '', poolMax: options.poolMax });
  return {
    dialect,
    handle,
    dataDir,
    databaseUrl: url.toString(),
    async dispose() {
      try {
        await handle.close();
        await onPostgres((c) => c.query(`drop schema ${schema} cascade`));
      } finally {
        removeDir();
      }
    },
  };
}

/** A city region (its path set from its id), as the region tree needs it. */
export async function insertCity(db: Db, nowIso: string, name = '市'): Promise<{ id: number; path: string }> {
  const { id } = await db
    .insertInto('regions')
    .values({
      parent_id: null,
      name,
      code: null,
      level: 'city',
      path: '/',
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const regionPath = `/${id}/`;
  await db.updateTable('regions').set({ path: regionPath }).where('id', '=', id).execute();
  return { id, path: regionPath };
}

/** A government unit of `regionId`. */
export async function insertUnit(db: Db, regionId: number, nowIso: string): Promise<number> {
  const { id } = await db
    .insertInto('units')
    .values({
      region_id: regionId,
      name: '市政务服务中心',
      credit_code: null,
      kind: 'government',
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      leader_name: null,
      is_cii: 0,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** An enabled event source of `unitId` (Asia/Shanghai, no asset, file or token). */
export function insertEventSource(
  db: Db,
  source: { name: string; kind: string; unitId: number; transport: string; allowedSenders: string[] },
  nowIso: string,
): Promise<number> {
  return sourcesRepository.insert(db, {
    name: source.name,
    kind: source.kind,
    unit_id: source.unitId,
    asset_id: null,
    transport: source.transport,
    allowed_senders: JSON.stringify(source.allowedSenders),
    timezone: 'Asia/Shanghai',
    file_path: null,
    token_id: null,
    enabled: 1,
    created_by: null,
    created_at: nowIso,
    updated_at: nowIso,
  });
}
