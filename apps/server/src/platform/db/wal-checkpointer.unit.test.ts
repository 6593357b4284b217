import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { startWalCheckpointer, WRITER_CHECKPOINT_PAGES } from './wal-checkpointer.ts';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shouwang-wal-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

describe('WAL checkpoint thread', () => {
  it('copies committed pages into the database file while the writer never checkpoints', async () => {
    const file = tempFile();
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (x blob)');
    const insert = writer.prepare('insert into t values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 300; i++) insert.run(randomBytes(4000));
    })();
    // Nothing has been checkpointed: the rows are only in the WAL.
    expect(statSync(file).size).toBeLessThan(100 * 4096);

    const checkpointer = startWalCheckpointer(file, { intervalMs: 50 });
    expect(await until(() => statSync(file).size >= 300 * 4096)).toBe(true);
    await checkpointer.stop();
    // Stopping twice is harmless, and the writer carries on.
    await checkpointer.stop();
    insert.run(randomBytes(10));
    expect(writer.prepare('select count(*) from t').pluck().get()).toBe(301);
    writer.close();
  });

  it('reports a file it cannot open, and stop() still returns', async () => {
    const failures: string[] = [];
    const checkpointer = startWalCheckpointer(path.join(tempFile(), 'missing.sqlite'), {
      onFailure: (m) => failures.push(m),
    });
    expect(await until(() => failures.length > 0)).toBe(true);
    await checkpointer.stop();
  });

  it('is how openDatabase runs when asked: the writer keeps only a fallback threshold, and close removes the WAL', async () => {
    const file = tempFile();
    const handle = openDatabase({ databaseUrl: null, sqlitePath: file, walCheckpointThread: true });
    expect(handle.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CHECKPOINT_PAGES);
    await sql`create table t (x integer)`.execute(handle.db);
    await sql`insert into t values (1)`.execute(handle.db);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await handle.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SQLite(file);
    expect(reopened.prepare('select x from t').pluck().get()).toBe(1);
    reopened.close();

    const inline = openDatabase({ databaseUrl: null, sqlitePath: tempFile() });
    expect(inline.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await inline.close();
  });
});
