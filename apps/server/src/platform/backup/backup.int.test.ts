import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { appendAudit, verifyAuditChain } from '../audit/audit-log.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { systemActor } from '../http/actor.ts';
import { writeBackup } from './backup.ts';
import { BackupFileError } from './backup-format.ts';
import { RestoreRefusedError, restoreBackup } from './restore.ts';
import { describeTables, readTablePage } from './schema-introspection.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

interface Target {
  database: DatabaseHandle;
  drop(): Promise<void>;
}

/** A brand-new, unmigrated database of the given dialect. */
async function freshTarget(dialect: 'sqlite' | 'postgres', dir: string): Promise<Target> {
  if (dialect === 'sqlite') {
    const database = openDatabase({
      databaseUrl: null,
      sqlitePath: path.join(dir, `${randomBytes(4).toString('hex')}.db`),
    });
    return { database, drop: () => database.close() };
  }
  if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `r_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ databaseUrl: url.toString(), sqlitePath: '', poolMax: 2 });
  return {
    database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** Every table's rows in primary-key order, for comparing two databases. */
async function snapshot(database: DatabaseHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await describeTables(database.db, database.dialect)) {
    out[table.name] = await readTablePage(database.db, table, 1_000_000, 0);
  }
  return out;
}

describe(`backup and restore (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let dir: string;
  let file: string;
  const targets: Target[] = [];
  const target = async (dialect: 'sqlite' | 'postgres') => {
    const t = await freshTarget(dialect, dir);
    targets.push(t);
    return t.database;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = mkdtempSync(path.join(tmpdir(), 'shouwang-backup-'));
    const j = await buildJurisdiction(ctx);
    // A region whose parent has a higher id: restoring must still insert the parent first.
    const { db } = ctx.services.database;
    const late = await db
      .insertInto('regions')
      .values({
        parent_id: null,
        name: '新区',
        code: null,
        level: 'county',
        path: '/',
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('regions').set({ parent_id: late.id }).where('id', '=', j.townA.id).execute();
    await buildUser(ctx, { role: 'office_admin', region: j.city, username: 'cityadmin' });
    await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    for (let i = 0; i < 25; i++) {
      await db.transaction().execute((trx) =>
        appendAudit(trx, systemActor('/', 'seed'), {
          action: 'thing.update',
          resourceType: 'thing',
          resourceId: i,
          regionPath: j.countyA.path,
          after: { n: i, text: '中文 "quoted" \n newline' },
        }),
      );
    }
    await db
      .insertInto('jobs')
      .values({
        name: 'test.pending',
        data: '{"keep":1}',
        state: 'queued',
        run_at: '2030-01-01T00:00:00.000Z',
        attempts: 0,
        max_attempts: 4,
        singleton_key: null,
        last_error: null,
        locked_until: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    file = path.join(dir, 'backup.ndjson.gz');
    // Writes go on while the backup runs; the snapshot must still be a consistent chain.
    const [summary] = await Promise.all([
      writeBackup(ctx.services.database, file),
      db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, systemActor('/', 'concurrent'), { action: 'x.y', resourceType: 'x' }),
        ),
    ]);
    expect(summary.tables.find((t) => t.name === 'users')?.rows).toBe(2);
  });

  afterAll(async () => {
    for (const t of targets) await t.drop();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a header with format, dialect, migrations and row counts, then rows in key order', () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0] ?? '{}');
    expect(header).toMatchObject({ format: 'shouwang-backup', version: 1, dialect: ctx.dialect });
    expect(header.migrations).toContain('2026-11-21T0900-core');
    const names = header.tables.map((t: { name: string }) => t.name);
    expect(names).not.toContain('kysely_migration');
    expect(names.indexOf('regions')).toBeLessThan(names.indexOf('units'));
    expect(names.indexOf('units')).toBeLessThan(names.indexOf('users'));
    expect(JSON.parse(lines.at(-1) ?? '{}')).toEqual({ end: true, rows: lines.length - 2 });
    const auditIds = lines
      .slice(1, -1)
      .map((l) => JSON.parse(l))
      .filter((r) => r.t === 'audit_log')
      .map((r) => r.v[0]);
    expect(auditIds).toEqual([...auditIds].sort((a, b) => a - b));
  });

  const dialects = (): Array<'sqlite' | 'postgres'> => (pgUrl ? ['sqlite', 'postgres'] : ['sqlite']);

  it.each(dialects())('restores into a fresh %s database with identical rows and audit head', async (d) => {
    const into = await target(d);
    const result = await restoreBackup(into, file);
    expect(result.audit.ok).toBe(true);
    const source = await verifyAuditChain(ctx.services.database.db);
    if (!result.audit.ok || !source.ok) throw new Error('chain broken');
    // The concurrent entry may or may not have made it into the snapshot; the restored head is a real one.
    const backedUp = await snapshot(into);
    const live = await snapshot(ctx.services.database);
    for (const [table, rows] of Object.entries(live)) {
      if (table === 'audit_log' || table === 'audit_head') continue;
      expect(backedUp[table], table).toEqual(rows);
    }
    expect(backedUp.audit_log).toEqual(live.audit_log?.slice(0, backedUp.audit_log?.length));
    const sourceHash = live.audit_log?.[result.audit.head.lastId - 1];
    expect(sourceHash).toMatchObject({ id: result.audit.head.lastId, hash: result.audit.head.lastHash });

    // New rows continue after the restored ids (sequences moved on).
    const added = await into.db
      .insertInto('regions')
      .values({
        parent_id: null,
        name: 'after',
        code: null,
        level: 'city',
        path: '/',
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const maxBefore = Math.max(...(live.regions ?? []).map((r) => Number((r as { id: number }).id)));
    expect(added.id).toBeGreaterThan(maxBefore);

    // Round trip: a backup of the restored database restores again to the same rows (cross-dialect too).
    const again = path.join(dir, `again-${d}.ndjson.gz`);
    await into.db.deleteFrom('regions').where('id', '=', added.id).execute();
    await writeBackup(into, again);
    for (const other of dialects()) {
      const second = await target(other);
      await restoreBackup(second, again);
      expect(await snapshot(second)).toEqual(backedUp);
    }
  });

  it('refuses a target that already holds data, and changes nothing there', async () => {
    const into = await target('sqlite');
    await restoreBackup(into, file);
    const before = await snapshot(into);
    await expect(restoreBackup(into, file)).rejects.toThrow(RestoreRefusedError);
    await expect(restoreBackup(into, file)).rejects.toThrow(/not empty \(table "users" has rows\)/);
    expect(await snapshot(into)).toEqual(before);
  });

  it.each([
    ['truncated gzip', (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.7)), /damaged|truncated/],
    [
      'a row removed',
      (b: Buffer) => {
        const lines = gunzipSync(b).toString('utf8').split('\n');
        lines.splice(5, 1);
        return gzipSync(lines.join('\n'));
      },
      /rows/,
    ],
    [
      'cut at a line boundary',
      (b: Buffer) => {
        const lines = gunzipSync(b).toString('utf8').trim().split('\n');
        return gzipSync(lines.slice(0, -3).join('\n'));
      },
      /truncated/,
    ],
    ['not a backup at all', () => gzipSync('{"hello":1}\n'), /not a Shouwang backup/],
    ['not gzip', () => Buffer.from('plain text'), /damaged|gzip/],
  ])('refuses a backup with %s and leaves the target untouched', async (_name, damage, message) => {
    const bad = path.join(dir, `bad-${randomBytes(3).toString('hex')}.gz`);
    writeFileSync(bad, damage(readFileSync(file)));
    const into = await target(ctx.dialect);
    const error = await restoreBackup(into, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupFileError);
    expect(String(error)).toMatch(message);
    expect(await describeTables(into.db, into.dialect)).toEqual([]);
  });
});
