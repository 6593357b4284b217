import { type Locale, SEVERITIES, type Severity, TLP_MARKINGS, type TlpMarking } from '@shouwang/common';
import type { DocumentAttachment, DocumentFinding, DocumentNotice } from './document-data.ts';
import { noticeDocText } from './document-text.ts';
import {
  blank,
  bodyParagraphs,
  centred,
  docNumberLine,
  flushLeft,
  heading,
  packA4,
  RED,
  signOff,
  title,
} from './docx-layout.ts';

export interface NoticeDocumentInput {
  notice: DocumentNotice;
  findings: DocumentFinding[];
  attachments: DocumentAttachment[];
  /** 成文日期 of a draft, which has no issue date yet. */
  now: Date;
  locale: Locale;
}

const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);
const isTlp = (s: string): s is TlpMarking => (TLP_MARKINGS as readonly string[]).includes(s);

const MAX_EVIDENCE_CHARS = 300;

/** A finding's evidence (a JSON object written by its detector) as one line of "key: value" pairs. */
export function evidenceSummary(evidence: string): string {
  let value: unknown;
  try {
    value = JSON.parse(evidence);
  } catch {
    return evidence.slice(0, MAX_EVIDENCE_CHARS);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parts.push(`${k}: ${v}`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      parts.push(`${k}: ${v.join(', ')}`);
    }
  }
  const text = parts.join('; ');
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}…` : text;
}

/** 《网络安全问题整改通知书》 as a DOCX in the layout of GB/T 9704. */
export async function noticeDocx(input: NoticeDocumentInput): Promise<Buffer> {
  const { notice: n, findings, attachments, locale } = input;
  const t = noticeDocText(locale);
  const office = t.officeName(n.officeRegionName);
  const when = (iso: string) => t.dateTime(new Date(iso));

  const facts = [
    ...bodyParagraphs(n.description),
    ...bodyParagraphs(t.notice.severityLine(isSeverity(n.severity) ? t.severity[n.severity] : n.severity)),
    ...bodyParagraphs(t.notice.categoryLine(n.category)),
    ...(n.assetName ? bodyParagraphs(t.notice.assetLine(n.assetName)) : []),
  ];
  if (findings.length > 0) {
    facts.push(...bodyParagraphs(t.notice.findingsIntro));
    findings.forEach((f, i) => {
      facts.push(
        ...bodyParagraphs(
          t.notice.finding({
            n: i + 1,
            title: f.title,
            page: f.pageUrl,
            homepage: f.isHomepage === 1,
            firstSeen: when(f.firstSeenAt),
            lastSeen: when(f.lastSeenAt),
          }),
        ),
      );
      const summary = evidenceSummary(f.evidence);
      if (summary) facts.push(...bodyParagraphs(t.notice.evidenceLine(summary)));
    });
  }
  const evidenceFiles = attachments.filter((a) => a.kind === 'evidence').map((a) => a.fileName);
  if (evidenceFiles.length > 0) facts.push(...bodyParagraphs(t.notice.evidenceFiles(evidenceFiles)));

  const provisional = n.deadlineProvisional === 1 ? t.notice.provisional : '';
  const deadline = [];
  if (n.signDueAt) deadline.push(...bodyParagraphs(t.notice.signBy(when(n.signDueAt))));
  if (n.rectifyDueAt) {
    deadline.push(...bodyParagraphs(t.notice.rectifyBy(`${when(n.rectifyDueAt)}${provisional}`)));
  }
  if (!n.signDueAt && !n.rectifyDueAt) deadline.push(...bodyParagraphs(t.notice.noDeadline));
  if (provisional) deadline.push(...bodyParagraphs(t.notice.provisionalNote));

  const dated = n.issuedAt ? new Date(n.issuedAt) : input.now;
  const children = [
    flushLeft(isTlp(n.tlp) ? t.tlp[n.tlp] : n.tlp, 'heading'),
    blank(),
    title(office, RED),
    docNumberLine(n.docNumber ?? t.notice.draftNumber),
    title(t.notice.title),
    centred(t.notice.subject(n.title)),
    blank(),
    flushLeft(t.notice.recipient(n.unitName)),
    ...bodyParagraphs(t.notice.intro),
    heading(t.notice.factsHeading),
    ...facts,
    heading(t.notice.requirementsHeading),
    ...bodyParagraphs(n.requiredActions),
    heading(t.notice.deadlineHeading),
    ...deadline,
    ...bodyParagraphs(t.notice.closing),
    blank(),
    blank(),
    signOff(t.notice.seal, 'A6A6A6'),
    signOff(office),
    signOff(t.date(dated)),
  ];
  return packA4(children, t.notice.title);
}
