import type { Locale } from '@shouwang/common';
import type { DocumentAttachment, DocumentEvent, DocumentNotice } from './document-data.ts';
import { noticeDocText } from './document-text.ts';
import { blank, bodyParagraphs, flushLeft, heading, packA4, signOff, title } from './docx-layout.ts';

/** Timeline actions whose notes make up what the unit did. */
export const REPORT_ACTIONS = ['progress', 'report_back', 'approve_report'] as const;

export interface ReportBackInput {
  notice: DocumentNotice;
  events: DocumentEvent[];
  attachments: DocumentAttachment[];
  now: Date;
  locale: Locale;
}

/** The words of a timeline entry: its note (in data) and its reason, whichever are present. */
export function eventText(e: Pick<DocumentEvent, 'reason' | 'data'>): string {
  const parts: string[] = [];
  if (e.data) {
    try {
      const data: unknown = JSON.parse(e.data);
      if (data && typeof data === 'object' && 'note' in data && typeof data.note === 'string') {
        parts.push(data.note.trim());
      }
    } catch {
      // Not JSON: nothing to add.
    }
  }
  if (e.reason?.trim()) parts.push(e.reason.trim());
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * What the unit sends back (整改情况报告): the rectification report's content from the timeline, the files
 * the unit attached, and the sign-off area. The unit's files are its rectification reports and anything
 * a user of that unit uploaded.
 */
export async function reportBackDocx(input: ReportBackInput): Promise<Buffer> {
  const { notice: n, locale } = input;
  const t = noticeDocText(locale);
  const office = t.officeName(n.officeRegionName);
  const entries = input.events
    .map((e) => ({ e, text: eventText(e) }))
    .filter(({ text }) => text !== '')
    .flatMap(({ e, text }) =>
      bodyParagraphs(t.report.entry({ at: t.dateTime(new Date(e.at)), actor: e.actorName, text })),
    );
  const files = input.attachments.filter(
    (a) => a.kind === 'rectification_report' || a.uploaderUnitId === n.unitId,
  );
  const dated = n.reportedAt ? new Date(n.reportedAt) : input.now;
  const children = [
    title(t.report.title),
    blank(),
    flushLeft(t.report.recipient(office)),
    ...bodyParagraphs(
      t.report.intro({
        docNumber: n.docNumber ?? t.notice.draftNumber,
        title: n.title,
        signedAt: n.signedAt ? t.dateTime(new Date(n.signedAt)) : null,
      }),
    ),
    heading(t.report.actionsHeading),
    ...(entries.length > 0 ? entries : bodyParagraphs(t.report.noActions)),
    heading(t.report.attachmentsHeading),
    ...(files.length > 0
      ? files.flatMap((f, i) => bodyParagraphs(t.report.attachment(i + 1, f.fileName)))
      : bodyParagraphs(t.report.noAttachments)),
    ...bodyParagraphs(t.report.closing),
    blank(),
    flushLeft(t.report.signOff),
    blank(),
    signOff(t.report.seal, 'A6A6A6'),
    signOff(n.unitName),
    signOff(t.date(dated)),
  ];
  return packA4(children, t.report.title);
}
