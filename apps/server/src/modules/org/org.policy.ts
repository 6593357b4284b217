import { canAdministerOrg, isUnitRole } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

export interface RegionLike {
  id: number;
  path: string;
}
export interface UnitLike {
  id: number;
  regionPath: string;
}

/** Pure rules over loaded rows; lists are filtered in SQL by the repository with the same rules. */
export const orgPolicy = {
  canReadRegion(actor: Actor, region: RegionLike): boolean {
    if (isUnitRole(actor.role)) return region.id === actor.regionId;
    return region.path.startsWith(actor.regionPath);
  },
  /** Office admins shape the tree below their own root; system admins may also edit the root. */
  canUpdateRegion(actor: Actor, region: RegionLike): boolean {
    if (!canAdministerOrg(actor.role)) return false;
    if (actor.role === 'system_admin') return region.path.startsWith(actor.regionPath);
    return region.path.startsWith(actor.regionPath) && region.path !== actor.regionPath;
  },
  canCreateRegionUnder(actor: Actor, parent: RegionLike): boolean {
    return canAdministerOrg(actor.role) && parent.path.startsWith(actor.regionPath);
  },
  canReadUnit(actor: Actor, unit: UnitLike): boolean {
    if (isUnitRole(actor.role)) return unit.id === actor.unitId;
    return unit.regionPath.startsWith(actor.regionPath);
  },
  canWriteUnit(actor: Actor, unit: UnitLike): boolean {
    return canAdministerOrg(actor.role) && unit.regionPath.startsWith(actor.regionPath);
  },
};

export function regionAbilities(actor: Actor, region: RegionLike) {
  return {
    update: orgPolicy.canUpdateRegion(actor, region),
    delete: orgPolicy.canUpdateRegion(actor, region),
    createChild: orgPolicy.canCreateRegionUnder(actor, region),
  };
}

export function unitAbilities(actor: Actor, unit: UnitLike) {
  return { update: orgPolicy.canWriteUnit(actor, unit), delete: orgPolicy.canWriteUnit(actor, unit) };
}
