import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { DatabaseHandle } from '../db/database.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFileError,
  type BackupHeader,
  type BackupRowLine,
  encodeValue,
  parseBodyLine,
  parseHeader,
} from './backup-format.ts';
import {
  appliedMigrations,
  countRows,
  describeTables,
  foreignKeySafeOrder,
  readTablePage,
} from './schema-introspection.ts';

const PAGE = 2000;

/** Carries an error raised by the row consumer (e.g. the database) through the file-reading guard. */
class ConsumerError extends Error {
  readonly inner: unknown;
  constructor(inner: unknown) {
    super('row consumer failed');
    this.inner = inner;
  }
}

export interface BackupSummary {
  file: string;
  tables: Array<{ name: string; rows: number }>;
  rows: number;
}

/** <dataDir>/backups/shouwang-20261121-093000.ndjson.gz */
export function defaultBackupPath(dataDir: string, at: Date = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return path.join(dataDir, 'backups', `shouwang-${stamp}.ndjson.gz`);
}

/**
 * Writes a consistent logical snapshot of every table while the server keeps running: all reads happen
 * in one transaction (REPEATABLE READ, read-only on PostgreSQL; one read transaction on SQLite's WAL).
 * The file appears under its final name only once complete.
 */
export async function writeBackup(database: DatabaseHandle, file: string): Promise<BackupSummary> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial);
  gzip.pipe(out);
  const closed = once(out, 'close');
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  let trx = database.db.transaction();
  if (database.dialect === 'postgres')
    trx = trx.setIsolationLevel('repeatable read').setAccessMode('read only');
  try {
    const summary = await trx.execute(async (t) => {
      const tables = foreignKeySafeOrder(await describeTables(t, database.dialect));
      const counts = new Map<string, number>();
      for (const table of tables) counts.set(table.name, await countRows(t, table.name));
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        dialect: database.dialect,
        createdAt: new Date().toISOString(),
        migrations: await appliedMigrations(t),
        tables: tables.map((table) => ({
          name: table.name,
          columns: table.columns,
          primaryKey: table.primaryKey,
          rows: counts.get(table.name) ?? 0,
        })),
      };
      await write(header);
      let total = 0;
      for (const table of tables) {
        for (let offset = 0; ; offset += PAGE) {
          const rows = await readTablePage(t, table, PAGE, offset);
          for (const row of rows) {
            const line: BackupRowLine = { t: table.name, v: table.columns.map((c) => encodeValue(row[c])) };
            await write(line);
          }
          total += rows.length;
          if (rows.length < PAGE) break;
        }
      }
      await write({ end: true, rows: total });
      return { tables: header.tables.map((x) => ({ name: x.name, rows: x.rows })), rows: total };
    });
    gzip.end();
    await closed;
    renameSync(partial, file);
    return { file, ...summary };
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Reads a backup file line by line: the header first, then each row; checks the trailer and the row
 * counts so a damaged or truncated file is refused. `onRow` may be omitted for a validation pass.
 */
export async function readBackup(
  file: string,
  onHeader: (header: BackupHeader) => void | Promise<void>,
  onRow?: (row: BackupRowLine, header: BackupHeader) => Promise<void>,
): Promise<BackupHeader> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  let header: BackupHeader | null = null;
  let lineNo = 0;
  let ended = false;
  const seen = new Map<string, number>();
  let currentTable: string | null = null;
  const finished = new Set<string>();
  try {
    for await (const line of lines) {
      lineNo += 1;
      if (!header) {
        header = parseHeader(line);
        await onHeader(header);
        continue;
      }
      if (ended) throw new BackupFileError(`unexpected data after the end marker (line ${lineNo})`);
      const body = parseBodyLine(line, lineNo);
      if ('end' in body) {
        ended = true;
        const total = [...seen.values()].reduce((a, b) => a + b, 0);
        if (body.rows !== total)
          throw new BackupFileError(`the end marker counts ${body.rows} rows, the file holds ${total}`);
        continue;
      }
      const table = header.tables.find((t) => t.name === body.t);
      if (!table)
        throw new BackupFileError(
          `line ${lineNo} belongs to table "${body.t}", which the header does not list`,
        );
      if (body.v.length !== table.columns.length) {
        throw new BackupFileError(
          `line ${lineNo} has ${body.v.length} values; table "${table.name}" has ${table.columns.length} columns`,
        );
      }
      if (body.t !== currentTable) {
        if (finished.has(body.t))
          throw new BackupFileError(`rows of table "${body.t}" are split (line ${lineNo})`);
        if (currentTable) finished.add(currentTable);
        currentTable = body.t;
      }
      seen.set(body.t, (seen.get(body.t) ?? 0) + 1);
      if (onRow) await onRow(body, header).catch((err: unknown) => Promise.reject(new ConsumerError(err)));
    }
  } catch (err) {
    if (err instanceof ConsumerError) throw err.inner;
    if (err instanceof BackupFileError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new BackupFileError(`the file cannot be read (${message}); it is damaged or not a gzip'd backup`);
  }
  if (!header) throw new BackupFileError('the file is empty');
  if (!ended) throw new BackupFileError('the file ends before its end marker (truncated)');
  for (const t of header.tables) {
    const n = seen.get(t.name) ?? 0;
    if (n !== t.rows) throw new BackupFileError(`table "${t.name}" has ${n} rows; the header says ${t.rows}`);
  }
  return header;
}
