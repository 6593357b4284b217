import type { Locale, NoticeState, Severity, TlpMarking } from '@shouwang/common';
import { noticeDocTextEnUS } from './i18n/en-US.ts';
import { noticeDocTextZhCN } from './i18n/zh-CN.ts';

/** Columns of the notice list export, in sheet order. */
export const EXPORT_COLUMNS = [
  'docNumber',
  'title',
  'unit',
  'region',
  'asset',
  'category',
  'severity',
  'tlp',
  'state',
  'source',
  'overdue',
  'supervisionLevel',
  'signDueAt',
  'rectifyDueAt',
  'deadlineProvisional',
  'createdAt',
  'issuedAt',
  'signedAt',
  'reportedAt',
  'closedAt',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Wording of the notice documents (DOCX) and the list export (XLSX) in one language. */
export interface NoticeDocText {
  /** The issuing office's name from its region's name. */
  officeName(regionName: string): string;
  /** A calendar date as written in a document's 成文日期, in China time. */
  date(at: Date): string;
  /** A date and time in China time, for findings and deadlines. */
  dateTime(at: Date): string;
  tlp: Record<TlpMarking, string>;
  severity: Record<Severity, string>;
  notice: {
    title: string;
    /** Shown instead of the 文号 while the notice is a draft. */
    draftNumber: string;
    subject(title: string): string;
    recipient(unitName: string): string;
    intro: string;
    factsHeading: string;
    severityLine(severity: string): string;
    categoryLine(category: string): string;
    assetLine(asset: string): string;
    findingsIntro: string;
    finding(f: {
      n: number;
      title: string;
      page: string | null;
      homepage: boolean;
      firstSeen: string;
      lastSeen: string;
    }): string;
    evidenceLine(summary: string): string;
    evidenceFiles(names: string[]): string;
    requirementsHeading: string;
    deadlineHeading: string;
    signBy(at: string): string;
    rectifyBy(at: string): string;
    noDeadline: string;
    provisional: string;
    provisionalNote: string;
    closing: string;
    seal: string;
  };
  report: {
    title: string;
    recipient(officeName: string): string;
    intro(p: { docNumber: string; title: string; signedAt: string | null }): string;
    actionsHeading: string;
    noActions: string;
    entry(p: { at: string; actor: string; text: string }): string;
    attachmentsHeading: string;
    noAttachments: string;
    attachment(n: number, fileName: string): string;
    closing: string;
    signOff: string;
    seal: string;
  };
  export: {
    sheetName: string;
    fileName: string;
    columns: Record<ExportColumn, string>;
    states: Record<NoticeState, string>;
    sources: Record<string, string>;
    yes: string;
    no: string;
  };
  /** Base names of the downloaded documents, without extension. */
  files: { notice: string; report: string };
}

const TEXTS: Record<Locale, NoticeDocText> = { 'zh-CN': noticeDocTextZhCN, 'en-US': noticeDocTextEnUS };

export function noticeDocText(locale: Locale): NoticeDocText {
  return TEXTS[locale];
}

/** The calendar fields of an instant in China time (UTC+8 all year). */
export function shanghaiParts(at: Date) {
  const local = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hh: String(local.getUTCHours()).padStart(2, '0'),
    mm: String(local.getUTCMinutes()).padStart(2, '0'),
  };
}
