import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

/** A monitored site as the rules need it: its unit and that unit's region path. */
export interface SiteLike {
  unitId: number;
  regionPath: string;
}

/**
 * Pure rules over loaded rows, the same as unitVisibleTo in SQL: office roles read the sites of their
 * jurisdiction, unit roles their own unit's; analysts and admins configure and accept baselines.
 */
export const monitoringPolicy = {
  canRead(actor: Actor, site: SiteLike): boolean {
    if (isUnitRole(actor.role)) return site.unitId === actor.unitId;
    return site.regionPath.startsWith(actor.regionPath);
  },
  canWrite(actor: Actor, site: SiteLike): boolean {
    return WRITERS.includes(actor.role) && site.regionPath.startsWith(actor.regionPath);
  },
  canWriteAny(actor: Actor): boolean {
    return WRITERS.includes(actor.role);
  },
};

export function monitorAbilities(actor: Actor, site: SiteLike) {
  const write = monitoringPolicy.canWrite(actor, site);
  return { configure: write, run: write, acceptBaseline: write };
}
