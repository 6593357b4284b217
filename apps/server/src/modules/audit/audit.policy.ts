import { canReadAudit, canVerifyAudit } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

/** Pure rules; which rows an actor may read is applied in SQL by auditRepository (auditVisibleTo). */
export const auditPolicy = {
  canRead(actor: Actor): boolean {
    return canReadAudit(actor.role);
  },
  canVerify(actor: Actor): boolean {
    return canVerifyAudit(actor.role);
  },
  /** Entries without a region (sign-ins, system settings) belong to no jurisdiction: system admins only. */
  seesUnscopedEntries(actor: Actor): boolean {
    return actor.role === 'system_admin';
  },
};
