import { REGION_LEVELS } from '@shouwang/common';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RegionRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { orgPolicy } from './org.policy.ts';
import {
  orgRepository as repo,
  type UnitFilter,
  type UnitValues,
  type UnitWithRegion,
} from './org.repository.ts';

export interface RegionInput {
  parentId: number;
  name: string;
  code?: string | null;
}

function childLevel(parent: RegionRow): string {
  const i = REGION_LEVELS.indexOf(parent.level as (typeof REGION_LEVELS)[number]);
  const next = REGION_LEVELS[i + 1];
  if (!next) throw AppError.invalid([{ field: 'parentId', message: 'towns have no sub-regions' }]);
  return next;
}

export function createOrgService(db: Db) {
  async function loadReadableRegion(actor: Actor, id: number): Promise<RegionRow> {
    const region = await repo.findRegion(db, id);
    if (!region || !orgPolicy.canReadRegion(actor, region)) throw AppError.notFound();
    return region;
  }

  async function loadReadableUnit(actor: Actor, id: number): Promise<UnitWithRegion> {
    const unit = await repo.findUnit(db, id);
    if (!unit || !orgPolicy.canReadUnit(actor, unit)) throw AppError.notFound();
    return unit;
  }

  return {
    listRegions: (actor: Actor) => repo.listRegionsVisibleTo(db, actor),
    getRegion: loadReadableRegion,

    async createRegion(actor: Actor, input: RegionInput): Promise<RegionRow> {
      const parent = await loadReadableRegion(actor, input.parentId);
      if (!orgPolicy.canCreateRegionUnder(actor, parent)) throw AppError.forbidden();
      const level = childLevel(parent);
      return db.transaction().execute(async (trx) => {
        const region = await repo.insertRegion(trx, {
          parentId: parent.id,
          parentPath: parent.path,
          name: input.name,
          code: input.code ?? null,
          level,
        });
        await appendAudit(trx, actor, {
          action: 'region.create',
          resourceType: 'region',
          resourceId: region.id,
          regionPath: region.path,
          after: region,
        });
        return region;
      });
    },

    async updateRegion(
      actor: Actor,
      id: number,
      input: { name: string; code?: string | null },
    ): Promise<RegionRow> {
      const before = await loadReadableRegion(actor, id);
      if (!orgPolicy.canUpdateRegion(actor, before)) throw AppError.forbidden();
      return db.transaction().execute(async (trx) => {
        await repo.updateRegion(trx, id, { name: input.name, code: input.code ?? null });
        const after = await repo.findRegion(trx, id);
        await appendAudit(trx, actor, {
          action: 'region.update',
          resourceType: 'region',
          resourceId: id,
          regionPath: before.path,
          before,
          after,
        });
        return after as RegionRow;
      });
    },

    async deleteRegion(actor: Actor, id: number): Promise<void> {
      const region = await loadReadableRegion(actor, id);
      if (!orgPolicy.canUpdateRegion(actor, region) || region.parent_id === null) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        const deps = await repo.countRegionDependants(trx, id);
        if (deps.children + deps.units + deps.users > 0) {
          throw new AppError('region_in_use', deps, deps);
        }
        await repo.deleteRegion(trx, id);
        await appendAudit(trx, actor, {
          action: 'region.delete',
          resourceType: 'region',
          resourceId: id,
          regionPath: region.path,
          before: region,
        });
      });
    },

    listUnits: (actor: Actor, filter: UnitFilter) => repo.listUnitsVisibleTo(db, actor, filter),
    getUnit: loadReadableUnit,

    async createUnit(actor: Actor, input: UnitValues): Promise<UnitWithRegion> {
      const region = await loadReadableRegion(actor, input.regionId);
      if (!orgPolicy.canWriteUnit(actor, { id: 0, regionPath: region.path })) throw AppError.forbidden();
      return db.transaction().execute(async (trx) => {
        if (await repo.findUnitByName(trx, input.regionId, input.name)) {
          throw AppError.conflict({ field: 'name' });
        }
        const id = await repo.insertUnit(trx, input);
        const unit = (await repo.findUnit(trx, id)) as UnitWithRegion;
        await appendAudit(trx, actor, {
          action: 'unit.create',
          resourceType: 'unit',
          resourceId: id,
          regionPath: unit.regionPath,
          after: unit,
        });
        return unit;
      });
    },

    async updateUnit(actor: Actor, id: number, input: UnitValues): Promise<UnitWithRegion> {
      const before = await loadReadableUnit(actor, id);
      if (!orgPolicy.canWriteUnit(actor, before)) throw AppError.forbidden();
      const target = await loadReadableRegion(actor, input.regionId);
      if (!orgPolicy.canWriteUnit(actor, { id, regionPath: target.path })) throw AppError.forbidden();
      return db.transaction().execute(async (trx) => {
        const clash = await repo.findUnitByName(trx, input.regionId, input.name);
        if (clash && clash.id !== id) throw AppError.conflict({ field: 'name' });
        await repo.updateUnit(trx, id, input);
        const after = (await repo.findUnit(trx, id)) as UnitWithRegion;
        await appendAudit(trx, actor, {
          action: 'unit.update',
          resourceType: 'unit',
          resourceId: id,
          regionPath: after.regionPath,
          before,
          after,
        });
        return after;
      });
    },

    async deleteUnit(actor: Actor, id: number): Promise<void> {
      const unit = await loadReadableUnit(actor, id);
      if (!orgPolicy.canWriteUnit(actor, unit)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        const deps = await repo.countUnitDependants(trx, id);
        if (deps.users + deps.assets > 0) {
          throw new AppError('unit_in_use', deps, deps);
        }
        await repo.deleteUnit(trx, id);
        await appendAudit(trx, actor, {
          action: 'unit.delete',
          resourceType: 'unit',
          resourceId: id,
          regionPath: unit.regionPath,
          before: unit,
        });
      });
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
