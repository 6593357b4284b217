import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { RegionRow } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { checkAssetFields } from '../assets/asset-values.ts';
import { assetRepository } from '../assets/assets.repository.ts';
import { orgRepository } from '../org/org.repository.ts';
import { DEMO_CITY, DEMO_COUNTY_NAME, DEMO_UNIT_NAME, type DemoRegion, type DemoUnit } from './demo-data.ts';

/** The demo is loaded only into a database without regions: nothing is ever overwritten. */
export class DemoRefusedError extends Error {}

export interface DemoSeedResult {
  regions: number;
  units: number;
  assets: number;
  cityId: number;
  /** The county and the unit that demo users are attached to. */
  countyId: number;
  unitId: number;
  /** Assets whose URL was pointed at a local demo website (options.siteUrls). */
  siteAssetIds: number[];
}

export interface DemoSeedOptions {
  /** Asset name → the URL of the local demo website standing in for it (serve --demo). */
  siteUrls?: ReadonlyMap<string, string>;
}

// Serialises concurrent first starts on PostgreSQL (two api processes on a fresh database).
const DEMO_LOCK_KEY = 7_201_998;
const LEVELS = ['city', 'county', 'town'] as const;

/**
 * Loads the fictional demo jurisdiction (江川市: 4 districts/counties, their towns, units and assets) in one
 * transaction through the org and asset repositories, each row audited as the system actor "demo".
 */
export async function seedDemoJurisdiction(db: Db, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`.execute(trx);
    if (await orgRepository.findRootRegion(trx)) {
      throw new DemoRefusedError(
        'The database already has regions; the demo is loaded only into an empty one (nothing is ever overwritten).',
      );
    }
    const actor = systemActor('/', 'demo');
    const counts = { regions: 0, units: 0, assets: 0 };
    let countyId = 0;
    let unitId = 0;
    const siteAssetIds: number[] = [];

    const addUnit = async (region: RegionRow, u: DemoUnit) => {
      const id = await orgRepository.insertUnit(trx, {
        regionId: region.id,
        name: u.name,
        creditCode: null,
        kind: u.kind,
        contactName: u.contactName,
        contactPhone: u.contactPhone,
        contactEmail: null,
        leaderName: u.leaderName,
        isCii: u.isCii ?? false,
      });
      counts.units += 1;
      if (u.name === DEMO_UNIT_NAME) unitId = id;
      await appendAudit(trx, actor, {
        action: 'unit.create',
        resourceType: 'unit',
        resourceId: id,
        regionPath: region.path,
        after: { name: u.name, kind: u.kind, regionId: region.id, isCii: u.isCii ?? false },
      });
      for (const a of u.assets) {
        const siteUrl = options.siteUrls?.get(a.name);
        const { fields, problems } = checkAssetFields({
          kind: a.kind,
          name: a.name,
          domains: a.domains ?? [],
          urls: siteUrl ? [siteUrl] : (a.domains ?? []).map((d) => `https://${d}/`),
          ips: a.ips ?? [],
          mlpsLevel: a.mlpsLevel ?? null,
          contactName: u.contactName,
          contactPhone: u.contactPhone,
          tags: a.tags ?? [],
        });
        if (problems.length > 0)
          throw new Error(`Demo asset "${a.name}" is invalid: ${JSON.stringify(problems)}`);
        const assetId = await assetRepository.insertAsset(trx, id, fields);
        counts.assets += 1;
        if (siteUrl) siteAssetIds.push(assetId);
        await appendAudit(trx, actor, {
          action: 'asset.create',
          resourceType: 'asset',
          resourceId: assetId,
          regionPath: region.path,
          after: { unitId: id, ...fields },
        });
      }
    };

    const addRegion = async (r: DemoRegion, parent: RegionRow | null, depth: number): Promise<RegionRow> => {
      const region = await orgRepository.insertRegion(trx, {
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? '/',
        name: r.name,
        code: r.code,
        level: LEVELS[Math.min(depth, LEVELS.length - 1)] ?? 'town',
      });
      counts.regions += 1;
      if (r.name === DEMO_COUNTY_NAME) countyId = region.id;
      await appendAudit(trx, actor, {
        action: 'region.create',
        resourceType: 'region',
        resourceId: region.id,
        regionPath: region.path,
        after: { name: region.name, code: region.code, level: region.level, parentId: region.parent_id },
      });
      for (const u of r.units) await addUnit(region, u);
      for (const child of r.children ?? []) await addRegion(child, region, depth + 1);
      return region;
    };

    const city = await addRegion(DEMO_CITY, null, 0);
    return { ...counts, cityId: city.id, countyId, unitId, siteAssetIds };
  });
}
