import { canAdministerOrg, isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

export interface UserTarget {
  id: number;
  role: string;
  regionPath: string;
  unitId: number | null;
}

export interface Assignment {
  role: Role;
  region: { id: number; path: string };
  unit: { id: number; regionId: number; regionPath: string } | null;
}

export type AssignmentRule = 'unit_required' | 'unit_region_mismatch' | 'office_role_has_unit';

export type AssignmentProblem =
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'invalid'; field: 'unitId' | 'regionId'; rule: AssignmentRule };

/** Pure rules over loaded rows; the repository applies the read rule in SQL for lists. */
export const usersPolicy = {
  /** Office roles read users in their subtree; unit roles read users of their own unit. */
  canRead(actor: Actor, target: UserTarget): boolean {
    if (target.id === actor.userId) return true;
    if (isUnitRole(actor.role)) return actor.unitId !== null && target.unitId === actor.unitId;
    return target.regionPath.startsWith(actor.regionPath);
  },

  /** Only admins write, within their subtree; an office admin never touches a system admin. */
  canWrite(actor: Actor, target: UserTarget): boolean {
    if (!canAdministerOrg(actor.role) || !this.canRead(actor, target)) return false;
    if (!target.regionPath.startsWith(actor.regionPath)) return false;
    return actor.role === 'system_admin' || target.role !== 'system_admin';
  },

  /** Whether the actor may give a user this role, region and unit; null when allowed. */
  checkAssignment(actor: Actor, a: Assignment): AssignmentProblem | null {
    if (!canAdministerOrg(actor.role)) return { kind: 'forbidden' };
    if (a.role === 'system_admin' && actor.role !== 'system_admin') return { kind: 'forbidden' };
    if (!a.region.path.startsWith(actor.regionPath)) return { kind: 'not_found' };
    if (isUnitRole(a.role)) {
      if (!a.unit) return { kind: 'invalid', field: 'unitId', rule: 'unit_required' };
      if (!a.unit.regionPath.startsWith(actor.regionPath)) return { kind: 'not_found' };
      if (a.unit.regionId !== a.region.id)
        return { kind: 'invalid', field: 'regionId', rule: 'unit_region_mismatch' };
      return null;
    }
    if (a.unit) return { kind: 'invalid', field: 'unitId', rule: 'office_role_has_unit' };
    return null;
  },

  /** Nobody disables or changes the role of their own account (so the last admin cannot lock everyone out). */
  isRefusedSelfChange(actor: Actor, target: UserTarget, next: { role: Role; disabled: boolean }): boolean {
    return target.id === actor.userId && (next.role !== target.role || next.disabled);
  },
};

export function userAbilities(actor: Actor, target: UserTarget & { locked: boolean; totpEnabled: boolean }) {
  const write = usersPolicy.canWrite(actor, target);
  const self = target.id === actor.userId;
  return {
    update: write,
    disable: write && !self,
    changeRole: write && !self,
    unlock: write && target.locked,
    resetPassword: write,
    resetTotp: write && target.totpEnabled,
  };
}
