import { PassThrough, type Readable } from 'node:stream';
import type { Locale } from '@shouwang/common';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { OrgService } from '../org/org.service.ts';
import { writeAssetsXlsx } from './asset-sheet.ts';
import { assetMessage } from './asset-text.ts';
import { type AssetFields, checkAssetFields, type FieldProblem } from './asset-values.ts';
import { createAssetImporter } from './assets.import.ts';
import { assetPolicy } from './assets.policy.ts';
import { type AssetFilter, type AssetWithUnit, assetRepository as repo } from './assets.repository.ts';

/** An asset as the API receives it (lists and optional fields may be omitted). */
export interface AssetInput {
  unitId: number;
  kind: AssetFields['kind'];
  name: string;
  domains?: readonly string[];
  urls?: readonly string[];
  ips?: readonly string[];
  mlpsLevel?: number | null;
  isCii?: boolean;
  contactName?: string | null;
  contactPhone?: string | null;
  tags?: readonly string[];
  notes?: string | null;
}

export interface AssetStats {
  total: number;
  byKind: { website: number; system: number; cii: number };
  cii: number;
  byMlps: { '1': number; '2': number; '3': number; '4': number; '5': number; none: number };
  byRegion: { regionId: number; regionName: string; count: number }[];
}

/** Field problems as a 400 with messages in the caller's language. */
export function invalidFields(locale: Locale, problems: FieldProblem[]): AppError {
  return AppError.invalid(
    problems.map((p) => ({ field: p.field, message: assetMessage(locale, p.key, p.params) })),
  );
}

function checkedFields(input: AssetInput, locale: Locale): AssetFields {
  const { fields, problems } = checkAssetFields({
    kind: input.kind,
    name: input.name,
    domains: input.domains ?? [],
    urls: input.urls ?? [],
    ips: input.ips ?? [],
    mlpsLevel: input.mlpsLevel ?? null,
    isCii: input.isCii ?? null,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    tags: input.tags ?? [],
    notes: input.notes,
  });
  if (problems.length > 0) throw invalidFields(locale, problems);
  return fields;
}

function isKeyOf<T extends object>(obj: T, key: PropertyKey): key is keyof T {
  return Object.hasOwn(obj, key);
}

/** The second path segment below `root` of a region path: the top-level region it belongs to. */
function topRegionId(root: string, path: string, rootId: number): number {
  const first = path.slice(root.length).split('/')[0];
  return first ? Number(first) : rootId;
}

export function createAssetService(db: Db, org: OrgService, now: () => Date) {
  async function loadReadable(actor: Actor, id: number): Promise<AssetWithUnit> {
    const asset = await repo.findAsset(db, id);
    if (!asset || !assetPolicy.canRead(actor, asset)) throw AppError.notFound();
    return asset;
  }

  /** The owner unit, visible (else 404) and writable (else 403) by the actor. */
  async function loadWritableUnit(actor: Actor, unitId: number) {
    const unit = await org.getUnit(actor, unitId);
    if (!assetPolicy.canWrite(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
      throw AppError.forbidden();
    }
    return unit;
  }

  return {
    list: (actor: Actor, filter: AssetFilter & { limit: number; offset: number }) =>
      repo.listVisibleTo(db, actor, filter),
    get: loadReadable,

    async create(actor: Actor, input: AssetInput, locale: Locale = actor.locale): Promise<AssetWithUnit> {
      const unit = await loadWritableUnit(actor, input.unitId);
      const fields = checkedFields(input, locale);
      return db.transaction().execute(async (trx) => {
        if (await repo.findByUnitAndName(trx, unit.id, fields.name))
          throw AppError.conflict({ field: 'name' });
        const id = await repo.insertAsset(trx, unit.id, fields);
        const asset = await repo.findAsset(trx, id);
        if (!asset) throw new Error(`asset ${id} vanished inside its own transaction`);
        await appendAudit(trx, actor, {
          action: 'asset.create',
          resourceType: 'asset',
          resourceId: id,
          regionPath: asset.regionPath,
          after: asset,
        });
        return asset;
      });
    },

    async update(
      actor: Actor,
      id: number,
      input: AssetInput,
      locale: Locale = actor.locale,
    ): Promise<AssetWithUnit> {
      const before = await loadReadable(actor, id);
      if (!assetPolicy.canWrite(actor, before)) throw AppError.forbidden();
      const unit = input.unitId === before.unitId ? null : await loadWritableUnit(actor, input.unitId);
      const fields = checkedFields(input, locale);
      return db.transaction().execute(async (trx) => {
        const unitId = unit?.id ?? before.unitId;
        const clash = await repo.findByUnitAndName(trx, unitId, fields.name);
        if (clash && clash.id !== id) throw AppError.conflict({ field: 'name' });
        await repo.updateAsset(trx, id, unitId, fields);
        const after = await repo.findAsset(trx, id);
        if (!after) throw new Error(`asset ${id} vanished inside its own transaction`);
        await appendAudit(trx, actor, {
          action: 'asset.update',
          resourceType: 'asset',
          resourceId: id,
          regionPath: after.regionPath,
          before,
          after,
        });
        return after;
      });
    },

    async delete(actor: Actor, id: number): Promise<void> {
      const asset = await loadReadable(actor, id);
      if (!assetPolicy.canWrite(actor, asset)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        await repo.deleteAsset(trx, id);
        await appendAudit(trx, actor, {
          action: 'asset.delete',
          resourceType: 'asset',
          resourceId: id,
          regionPath: asset.regionPath,
          before: asset,
        });
      });
    },

    async stats(actor: Actor): Promise<AssetStats> {
      const [counts, regions] = await Promise.all([repo.countsVisibleTo(db, actor), org.listRegions(actor)]);
      const byKind = { website: 0, system: 0, cii: 0 };
      for (const { key, n } of counts.byKind) if (isKeyOf(byKind, key)) byKind[key] += n;
      const byMlps = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 };
      for (const { key, n } of counts.byMlps) {
        const level = key === null ? 'none' : String(key);
        if (isKeyOf(byMlps, level)) byMlps[level] += n;
      }
      const names = new Map(regions.map((r) => [r.id, r.name]));
      const rolled = new Map<number, number>();
      for (const { key, n } of counts.byRegionPath) {
        const id = topRegionId(actor.regionPath, key, actor.regionId);
        rolled.set(id, (rolled.get(id) ?? 0) + n);
      }
      const byRegion = [...rolled]
        .map(([regionId, count]) => ({
          regionId,
          regionName: names.get(regionId) ?? String(regionId),
          count,
        }))
        .sort((a, b) => b.count - a.count || a.regionName.localeCompare(b.regionName));
      return {
        total: byKind.website + byKind.system + byKind.cii,
        byKind,
        cii: counts.cii,
        byMlps,
        byRegion,
      };
    },

    /**
     * Audits the export, then streams the matching assets as XLSX. The returned stream errors (and the
     * response aborts) if reading fails midway; the audit entry records what was asked for.
     */
    async exportXlsx(actor: Actor, filter: AssetFilter, locale: Locale): Promise<Readable> {
      await db.transaction().execute((trx) =>
        appendAudit(trx, actor, {
          action: 'asset.export',
          resourceType: 'asset',
          regionPath: actor.regionPath,
          after: { filter },
        }),
      );
      const out = new PassThrough();
      writeAssetsXlsx(out, locale, repo.iterateVisibleTo(db, actor, filter)).catch((err: unknown) => {
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return out;
    },

    import: createAssetImporter(db, now),
  };
}

export type AssetService = ReturnType<typeof createAssetService>;
