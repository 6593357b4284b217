import type { DialectName } from '../db/dialect.ts';

/**
 * The backup file: gzip'd NDJSON. Line 1 is the header; then one line per row, table by table in
 * foreign-key-safe order and primary-key order within a table; the last line is the trailer, so a file
 * cut short is recognised even when the cut falls on a line boundary.
 */
export const BACKUP_FORMAT = 'shouwang-backup';
export const BACKUP_VERSION = 1;

export interface BackupTableHeader {
  name: string;
  columns: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  dialect: DialectName;
  createdAt: string;
  migrations: string[];
  tables: BackupTableHeader[];
}

/** A row: the table and the values in the order of the header's columns. */
export interface BackupRowLine {
  t: string;
  v: unknown[];
}

export interface BackupTrailer {
  end: true;
  rows: number;
}

export class BackupFileError extends Error {}

/** Values that JSON cannot carry as they are (bytes, dates, JSON columns) are tagged. */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (typeof value === 'object') return { $json: JSON.stringify(value) };
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('$bytes' in value && typeof value.$bytes === 'string') return Buffer.from(value.$bytes, 'base64');
    if ('$json' in value && typeof value.$json === 'string') return value.$json;
    throw new BackupFileError('a value in the file has an unknown encoding');
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Checks the header line; throws BackupFileError with what is wrong. */
export function parseHeader(line: string | undefined): BackupHeader {
  if (line === undefined) throw new BackupFileError('the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupFileError('the first line is not a Shouwang backup header');
  }
  if (typeof value !== 'object' || value === null || !('format' in value) || value.format !== BACKUP_FORMAT) {
    throw new BackupFileError('this is not a Shouwang backup file');
  }
  const h = value as Record<string, unknown>;
  if (h.version !== BACKUP_VERSION) {
    throw new BackupFileError(
      `backup format version ${String(h.version)} is not supported (expected ${BACKUP_VERSION})`,
    );
  }
  if (h.dialect !== 'sqlite' && h.dialect !== 'postgres')
    throw new BackupFileError('the header names no dialect');
  if (typeof h.createdAt !== 'string' || !isStringArray(h.migrations) || !Array.isArray(h.tables)) {
    throw new BackupFileError('the header is incomplete');
  }
  const tables: BackupTableHeader[] = h.tables.map((t: unknown) => {
    if (typeof t !== 'object' || t === null) throw new BackupFileError('the header lists a malformed table');
    const r = t as Record<string, unknown>;
    if (
      typeof r.name !== 'string' ||
      !isStringArray(r.columns) ||
      !isStringArray(r.primaryKey) ||
      typeof r.rows !== 'number' ||
      !Number.isInteger(r.rows) ||
      r.rows < 0
    ) {
      throw new BackupFileError('the header lists a malformed table');
    }
    return { name: r.name, columns: r.columns, primaryKey: r.primaryKey, rows: r.rows };
  });
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    dialect: h.dialect,
    createdAt: h.createdAt,
    migrations: h.migrations,
    tables,
  };
}

/** A body line: a row or the trailer. */
export function parseBodyLine(line: string, lineNo: number): BackupRowLine | BackupTrailer {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupFileError(`line ${lineNo} is not valid JSON (the file is damaged)`);
  }
  if (typeof value === 'object' && value !== null) {
    if ('end' in value && value.end === true && 'rows' in value && typeof value.rows === 'number') {
      return { end: true, rows: value.rows };
    }
    if ('t' in value && typeof value.t === 'string' && 'v' in value && Array.isArray(value.v)) {
      return { t: value.t, v: value.v };
    }
  }
  throw new BackupFileError(`line ${lineNo} is neither a row nor the end marker (the file is damaged)`);
}
