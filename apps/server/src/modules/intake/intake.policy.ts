import { isUnitRole, type Role } from '@shouwang/common';
import {
  allowedIntakeActions,
  INTAKE_TRANSITIONS,
  type IntakeAction,
  type IntakeState,
} from '@shouwang/common/intake/intake';
import type { Actor } from '../../platform/http/actor.ts';

export interface CaseLike {
  region_path: string;
  unit_id: number | null;
  state: string;
  requires_leader_approval?: number;
}

/** Office roles that dispatch and reassign cases and see contact details. */
const OFFICE_DESK: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
/** Who may type in a phone call: the desk and the duty officer who answers the hotline. */
const ENTRY_ROLES: readonly Role[] = [...OFFICE_DESK, 'duty_officer'];

/** Who edits the office's routing rules and workflow settings. */
const MANAGERS: readonly Role[] = ['system_admin', 'office_admin'];

/** A jurisdiction root path has a single id, e.g. "/1/". */
const ROOT_PATH = /^\/\d+\/$/;

/** Pure rules over a loaded case; lists use the same read rule in SQL (caseVisibleTo). */
export const intakePolicy = {
  canRead(actor: Actor, c: CaseLike): boolean {
    if (isUnitRole(actor.role)) return c.unit_id !== null && c.unit_id === actor.unitId;
    return c.region_path.startsWith(actor.regionPath);
  },
  canManage(actor: Actor): boolean {
    return MANAGERS.includes(actor.role);
  },
  /** The one public form of the deployment: system admins, and office admins of the whole region tree. */
  canManagePublicForm(actor: Actor): boolean {
    if (actor.role === 'system_admin') return true;
    return actor.role === 'office_admin' && ROOT_PATH.test(actor.regionPath);
  },
  canEnter(actor: Actor, regionPath: string): boolean {
    return ENTRY_ROLES.includes(actor.role) && regionPath.startsWith(actor.regionPath);
  },
  isDeskRole(actor: Actor): boolean {
    return OFFICE_DESK.includes(actor.role);
  },
  isDesk(actor: Actor, c: CaseLike): boolean {
    return OFFICE_DESK.includes(actor.role) && c.region_path.startsWith(actor.regionPath);
  },
  /** Contact details: the office desk, and the unit handling the case (it calls the citizen back). */
  canSeeContact(actor: Actor, c: CaseLike): boolean {
    if (isUnitRole(actor.role)) return this.canRead(actor, c);
    return this.isDesk(actor, c);
  },
  /** Whether the caller may ever take this action on this case, whatever its state (else 403). */
  mayAct(actor: Actor, c: CaseLike, action: IntakeAction): boolean {
    const rule = INTAKE_TRANSITIONS[action];
    if (!rule.roles.includes(actor.role)) return false;
    return rule.side === 'unit' ? isUnitRole(actor.role) && this.canRead(actor, c) : this.isDesk(actor, c);
  },
  actions(actor: Actor, c: CaseLike) {
    if (!this.canRead(actor, c)) return [];
    const own = isUnitRole(actor.role) || this.isDesk(actor, c);
    return own
      ? allowedIntakeActions(c.state as IntakeState, {
          role: actor.role,
          requiresLeaderApproval: c.requires_leader_approval === 1,
        })
      : [];
  },
};
