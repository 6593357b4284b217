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
 * The case workflow (DOMAIN.md "Citizen cases"):
 *   received → dispatched (派单) → signed (签收, handling) → [leader_review] → reply_review → replied → closed
 * - the office may reassign (改派) a dispatched or signed case, with a reason;
 * - a handler's reply waits for the unit leader first when the office requires two-step approval;
 * - the office approves the reply (it goes to the citizen, and is published when publishable and approved
 *   for publication) or sends it back with a reason;
 * - out-of-jurisdiction: answered to the citizen and transferred (terminal, recorded);
 * - reports of illegal content may be forwarded to the platform operator/authority or turned into a notice
 *   (forwarded), and the outcome recorded as the answer (→ replied);
 * - near-duplicates are merged into another case (merged) and can be unmerged (→ received);
 * - follow-up (回访) and extensions are recorded without changing the state; a dissatisfied case is
 *   re-handled (重办 → dispatched, counted).
 * Overdue and 督办 are flags over the open states, as for notices.
 */
export const INTAKE_STATES = [
  'received',
  'dispatched',
  'signed',
  'leader_review',
  'reply_review',
  'replied',
  'closed',
  'forwarded',
  'transferred',
  'merged',
] as const;
export type IntakeState = (typeof INTAKE_STATES)[number];

/** States in which a unit owes work: the ones that can run late and make up the backlog (清零). */
export const OPEN_INTAKE_STATES: readonly IntakeState[] = [
  'dispatched',
  'signed',
  'leader_review',
  'reply_review',
];

/** States in which the office owes work before a unit does. */
export const OFFICE_QUEUE_STATES: readonly IntakeState[] = ['received', 'forwarded'];

export const INTAKE_ACTIONS = [
  'dispatch',
  'reassign',
  'transfer',
  'forward',
  'to_notice',
  'record_outcome',
  'merge',
  'unmerge',
  'sign',
  'submit_reply',
  'leader_approve',
  'leader_return',
  'approve_reply',
  'return_reply',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'follow_up',
  'rehandle',
  'close',
] as const;
export type IntakeAction = (typeof INTAKE_ACTIONS)[number];

export interface IntakeTransitionContext {
  role: Role;
  /** The office requires the unit leader's approval of a handler's reply (two-step approval). */
  requiresLeaderApproval: boolean;
}

interface IntakeRule {
  from: readonly IntakeState[];
  /** The next state; 'same' for actions recorded on the case without moving it. */
  to: IntakeState | 'same' | ((ctx: IntakeTransitionContext) => IntakeState);
  side: 'office' | 'unit';
  roles: readonly Role[];
  needsReason?: boolean;
}

const OFFICE_DESK: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const UNIT_ALL: readonly Role[] = ['unit_handler', 'unit_leader'];
const HANDLING: readonly IntakeState[] = ['signed', 'leader_review', 'reply_review'];

