import type { RegionLevel } from '@shouwang/common';
import type { RegionRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { regionAbilities, unitAbilities } from './org.policy.ts';
import type { UnitWithRegion } from './org.repository.ts';

export function presentRegion(actor: Actor, r: RegionRow) {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    code: r.code,
    // Only REGION_LEVELS values are ever written (the service derives the level from the parent).
    level: r.level as RegionLevel,
    path: r.path,
    abilities: regionAbilities(actor, r),
  };
}

export function presentUnit(actor: Actor, u: UnitWithRegion) {
  return {
    id: u.id,
    regionId: u.regionId,
    regionName: u.regionName,
    name: u.name,
    creditCode: u.creditCode,
    kind: u.kind,
    contactName: u.contactName,
    contactPhone: u.contactPhone,
    contactEmail: u.contactEmail,
    leaderName: u.leaderName,
    isCii: u.isCii,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    abilities: unitAbilities(actor, u),
  };
}
