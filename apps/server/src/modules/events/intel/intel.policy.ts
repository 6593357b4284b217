import { OFFICE_ROLES, type Role } from '@shouwang/common';
import type { Actor } from '../../../platform/http/actor.ts';

const MANAGERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

/**
 * Threat intelligence is office-wide (no jurisdiction): every office role reads feeds and indicators,
 * admins and analysts manage feeds and import; unit roles do not see the office's intelligence (it may
 * come under sharing restrictions such as TLP:AMBER).
 */
export const intelPolicy = {
  canRead(actor: Actor): boolean {
    return OFFICE_ROLES.includes(actor.role);
  },
  canManage(actor: Actor): boolean {
    return MANAGERS.includes(actor.role);
  },
};

export function feedAbilities(actor: Actor) {
  const manage = intelPolicy.canManage(actor);
  return { edit: manage, delete: manage, import: manage };
}
