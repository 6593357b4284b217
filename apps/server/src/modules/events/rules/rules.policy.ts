import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../../platform/http/actor.ts';

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

/**
 * Detection rules and their settings are the office's: office roles read them, analysts and admins
 * change them. Units see none (they are told about problems through notices).
 */
export const rulesPolicy = {
  canRead(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
  canWrite(actor: Actor): boolean {
    return WRITERS.includes(actor.role);
  },
};

export function ruleAbilities(actor: Actor) {
  const write = rulesPolicy.canWrite(actor);
  return { update: write, delete: write, test: rulesPolicy.canRead(actor) };
}
