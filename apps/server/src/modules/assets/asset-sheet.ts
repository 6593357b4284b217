import type { Writable } from 'node:stream';
import { ASSET_KINDS, type AssetKind, LOCALES, type Locale } from '@shouwang/common';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Upload } from '../../platform/files/upload.ts';
import { assetText, SHEET_COLUMNS, type SheetColumn } from './asset-text.ts';
import type { AssetWithUnit } from './assets.repository.ts';

/** One non-empty data row: its spreadsheet row number (header is row 1) and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export type SheetRead =
  | { ok: true; header: string[]; rows: SheetRow[] }
  | { ok: false; reason: 'unreadable' | 'too_many_rows' };

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

function cellText(cell: ExcelJS.Cell): string {
  // .text renders hyperlinks, rich text and formula results the way Excel shows them.
  return (cell.text ?? '').trim();
}

async function readXlsx(buffer: Buffer, maxRows: number): Promise<SheetRead> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy gives one (uploads are bounded by the size limit).
    await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: true, header: [], rows: [] };
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  for (let n = 1; n <= sheet.rowCount; n++) {
    const row = sheet.findRow(n);
    if (!row?.hasValues) continue;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell);
    });
    const filled = Array.from(cells, (c) => c ?? '');
    if (isBlank(filled)) continue;
    if (!header) header = filled;
    else if (rows.push({ row: n, cells: filled }) > maxRows) return { ok: false, reason: 'too_many_rows' };
  }
  return { ok: true, header: header ?? [], rows };
}

function readCsv(text: string, maxRows: number): SheetRead {
  let records: string[][];
  try {
    // Blank lines are kept as records so record numbers match the row numbers Excel shows.
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  for (const [i, record] of records.entries()) {
    const cells = record.map((c) => c.trim());
    if (isBlank(cells)) continue;
    if (!header) header = cells;
    else if (rows.push({ row: i + 1, cells }) > maxRows) return { ok: false, reason: 'too_many_rows' };
  }
  return { ok: true, header: header ?? [], rows };
}

/** The first worksheet of an XLSX, or a CSV, as header + non-empty rows; stops past maxRows. */
export function readSheet(upload: Upload, maxRows: number): Promise<SheetRead> | SheetRead {
  return upload.type === 'xlsx' ? readXlsx(upload.buffer, maxRows) : readCsv(upload.text, maxRows);
}

// ---- Header and cell vocabularies, from both languages' catalogs ----

function normalizeWord(s: string): string {
  // "名称*", "等保级别（1-5）", "Contact Name" all reduce to their bare word.
  return s
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊_-]/g, '')
    .toLowerCase();
}

function vocabulary<K extends string>(entries: [K, string[]][]): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, words] of entries) for (const w of words) map.set(normalizeWord(w), key);
  return map;
}

const catalogs = LOCALES.map(assetText);

const HEADER_WORDS = vocabulary(
  SHEET_COLUMNS.map((col): [SheetColumn, string[]] => [
    col,
    catalogs.flatMap((t) => [col, t.columns[col], ...(t.aliases.columns[col] ?? [])]),
  ]),
);
const KIND_WORDS = vocabulary(
  ASSET_KINDS.map((k): [AssetKind, string[]] => [
    k,
    catalogs.flatMap((t) => [k, t.kinds[k], ...(t.aliases.kinds[k] ?? [])]),
  ]),
);
const BOOL_WORDS = vocabulary<'yes' | 'no'>([
  ['yes', catalogs.flatMap((t) => [t.yes, ...t.aliases.yes])],
  ['no', catalogs.flatMap((t) => [t.no, ...t.aliases.no])],
]);

export const REQUIRED_COLUMNS: readonly SheetColumn[] = ['name', 'kind', 'unit'];

/** Where each known column is; unknown columns are ignored, the first of duplicates wins. */
export function mapColumns(header: readonly string[]): {
  index: Partial<Record<SheetColumn, number>>;
  missing: SheetColumn[];
} {
  const index: Partial<Record<SheetColumn, number>> = {};
  header.forEach((h, i) => {
    const col = HEADER_WORDS.get(normalizeWord(h));
    if (col && index[col] === undefined) index[col] = i;
  });
  return { index, missing: REQUIRED_COLUMNS.filter((c) => index[c] === undefined) };
}

export function parseKindCell(cell: string): AssetKind | null {
  return KIND_WORDS.get(normalizeWord(cell)) ?? null;
}

/** 是/否, true/false, yes/no, 1/0; empty is null (derive from kind); anything else is 'invalid'. */
export function parseBoolCell(cell: string): boolean | null | 'invalid' {
  if (!cell.trim()) return null;
  const word = BOOL_WORDS.get(normalizeWord(cell));
  return word === undefined ? 'invalid' : word === 'yes';
}

// ---- Writing ----

function exportColumns(locale: Locale) {
  const t = assetText(locale);
  const widths: Record<SheetColumn | 'updatedAt', number> = {
    name: 30,
    kind: 16,
    unit: 26,
    region: 14,
    domains: 30,
    urls: 36,
    ips: 22,
    mlpsLevel: 10,
    isCii: 12,
    contactName: 12,
    contactPhone: 16,
    tags: 20,
    notes: 30,
    updatedAt: 22,
  };
  return [...SHEET_COLUMNS, 'updatedAt' as const].map((key) => ({
    header: t.columns[key],
    key,
    width: widths[key],
  }));
}

function assetCells(locale: Locale, a: AssetWithUnit): Record<SheetColumn | 'updatedAt', string | number> {
  const t = assetText(locale);
  return {
    name: a.name,
    kind: t.kinds[a.kind],
    unit: a.unitName,
    region: a.regionName,
    domains: a.domains.join('; '),
    urls: a.urls.join('; '),
    ips: a.ips.join('; '),
    mlpsLevel: a.mlpsLevel ?? '',
    isCii: a.isCii ? t.yes : t.no,
    contactName: a.contactName ?? '',
    contactPhone: a.contactPhone ?? '',
    tags: a.tags.join('; '),
    notes: a.notes ?? '',
    updatedAt: a.updatedAt,
  };
}

/**
 * Streams assets as an XLSX to `out`, a row at a time, with headers in the given language (the same
 * columns the import reads, so an export can be edited and imported back). Returns the row count.
 */
export async function writeAssetsXlsx(
  out: Writable,
  locale: Locale,
  assets: AsyncIterable<AssetWithUnit>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(assetText(locale).sheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = exportColumns(locale);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const asset of assets) {
    sheet.addRow(assetCells(locale, asset)).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

/** The import template: Chinese headers (required ones marked) and one example row. */
export async function templateXlsx(): Promise<Buffer> {
  const t = assetText('zh-CN');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = exportColumns('zh-CN').filter((c) => c.key !== 'updatedAt');
  sheet.getRow(1).font = { bold: true };
  for (const col of REQUIRED_COLUMNS) {
    sheet.getRow(1).getCell(SHEET_COLUMNS.indexOf(col) + 1).font = {
      bold: true,
      color: { argb: 'FFC00000' },
    };
  }
  sheet.addRow({ ...t.example, kind: t.kinds.website, mlpsLevel: 3, isCii: t.no });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
