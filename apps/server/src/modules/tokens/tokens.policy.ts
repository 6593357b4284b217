import { canAdministerOrg } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

export interface TokenLike {
  userId: number;
  ownerRole: string;
  ownerRegionPath: string;
}

/** Pure rules; the repository applies the same jurisdiction rule in SQL for lists. */
export const tokensPolicy = {
  canListAll(actor: Actor): boolean {
    return canAdministerOrg(actor.role);
  },
  canRead(actor: Actor, t: TokenLike): boolean {
    if (t.userId === actor.userId) return true;
    return canAdministerOrg(actor.role) && t.ownerRegionPath.startsWith(actor.regionPath);
  },
  /** Owners revoke their own; admins revoke tokens of users they manage (office admins not a system admin's). */
  canRevoke(actor: Actor, t: TokenLike): boolean {
    if (t.userId === actor.userId) return true;
    if (!this.canRead(actor, t)) return false;
    return actor.role === 'system_admin' || t.ownerRole !== 'system_admin';
  },
};
