import type { Writable } from 'node:stream';
import { type Locale, NOTICE_STATES, type NoticeState, SEVERITIES, type Severity } from '@shouwang/common';
import { formatShanghai } from '@shouwang/common/calendar/index';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, type ExportColumn, noticeDocText } from './document-text.ts';
import type { ExportRow } from './notice-export.repository.ts';

const WIDTHS: Record<ExportColumn, number> = {
  docNumber: 26,
  title: 40,
  unit: 26,
  region: 14,
  asset: 24,
  category: 16,
  severity: 16,
  tlp: 14,
  state: 14,
  source: 12,
  overdue: 10,
  supervisionLevel: 10,
  signDueAt: 26,
  rectifyDueAt: 26,
  deadlineProvisional: 10,
  createdAt: 26,
  issuedAt: 26,
  signedAt: 26,
  reportedAt: 26,
  closedAt: 26,
};

const isState = (s: string): s is NoticeState => (NOTICE_STATES as readonly string[]).includes(s);
const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);
/** Times as ISO 8601 in China time, which is what staff read and what a spreadsheet can parse back. */
const time = (iso: string | null) => (iso ? formatShanghai(new Date(iso)) : '');

function cells(locale: Locale, n: ExportRow): Record<ExportColumn, string | number> {
  const t = noticeDocText(locale);
  const yesNo = (flag: number) => (flag === 1 ? t.export.yes : t.export.no);
  return {
    docNumber: n.docNumber ?? '',
    title: n.title,
    unit: n.unitName,
    region: n.regionName,
    asset: n.assetName ?? '',
    category: n.category,
    severity: isSeverity(n.severity) ? t.severity[n.severity] : n.severity,
    tlp: n.tlp,
    state: isState(n.state) ? t.export.states[n.state] : n.state,
    source: t.export.sources[n.source] ?? n.source,
    overdue: yesNo(n.overdue),
    supervisionLevel: n.supervisionLevel,
    signDueAt: time(n.signDueAt),
    rectifyDueAt: time(n.rectifyDueAt),
    deadlineProvisional: yesNo(n.deadlineProvisional),
    createdAt: time(n.createdAt),
    issuedAt: time(n.issuedAt),
    signedAt: time(n.signedAt),
    reportedAt: time(n.reportedAt),
    closedAt: time(n.closedAt),
  };
}

/** Streams notices to `out` as an XLSX, a row at a time, headers in the caller's language. Returns the count. */
export async function writeNoticesXlsx(
  out: Writable,
  locale: Locale,
  notices: AsyncIterable<ExportRow>,
): Promise<number> {
  const t = noticeDocText(locale);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(t.export.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((key) => ({ header: t.export.columns[key], key, width: WIDTHS[key] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const n of notices) {
    sheet.addRow(cells(locale, n)).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
