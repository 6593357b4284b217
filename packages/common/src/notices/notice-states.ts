import { isUnitRole, type Role } from '../roles.ts';

/**
 * The notice loop (DOMAIN.md): draft → issued → signed → rectifying → reported → verifying → closed, with
 * verifying → returned → rectifying. Overdue and supervision (督办) are not states but flags over any open
 * state, because a notice is overdue *while* it is issued, signed or rectifying.
 */
export const NOTICE_STATES = [
  'draft',
  'issued',
  'signed',
  'rectifying',
  'awaiting_approval',
  'reported',
  'verifying',
  'returned',
  'closed',
  'withdrawn',
] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const OPEN_NOTICE_STATES: readonly NoticeState[] = [
  'issued',
  'signed',
  'rectifying',
  'awaiting_approval',
  'reported',
  'verifying',
  'returned',
];

/** States in which the unit owes work (and so can be overdue against the rectification deadline). */
export const UNIT_OWES_STATES: readonly NoticeState[] = [
  'signed',
  'rectifying',
  'awaiting_approval',
  'returned',
];

export const NOTICE_ACTIONS = [
  'edit',
  'issue',
  'withdraw',
  'sign',
  'progress',
  'report_back',
  'approve_report',
  'reject_report',
  'start_verification',
  'close',
  'return',
  'reopen',
] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

type Side = 'office' | 'unit';

interface TransitionRule {
  from: readonly NoticeState[];
  /** The next state; a function where it depends on the notice (leader approval). */
  to: NoticeState | ((ctx: TransitionContext) => NoticeState);
  side: Side;
  /** Roles on that side allowed to take the action. */
  roles: readonly Role[];
  /** Whether the actor must give a reason (audited, shown on the timeline). */
  needsReason?: boolean;
}

export interface TransitionContext {
  role: Role;
  requiresLeaderApproval: boolean;
}

const OFFICE_WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const OFFICE_DECIDERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const UNIT_ALL: readonly Role[] = ['unit_handler', 'unit_leader'];

export const NOTICE_TRANSITIONS: Record<NoticeAction, TransitionRule> = {
  edit: { from: ['draft'], to: 'draft', side: 'office', roles: OFFICE_WRITERS },
  issue: { from: ['draft'], to: 'issued', side: 'office', roles: OFFICE_WRITERS },
  withdraw: {
    from: ['draft', 'issued'],
    to: 'withdrawn',
    side: 'office',
    roles: ['system_admin', 'office_admin'],
    needsReason: true,
  },
  sign: { from: ['issued'], to: 'signed', side: 'unit', roles: UNIT_ALL },
  progress: { from: ['signed', 'rectifying', 'returned'], to: 'rectifying', side: 'unit', roles: UNIT_ALL },
  // A handler's report-back waits for the leader when the notice requires it; a leader's goes straight out.
  report_back: {
    from: ['signed', 'rectifying', 'returned'],
    to: (c) => (c.requiresLeaderApproval && c.role !== 'unit_leader' ? 'awaiting_approval' : 'reported'),
    side: 'unit',
    roles: UNIT_ALL,
  },
  approve_report: { from: ['awaiting_approval'], to: 'reported', side: 'unit', roles: ['unit_leader'] },
  reject_report: {
    from: ['awaiting_approval'],
    to: 'rectifying',
    side: 'unit',
    roles: ['unit_leader'],
    needsReason: true,
  },
  start_verification: { from: ['reported'], to: 'verifying', side: 'office', roles: OFFICE_DECIDERS },
  close: { from: ['reported', 'verifying'], to: 'closed', side: 'office', roles: OFFICE_DECIDERS },
  return: {
    from: ['reported', 'verifying'],
    to: 'returned',
    side: 'office',
    roles: OFFICE_DECIDERS,
    needsReason: true,
  },
  reopen: {
    from: ['closed'],
    to: 'returned',
    side: 'office',
    roles: ['system_admin', 'office_admin'],
    needsReason: true,
  },
};

/** The state an action leads to, or null when the action is not allowed from this state for this role. */
export function nextNoticeState(
  state: NoticeState,
  action: NoticeAction,
  ctx: TransitionContext,
): NoticeState | null {
  const rule = NOTICE_TRANSITIONS[action];
  if (!rule.from.includes(state) || !rule.roles.includes(ctx.role)) return null;
  if (rule.side === 'unit' && !isUnitRole(ctx.role)) return null;
  return typeof rule.to === 'function' ? rule.to(ctx) : rule.to;
}

/** Every action this role may take from this state (ignoring jurisdiction, which the server checks). */
export function allowedNoticeActions(state: NoticeState, ctx: TransitionContext): NoticeAction[] {
  return NOTICE_ACTIONS.filter((a) => nextNoticeState(state, a, ctx) !== null);
}

/** Every state reachable from this one by any action of any role: what a 409 lists as allowed next. */
export function reachableNoticeStates(state: NoticeState): NoticeState[] {
  const out = new Set<NoticeState>();
  for (const action of NOTICE_ACTIONS) {
    const rule = NOTICE_TRANSITIONS[action];
    if (!rule.from.includes(state)) continue;
    for (const role of rule.roles) {
      for (const requiresLeaderApproval of [false, true]) {
        const to = typeof rule.to === 'function' ? rule.to({ role, requiresLeaderApproval }) : rule.to;
        if (to !== state) out.add(to);
      }
    }
  }
  return NOTICE_STATES.filter((s) => out.has(s));
}

export function noticeActionNeedsReason(action: NoticeAction): boolean {
  return NOTICE_TRANSITIONS[action].needsReason === true;
}

export function isOpenNoticeState(state: NoticeState): boolean {
  return OPEN_NOTICE_STATES.includes(state);
}

/** Traffic Light Protocol 2.0 markings for sharing a notice. */
export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpMarking = (typeof TLP_MARKINGS)[number];

/** Supervision ladder (督办): 0 none, 1 warning to the handler, 2 to the unit leader, 3 to office leadership. */
export const SUPERVISION_LEVELS = [0, 1, 2, 3] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
