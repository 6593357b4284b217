import { canReadAudit } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

/** Pure rules; which rows an actor may read is applied in SQL by auditRepository (auditVisibleTo). */
export const auditPolicy = {
  canRead(actor: Actor): boolean {
    return canReadAudit(actor.role);
  },
  /** Verifying walks the whole chain (every jurisdiction), so only those who answer for the log may. */
  canVerify(actor: Actor): boolean {
    return actor.role === 'system_admin' || actor.role === 'auditor';
  },
  /** Entries without a region (sign-ins, system settings) belong to no jurisdiction: system admins only. */
  seesUnscopedEntries(actor: Actor): boolean {
    return actor.role === 'system_admin';
  },
};