export const INTAKE_TRANSITIONS: Record<IntakeAction, IntakeRule> = {
  dispatch: { from: ['received'], to: 'dispatched', side: 'office', roles: OFFICE_DESK },
  reassign: {
    from: ['dispatched', 'signed'],
    to: 'dispatched',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  transfer: {
    from: ['received', 'dispatched'],
    to: 'transferred',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  forward: { from: ['received'], to: 'forwarded', side: 'office', roles: OFFICE_DESK },
  to_notice: { from: ['received'], to: 'forwarded', side: 'office', roles: OFFICE_DESK },
  record_outcome: { from: ['forwarded'], to: 'replied', side: 'office', roles: OFFICE_DESK },
  merge: { from: ['received'], to: 'merged', side: 'office', roles: OFFICE_DESK },
  unmerge: { from: ['merged'], to: 'received', side: 'office', roles: OFFICE_DESK },
  sign: { from: ['dispatched'], to: 'signed', side: 'unit', roles: UNIT_ALL },
  submit_reply: {
    from: ['signed'],
    to: (c) => (c.requiresLeaderApproval && c.role !== 'unit_leader' ? 'leader_review' : 'reply_review'),
    side: 'unit',
    roles: UNIT_ALL,
  },
  leader_approve: { from: ['leader_review'], to: 'reply_review', side: 'unit', roles: ['unit_leader'] },
  leader_return: {
    from: ['leader_review'],
    to: 'signed',
    side: 'unit',
    roles: ['unit_leader'],
    needsReason: true,
  },
  approve_reply: { from: ['reply_review'], to: 'replied', side: 'office', roles: OFFICE_DESK },
  return_reply: {
    from: ['reply_review'],
    to: 'signed',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  request_extension: { from: ['signed'], to: 'same', side: 'unit', roles: UNIT_ALL, needsReason: true },
  approve_extension: { from: HANDLING, to: 'same', side: 'office', roles: OFFICE_DESK },
  reject_extension: { from: HANDLING, to: 'same', side: 'office', roles: OFFICE_DESK, needsReason: true },
  follow_up: { from: ['replied', 'closed'], to: 'same', side: 'office', roles: OFFICE_DESK },
  rehandle: {
    from: ['replied', 'closed'],
    to: 'dispatched',
    side: 'office',
    roles: OFFICE_DESK,
    needsReason: true,
  },
  close: { from: ['replied'], to: 'closed', side: 'office', roles: OFFICE_DESK },
};

function isUnitSideRole(role: Role): boolean {
  return UNIT_ALL.includes(role);
}

/** The next state of `action` from `state` for this caller, or null when the machine does not allow it. */
export function nextIntakeState(
  state: IntakeState,
  action: IntakeAction,
  ctx: IntakeTransitionContext | Role,
): IntakeState | null {
  const c: IntakeTransitionContext =
    typeof ctx === 'string' ? { role: ctx, requiresLeaderApproval: false } : ctx;
  const rule = INTAKE_TRANSITIONS[action];
  if (!rule.from.includes(state) || !rule.roles.includes(c.role)) return null;
  if ((rule.side === 'unit') !== isUnitSideRole(c.role)) return null;
  if (rule.to === 'same') return state;
  return typeof rule.to === 'function' ? rule.to(c) : rule.to;
}

export function allowedIntakeActions(
  state: IntakeState,
  ctx: IntakeTransitionContext | Role,
): IntakeAction[] {
  return INTAKE_ACTIONS.filter((a) => nextIntakeState(state, a, ctx) !== null);
}

/** Every state reachable from this one by any action of any role: what a 409 lists as allowed next. */
export function reachableIntakeStates(state: IntakeState): IntakeState[] {
  const out = new Set<IntakeState>();
  for (const action of INTAKE_ACTIONS) {
    const rule = INTAKE_TRANSITIONS[action];
    if (!rule.from.includes(state)) continue;
    for (const role of rule.roles) {
      for (const requiresLeaderApproval of [false, true]) {
        const to = nextIntakeState(state, action, { role, requiresLeaderApproval });
        if (to && to !== state) out.add(to);
      }
    }
  }
  return INTAKE_STATES.filter((s) => out.has(s));
}

export function intakeActionNeedsReason(action: IntakeAction): boolean {
  return INTAKE_TRANSITIONS[action].needsReason === true;
}

export function isOpenIntakeState(state: string): boolean {
  return (OPEN_INTAKE_STATES as readonly string[]).includes(state);
}

/** Where a report of illegal content can be forwarded. */
export const FORWARD_TARGETS = ['platform_operator', 'authority'] as const;
export type ForwardTarget = (typeof FORWARD_TARGETS)[number];

/** What the citizen sees: the inner steps of the office and the unit are one "being handled". */
export const PUBLIC_STATUSES = ['received', 'handling', 'replied', 'closed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export function publicStatusOf(state: IntakeState): PublicStatus {
  if (state === 'received' || state === 'merged') return 'received';
  if (state === 'replied') return 'replied';
  if (state === 'closed' || state === 'transferred') return 'closed';
  return 'handling';
}

/** Whether the citizen sees the answer: an approved reply, a recorded outcome or a transfer explanation. */
export function citizenSeesReply(state: string): boolean {
  return state === 'replied' || state === 'closed' || state === 'transferred';
}

/** Age buckets of the backlog (清零 view), in calendar days since dispatch. */
export const BACKLOG_AGE_BUCKETS = [
  { key: 'd0_3', min: 0, max: 3 },
  { key: 'd4_7', min: 4, max: 7 },
  { key: 'd8_15', min: 8, max: 15 },
  { key: 'd16_30', min: 16, max: 30 },
  { key: 'd31_plus', min: 31, max: null },
] as const;
export type BacklogAgeBucket = (typeof BACKLOG_AGE_BUCKETS)[number]['key'];
