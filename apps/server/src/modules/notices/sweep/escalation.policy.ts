import { canAdministerOrg, isUnitRole } from '@shouwang/common';
import type { Actor } from '../../../platform/http/actor.ts';

/**
 * Reminder and 督办 settings belong to an office: every office role may read them for a region in its
 * jurisdiction, office and system admins change them. Unit roles do not see office settings.
 */
export const escalationPolicy = {
  canRead(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
  canWrite(actor: Actor): boolean {
    return canAdministerOrg(actor.role);
  },
};

export function escalationAbilities(actor: Actor) {
  return { update: escalationPolicy.canWrite(actor) };
}
