// Batch import of text items (exported from another system) as CSV, a JSON array or NDJSON. Every row
// is checked and described (row number, field, why); valid rows wait as a preview owned by the caller
// for an hour, and confirming stores them all in one transaction. Items already imported are skipped.
import { createHash } from 'node:crypto';
import type { Locale } from '@shouwang/common';
import { parse as parseCsv } from 'csv-parse/sync';
import { type TopicsMessageKey, topicsMessage } from '../topics.i18n.ts';

export const IMPORT_MAX_ROWS = 20_000;
const MAX_TEXT = 5000;
const MIN_TIME = Date.UTC(1990, 0, 1);

export type ImportFormat = 'csv' | 'json' | 'ndjson';

export interface ImportRow {
  row: number;
  externalId: string | null;
  title: string;
  text: string;
  time: string | null;
  source: string | null;
  region: string | null;
  url: string | null;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ParsedImport {
  format: ImportFormat;
  rows: ImportRow[];
  errors: RowError[];
  total: number;
}

const ALIASES: Record<keyof Omit<ImportRow, 'row'>, string[]> = {
  externalId: ['id', '编号', '序号'],
  title: ['title', '标题'],
  text: ['text', 'content', '内容', '正文', '文本'],
  time: ['time', 'date', 'published', '时间', '发布时间', '日期'],
  source: ['source', '来源', '渠道'],
  region: ['region', '地区', '区域', '属地'],
  url: ['url', 'link', '链接', '网址'],
};

function fieldOf(key: string): keyof Omit<ImportRow, 'row'> | null {
  const k = key.trim().toLowerCase();
  for (const [field, names] of Object.entries(ALIASES))
    if (names.includes(k)) return field as keyof typeof ALIASES;
  return null;
}

export function detectFormat(text: string): ImportFormat {
  const t = text.replace(/^\uFEFF/u, '').trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) return 'ndjson';
  return 'csv';
}

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/iu;

/** Milliseconds of a time cell: epoch ms, or a date(-time); without a zone it is Beijing time. */
export function parseTime(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return Number.NaN;
  const m = DATE_TIME.exec(raw.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  const pad = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  const offset = zone
    ? zone.toUpperCase() === 'Z'
      ? 'Z'
      : zone.replace(/^([+-]\d{2})(\d{2})$/u, '$1:$2')
    : '+08:00';
  const ms = Date.parse(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}${offset}`);
  return ms;
}

function checkRow(
  rowNumber: number,
  record: Record<string, unknown>,
  now: Date,
  locale: Locale,
): ImportRow | RowError[] {
  const values: Partial<Record<keyof typeof ALIASES, unknown>> = {};
  for (const [key, value] of Object.entries(record)) {
    const field = fieldOf(key);
    if (field && values[field] === undefined) values[field] = value;
  }
  const errors: RowError[] = [];
  const bad = (field: string, key: TopicsMessageKey, params: Record<string, number> = {}) =>
    errors.push({ row: rowNumber, field, message: topicsMessage(locale, key, params) });
  for (const field of Object.keys(values) as Array<keyof typeof ALIASES>) {
    const v = values[field];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number')
      bad(field, 'not_text');
  }
  const text = str(values.text);
  const title = str(values.title);
  if (!text && !title) bad('text', 'text_required');
  let time: string | null = null;
  const rawTime = values.time;
  if (rawTime !== undefined && rawTime !== null && rawTime !== '') {
    const ms = parseTime(rawTime);
    if (!Number.isFinite(ms) || ms < MIN_TIME) bad('time', 'time_invalid');
    else if (ms > now.getTime() + 3600_000) bad('time', 'time_future');
    else time = new Date(ms).toISOString();
  }
  const url = str(values.url);
  if (url && !/^https?:\/\/\S+$/iu.test(url)) bad('url', 'url_invalid');
  const source = str(values.source);
  if (source && source.length > 200) bad('source', 'too_long', { max: 200 });
  const region = str(values.region);
  if (region && region.length > 200) bad('region', 'too_long', { max: 200 });
  const externalId = str(values.externalId);
  if (externalId && externalId.length > 200) bad('id', 'too_long', { max: 200 });
  if (errors.length > 0) return errors;
  const body = (text ?? title ?? '').slice(0, MAX_TEXT);
  return {
    row: rowNumber,
    externalId,
    title: (title ?? body.slice(0, 80)).slice(0, 300),
    text: title && text && !text.startsWith(title) ? `${title}\n${text}`.slice(0, MAX_TEXT) : body,
    time,
    source,
    region,
    url: url?.slice(0, 2000) ?? null,
  };
}

/** Parses and checks a whole file; structural problems (no rows, too many, bad JSON array) throw a message. */
export function parseImport(
  content: string,
  now: Date,
  locale: Locale = 'en-US',
): ParsedImport | { rejected: string } {
  const say = (key: TopicsMessageKey, params: Record<string, string | number> = {}) =>
    topicsMessage(locale, key, params);
  const text = content.replace(/^\uFEFF/u, '');
  const format = detectFormat(text);
  const records: Array<{ row: number; value: unknown }> = [];
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return { rejected: say('file_json_invalid', { detail: (err as Error).message }) };
    }
    if (!Array.isArray(doc)) return { rejected: say('file_json_not_array') };
    doc.forEach((value, i) => {
      records.push({ row: i + 1, value });
    });
  } else if (format === 'ndjson') {
    text.split(/\r?\n/u).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        records.push({ row: i + 1, value: JSON.parse(line) });
      } catch (err) {
        records.push({
          row: i + 1,
          value: new Error(say('row_json_invalid', { detail: (err as Error).message })),
        });
      }
    });
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    } catch (err) {
      return { rejected: say('file_csv_invalid', { detail: (err as Error).message }) };
    }
    const header = rows[0] ?? [];
    if (!header.some((h) => fieldOf(h) === 'text' || fieldOf(h) === 'title')) {
      return { rejected: say('file_csv_header') };
    }
    rows.slice(1).forEach((cells, i) => {
      const record: Record<string, string> = {};
      header.forEach((h, j) => {
        record[h] = cells[j] ?? '';
      });
      records.push({ row: i + 2, value: record });
    });
  }
  if (records.length === 0) return { rejected: say('file_empty') };
  if (records.length > IMPORT_MAX_ROWS)
    return { rejected: say('file_too_many_rows', { max: IMPORT_MAX_ROWS }) };
  const out: ParsedImport = { format, rows: [], errors: [], total: records.length };
  for (const { row, value } of records) {
    if (value instanceof Error) {
      out.errors.push({ row, field: '', message: value.message });
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.errors.push({ row, field: '', message: say('row_not_object') });
      continue;
    }
    const checked = checkRow(row, value as Record<string, unknown>, now, locale);
    if (Array.isArray(checked)) out.errors.push(...checked);
    else out.rows.push(checked);
  }
  return out;
}

/** The item's key: the source's own id when given, else its content, so re-importing adds nothing twice. */
export function importKey(row: ImportRow, fileName: string): string {
  const origin = row.source ?? fileName;
  const basis = row.externalId ? `${origin}\n${row.externalId}` : `${origin}\n${row.time ?? ''}\n${row.text}`;
  return `import:${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
}
