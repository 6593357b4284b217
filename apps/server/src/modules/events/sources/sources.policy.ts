import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../../platform/http/actor.ts';

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

/** A source (or raw event) as the rules need it: its unit and that unit's region path. */
export interface SourceLike {
  unitId: number;
  regionPath: string;
}

/**
 * Pure rules over loaded rows, the same as unitVisibleTo in SQL: office roles read the sources and events
 * of their jurisdiction, unit roles their own unit's; analysts and admins register and change sources.
 */
export const sourcesPolicy = {
  canRead(actor: Actor, s: SourceLike): boolean {
    if (isUnitRole(actor.role)) return s.unitId === actor.unitId;
    return s.regionPath.startsWith(actor.regionPath);
  },
  canWrite(actor: Actor, s: SourceLike): boolean {
    return WRITERS.includes(actor.role) && s.regionPath.startsWith(actor.regionPath);
  },
  canWriteAny(actor: Actor): boolean {
    return WRITERS.includes(actor.role);
  },
  /** Unregistered senders are not tied to a unit: office staff who manage sources see them. */
  canSeeUnregistered(actor: Actor): boolean {
    return WRITERS.includes(actor.role);
  },
};

export function sourceAbilities(actor: Actor, s: SourceLike) {
  const write = sourcesPolicy.canWrite(actor, s);
  return { edit: write, delete: write, rotateToken: write };
}
