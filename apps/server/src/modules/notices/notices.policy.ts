import {
  allowedNoticeActions,
  isUnitRole,
  NOTICE_TRANSITIONS,
  type NoticeAction,
  type NoticeState,
  nextNoticeState,
  type Role,
  UNIT_OWES_STATES,
} from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

export interface NoticeLike {
  unit_id: number;
  region_path: string;
  state: string;
  requires_leader_approval: number;
}

/** Roles that create, edit and issue notices, change deadlines and upload on the office side. */
const OFFICE_WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

const stateOf = (n: NoticeLike) => n.state as NoticeState;

/** Pure rules over a loaded notice; lists use the same read rule in SQL (noticeVisibleTo). */
export const noticesPolicy = {
  canRead(actor: Actor, n: NoticeLike): boolean {
    if (isUnitRole(actor.role)) {
      return n.unit_id === actor.unitId && n.state !== 'draft' && n.state !== 'withdrawn';
    }
    return n.region_path.startsWith(actor.regionPath);
  },
  /** Creating a notice for a unit whose region path is given. */
  canCreate(actor: Actor, unitRegionPath: string): boolean {
    return OFFICE_WRITERS.includes(actor.role) && unitRegionPath.startsWith(actor.regionPath);
  },
  canEdit(actor: Actor, n: NoticeLike): boolean {
    return this.isOfficeWriter(actor, n) && n.state === 'draft';
  },
  isOfficeWriter(actor: Actor, n: NoticeLike): boolean {
    return OFFICE_WRITERS.includes(actor.role) && n.region_path.startsWith(actor.regionPath);
  },
  canChangeDeadline(actor: Actor, n: NoticeLike): boolean {
    return this.isOfficeWriter(actor, n) && n.state !== 'closed' && n.state !== 'withdrawn';
  },
  /** Office writers add files while the notice is open; the unit while it owes work. */
  canUpload(actor: Actor, n: NoticeLike): boolean {
    if (isUnitRole(actor.role)) {
      return this.canRead(actor, n) && (UNIT_OWES_STATES.includes(stateOf(n)) || n.state === 'issued');
    }
    return this.isOfficeWriter(actor, n) && n.state !== 'closed' && n.state !== 'withdrawn';
  },
  /** Whether this role may ever take the action (whatever the state): false answers 403, not 409. */
  roleMayTake(actor: Actor, action: NoticeAction): boolean {
    const rule = NOTICE_TRANSITIONS[action];
    if (!rule.roles.includes(actor.role)) return false;
    return rule.side === 'unit' ? isUnitRole(actor.role) : !isUnitRole(actor.role);
  },
  next(actor: Actor, n: NoticeLike, action: NoticeAction): NoticeState | null {
    return nextNoticeState(stateOf(n), action, {
      role: actor.role,
      requiresLeaderApproval: n.requires_leader_approval === 1,
    });
  },
  allowedActions(actor: Actor, n: NoticeLike): NoticeAction[] {
    if (!this.canRead(actor, n)) return [];
    return allowedNoticeActions(stateOf(n), {
      role: actor.role,
      requiresLeaderApproval: n.requires_leader_approval === 1,
    });
  },
};

export function noticeAbilities(actor: Actor, n: NoticeLike) {
  return {
    edit: noticesPolicy.canEdit(actor, n),
    upload: noticesPolicy.canUpload(actor, n),
    changeDeadline: noticesPolicy.canChangeDeadline(actor, n),
    exportDocx: noticesPolicy.canRead(actor, n),
  };
}
