import { type NoticeDocText, shanghaiParts } from '../document-text.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** English texts of the notice documents and the list export. */
export const noticeDocTextEnUS: NoticeDocText = {
  officeName: (region) => `${region} Cyberspace Administration Office`,
  date: (at) => {
    const p = shanghaiParts(at);
    return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
  },
  dateTime: (at) => {
    const p = shanghaiParts(at);
    return `${p.day} ${MONTHS[p.month - 1]} ${p.year} ${p.hh}:${p.mm} (UTC+8)`;
  },
  tlp: {
    CLEAR: 'TLP:CLEAR (may be disclosed)',
    GREEN: 'TLP:GREEN (community only)',
    AMBER: 'TLP:AMBER (recipient organisations only)',
    'AMBER+STRICT': 'TLP:AMBER+STRICT (recipient unit only)',
    RED: 'TLP:RED (named recipients only)',
  },
  severity: {
    I: 'I (extremely serious)',
    II: 'II (serious)',
    III: 'III (relatively serious)',
    IV: 'IV (general)',
  },
  notice: {
    title: 'Notice of Cybersecurity Rectification',
    draftNumber: '(draft)',
    subject: (title) => `Subject: ${title}`,
    recipient: (unit) => `To: ${unit}`,
    intro:
      'Monitoring and inspection found a cybersecurity problem at your unit. Under the Cybersecurity Law of ' +
      'the People’s Republic of China and related rules, you are notified as follows:',
    factsHeading: '1. Facts',
    severityLine: (s) => `Severity: ${s}.`,
    categoryLine: (c) => `Category: ${c}.`,
    assetLine: (a) => `Asset concerned: ${a}.`,
    findingsIntro: 'Findings:',
    finding: (f) =>
      `(${f.n}) ${f.title}` +
      (f.page ? `, page: ${f.page}${f.homepage ? ' (homepage)' : ''}` : '') +
      `, first seen ${f.firstSeen}, last seen ${f.lastSeen}.`,
    evidenceLine: (s) => `Evidence: ${s}.`,
    evidenceFiles: (names) => `Evidence files: ${names.join(', ')}.`,
    requirementsHeading: '2. Required actions',
    deadlineHeading: '3. Deadline',
    signBy: (at) => `Acknowledge receipt of this notice by ${at}.`,
    rectifyBy: (at) => `Complete the rectification and report back in writing by ${at}.`,
    noDeadline: 'The deadlines are set when the notice is issued.',
    provisional: ' (provisional)',
    provisionalNote:
      'A deadline marked provisional falls in a year whose official holiday schedule is not yet published; ' +
      'it is counted on weekdays and will be recomputed when the schedule is published.',
    closing: 'Hereby notified.',
    seal: '(seal)',
  },
  report: {
    title: 'Rectification Report',
    recipient: (office) => `To: ${office}`,
    intro: (p) =>
      `We ${p.signedAt ? `acknowledged on ${p.signedAt} ` : 'received '}your Notice of Cybersecurity ` +
      `Rectification (${p.docNumber}), subject: ${p.title}. We report on the rectification as follows:`,
    actionsHeading: '1. Measures taken',
    noActions: '(no rectification recorded yet)',
    entry: (p) => `${p.at}, ${p.actor}: ${p.text}`,
    attachmentsHeading: '2. Attachments',
    noAttachments: 'None',
    attachment: (n, name) => `${n}. ${name}`,
    closing: 'Hereby reported.',
    signOff: 'Head of unit (signature):            Handler:            Telephone:',
    seal: '(unit seal)',
  },
  export: {
    sheetName: 'Notices',
    fileName: 'notices',
    columns: {
      docNumber: 'Document number',
      title: 'Title',
      unit: 'Unit',
      region: 'Region',
      asset: 'Asset',
      category: 'Category',
      severity: 'Severity',
      tlp: 'TLP',
      state: 'State',
      source: 'Source',
      overdue: 'Overdue',
      supervisionLevel: 'Supervision level',
      signDueAt: 'Sign by',
      rectifyDueAt: 'Rectify by',
      deadlineProvisional: 'Deadline provisional',
      createdAt: 'Created',
      issuedAt: 'Issued',
      signedAt: 'Signed',
      reportedAt: 'Reported back',
      closedAt: 'Closed',
    },
    states: {
      draft: 'Draft',
      issued: 'Issued',
      signed: 'Signed',
      rectifying: 'Rectifying',
      awaiting_approval: 'Awaiting leader approval',
      reported: 'Reported back',
      verifying: 'Verifying',
      returned: 'Returned',
      closed: 'Closed',
      withdrawn: 'Withdrawn',
    },
    sources: { manual: 'Manual', finding: 'Finding' },
    yes: 'Yes',
    no: 'No',
  },
  files: { notice: 'rectification-notice', report: 'rectification-report' },
};
