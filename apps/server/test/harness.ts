import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config/config.ts';
import { createHttpApp } from '../src/http-server.ts';
import { migrateToLatest, openDatabase } from '../src/platform/db/database.ts';
import type { App } from '../src/platform/http/app.ts';
import { type Clock, createServices, type Services } from '../src/services.ts';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialect this Vitest project runs on (see vitest.config.ts): one run per database. */
export function testDialect(): TestDialect {
  return process.env.SHOUWANG_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestContext {
  dialect: TestDialect;
  config: Config;
  services: Services;
  app: App;
  dataDir: string;
  clock: MutableClock;
  close(): Promise<void>;
}

export class MutableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * A fresh, migrated database (a temp SQLite file, or a new PostgreSQL schema) and the real app over it.
 * Each test file gets its own, so files run in parallel without sharing rows.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const dialect = testDialect();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shouwang-test-'));
  let databaseUrl: string | undefined;
  let dropSchema: (() => Promise<void>) | null = null;
  if (dialect === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TEST_DATABASE_URL is not set for the postgres project');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  const config = loadConfig({
    SHOUWANG_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    SHOUWANG_WEB_DIST: path.join(dataDir, 'no-web'),
    ...env,
  });
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    poolMax: 4,
    // As the server runs it.
    walCheckpointThread: true,
  });
  await migrateToLatest(database.db);
  const clock = new MutableClock();
  const services = createServices(config, database, clock);
  const app = await createHttpApp(services, false);
  await app.ready();
  return {
    dialect,
    config,
    services,
    app,
    dataDir,
    clock,
    async close() {
      await app.close();
      await database.close();
      if (dropSchema) await dropSchema();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
