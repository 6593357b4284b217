import type { Role } from '../roles.ts';

/**
 * Citizen cases (DOMAIN.md "Citizen cases"): reports of illegal content (举报) and messages (网民留言)
 * share one inbox and one small state machine.
 */
export const INTAKE_KINDS = ['report', 'message'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** How a case reached the office: the public page, the API, a phone call typed in by staff, a batch. */
export const INTAKE_CHANNELS = ['web', 'api', 'phone', 'import'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const MESSAGE_TYPES = ['complaint', 'help', 'suggestion', 'enquiry'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Report categories every office starts with; offices add their own. No political categories ship. */
export const DEFAULT_REPORT_CATEGORIES = [
  'fraud',
  'gambling',
  'pornography',
  'phishing_malware',
  'personal_info_leak',
  'infringement',
  'harm_to_minors',
  'cyberbullying',
] as const;

/** Shipped default deadlines (DOMAIN.md), as working-calendar durations; offices change them. */
export const DEFAULT_INTAKE_DEADLINES = {
  sign: '1wd',
  handle: { enquiry: '2wd', help: '10wd', suggestion: '10wd', complaint: '15wd', report: '15wd' },
} as const;
export type HandlingType = keyof (typeof DEFAULT_INTAKE_DEADLINES)['handle'];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * received → dispatched → signed → reply_review → replied → closed; the office may reassign (改派) a
 * dispatched or signed case, and return a reply draft to the unit (reply_review → signed).
 */
export const INTAKE_STATES = [
  'received',
  'dispatched',
  'signed',
  'reply_review',
  'replied',
  'closed',
] as const;
export type IntakeState = (typeof INTAKE_STATES)[number];

export const INTAKE_ACTIONS = [
  'dispatch',
  'reassign',
  'sign',
  'submit_reply',
  'approve_reply',
  'return_reply',
  'close',
] as const;
export type IntakeAction = (typeof INTAKE_ACTIONS)[number];

interface IntakeRule {
  from: readonly IntakeState[];
  to: IntakeState;
  side: 'office' | 'unit';
  roles: readonly Role[];
  needsReason?: boolean;
}

const OFFICE_DESK: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const UNIT_ALL: readonly Role[] = ['unit_handler', 'unit_leader'];

export const INTAKE_TRANSITIONS: Record<IntakeAction, IntakeRule> = {
  dispatch: { from: ['received'], to: 'dispatched', side: 'office', roles: OFFICE_DESK },
  reassign: {
    from: ['dispatched', 'signed'],
    to: 'dispatched',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  sign: { from: ['dispatched'], to: 'signed', side: 'unit', roles: UNIT_ALL },
  submit_reply: { from: ['signed'], to: 'reply_review', side: 'unit', roles: UNIT_ALL },
  approve_reply: { from: ['reply_review'], to: 'replied', side: 'office', roles: OFFICE_DESK },
  return_reply: {
    from: ['reply_review'],
    to: 'signed',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  close: { from: ['replied'], to: 'closed', side: 'office', roles: OFFICE_DESK },
};

/** The next state of `action` from `state` for `role`, or null when the machine does not allow it. */
export function nextIntakeState(state: IntakeState, action: IntakeAction, role: Role): IntakeState | null {
  const rule = INTAKE_TRANSITIONS[action];
  if (!rule.from.includes(state) || !rule.roles.includes(role)) return null;
  return rule.to;
}

export function allowedIntakeActions(state: IntakeState, role: Role): IntakeAction[] {
  return INTAKE_ACTIONS.filter((a) => nextIntakeState(state, a, role) !== null);
}

/** What the citizen sees: the inner steps of the office and the unit are one "being handled". */
export const PUBLIC_STATUSES = ['received', 'handling', 'replied', 'closed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export function publicStatusOf(state: IntakeState): PublicStatus {
  if (state === 'received') return 'received';
  if (state === 'replied') return 'replied';
  if (state === 'closed') return 'closed';
  return 'handling';
}
