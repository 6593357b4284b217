import type { AssetKind } from '@shouwang/common';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { nowIso } from '../../platform/db/database.ts';
import { parseStringList } from '../../platform/db/json-columns.ts';
import type { Database } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { unitVisibleTo } from '../org/org.repository.ts';
import type { AssetFields } from './asset-values.ts';

type Q = Kysely<Database> | Transaction<Database>;
type AssetDb = Database & { r: Database['regions'] };

export interface AssetWithUnit {
  id: number;
  unitId: number;
  unitName: string;
  regionId: number;
  regionName: string;
  regionPath: string;
  kind: AssetKind;
  name: string;
  domains: string[];
  urls: string[];
  ips: string[];
  mlpsLevel: number | null;
  isCii: boolean;
  contactName: string | null;
  contactPhone: string | null;
  tags: string[];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AssetSort = 'name' | 'unit' | 'kind' | 'mlpsLevel' | 'updatedAt';

export interface AssetFilter {
  q?: string;
  kind?: AssetKind;
  unitId?: number;
  /** The region's whole subtree. */
  regionId?: number;
  isCii?: boolean;
  mlpsLevel?: number;
  tag?: string;
  sort?: AssetSort;
  order?: 'asc' | 'desc';
}

export interface VisibleUnit {
  id: number;
  name: string;
  regionId: number;
  regionName: string;
  regionPath: string;
}

/** How a text appears inside the stored JSON arrays, so quotes and backslashes match too. */
function asJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function assetSelect(db: Q) {
  return db
    .selectFrom('assets')
    .innerJoin('units', 'units.id', 'assets.unit_id')
    .innerJoin('regions as r', 'r.id', 'units.region_id')
    .select([
      'assets.id',
      'assets.unit_id as unitId',
      'units.name as unitName',
      'r.id as regionId',
      'r.name as regionName',
      'r.path as regionPath',
      'assets.kind',
      'assets.name',
      'assets.domains',
      'assets.urls',
      'assets.ips',
      'assets.mlps_level as mlpsLevel',
      'assets.is_cii as isCii',
      'assets.contact_name as contactName',
      'assets.contact_phone as contactPhone',
      'assets.tags',
      'assets.notes',
      'assets.created_at as createdAt',
      'assets.updated_at as updatedAt',
    ]);
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof assetSelect>['executeTakeFirstOrThrow']>>;

function toAsset(row: SelectedRow): AssetWithUnit {
  return {
    ...row,
    // Only ASSET_KINDS values are ever written (the service checks the kind).
    kind: row.kind as AssetKind,
    domains: parseStringList(row.domains),
    urls: parseStringList(row.urls),
    ips: parseStringList(row.ips),
    tags: parseStringList(row.tags),
    isCii: row.isCii === 1,
  };
}

/** Jurisdiction plus the list filters, as one SQL condition. */
function matching(actor: Actor, f: AssetFilter) {
  return (eb: ExpressionBuilder<AssetDb, 'assets' | 'units' | 'r'>) => {
    const conds: Expression<SqlBool>[] = [unitVisibleTo(actor)(eb)];
    const q = f.q?.trim();
    if (q) {
      const json = asJsonText(q);
      conds.push(
        eb.or([
          containsText('assets.name', q),
          containsText('assets.domains', json),
          containsText('assets.urls', json),
          containsText('assets.ips', json),
          containsText('assets.tags', json),
        ]),
      );
    }
    if (f.kind) conds.push(eb('assets.kind', '=', f.kind));
    if (f.unitId !== undefined) conds.push(eb('assets.unit_id', '=', f.unitId));
    if (f.regionId !== undefined) {
      conds.push(sql<SqlBool>`r.path like (select path || '%' from regions where id = ${f.regionId})`);
    }
    if (f.isCii !== undefined) conds.push(eb('assets.is_cii', '=', f.isCii ? 1 : 0));
    if (f.mlpsLevel !== undefined) conds.push(eb('assets.mlps_level', '=', f.mlpsLevel));
    // A whole tag: its quoted JSON form inside the array text.
    if (f.tag) conds.push(containsText('assets.tags', JSON.stringify(f.tag.trim())));
    return eb.and(conds);
  };
}

const SORT_COLUMNS = {
  name: 'assets.name',
  unit: 'units.name',
  kind: 'assets.kind',
  mlpsLevel: 'assets.mlps_level',
  updatedAt: 'assets.updated_at',
} as const;

function listQuery(db: Q, actor: Actor, f: AssetFilter) {
  const order = f.order ?? 'asc';
  let q = assetSelect(db).where(matching(actor, f));
  // Assets without a level sort last either way, on both databases (they disagree on NULL order).
  if (f.sort === 'mlpsLevel') q = q.orderBy(sql`case when assets.mlps_level is null then 1 else 0 end`);
  return q.orderBy(SORT_COLUMNS[f.sort ?? 'name'], order).orderBy('assets.id', order);
}

function columnsOf(unitId: number, v: AssetFields) {
  return {
    unit_id: unitId,
    kind: v.kind,
    name: v.name,
    domains: JSON.stringify(v.domains),
    urls: JSON.stringify(v.urls),
    ips: JSON.stringify(v.ips),
    mlps_level: v.mlpsLevel,
    is_cii: v.isCii ? 1 : 0,
    contact_name: v.contactName,
    contact_phone: v.contactPhone,
    tags: JSON.stringify(v.tags),
    notes: v.notes,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The identity of an asset within the registry: one name per unit. */
export function assetKey(unitId: number, name: string): string {
  return `${unitId}\u0000${name}`;
}

/** Visible units whose `column` is one of `values`, looked up in chunks that stay under bind limits. */
async function findVisibleUnitsWhere<V extends string | number>(
  db: Q,
  actor: Actor,
  column: 'units.name' | 'units.id',
  values: readonly V[],
): Promise<VisibleUnit[]> {
  const out: VisibleUnit[] = [];
  for (const chunk of chunks([...new Set(values)], 500)) {
    const rows = await db
      .selectFrom('units')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select(['units.id', 'units.name', 'r.id as regionId', 'r.name as regionName', 'r.path as regionPath'])
      .where(unitVisibleTo(actor))
      .where(column, 'in', chunk)
      .execute();
    out.push(...rows);
  }
  return out;
}

export const assetRepository = {
  async findAsset(db: Q, id: number): Promise<AssetWithUnit | undefined> {
    const row = await assetSelect(db).where('assets.id', '=', id).executeTakeFirst();
    return row ? toAsset(row) : undefined;
  },

  async listVisibleTo(
    db: Q,
    actor: Actor,
    f: AssetFilter & { limit: number; offset: number },
  ): Promise<{ items: AssetWithUnit[]; total: number }> {
    const [count, rows] = await Promise.all([
      db
        .selectFrom('assets')
        .innerJoin('units', 'units.id', 'assets.unit_id')
        .innerJoin('regions as r', 'r.id', 'units.region_id')
        .where(matching(actor, f))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      listQuery(db, actor, f).limit(f.limit).offset(f.offset).execute(),
    ]);
    return { items: rows.map(toAsset), total: Number(count.n) };
  },

  /** Every matching asset, a page at a time, for exports that must not hold the whole list in memory. */
  async *iterateVisibleTo(
    db: Q,
    actor: Actor,
    f: AssetFilter,
    pageSize = 1000,
  ): AsyncGenerator<AssetWithUnit> {
    for (let offset = 0; ; offset += pageSize) {
      const rows = await listQuery(db, actor, f).limit(pageSize).offset(offset).execute();
      for (const row of rows) yield toAsset(row);
      if (rows.length < pageSize) return;
    }
  },

  /** Counts for the dashboard: by kind, CII flag, MLPS level and unit region path, in the jurisdiction. */
  async countsVisibleTo(db: Q, actor: Actor) {
    const base = () =>
      db
        .selectFrom('assets')
        .innerJoin('units', 'units.id', 'assets.unit_id')
        .innerJoin('regions as r', 'r.id', 'units.region_id')
        .where(matching(actor, {}));
    const [byKind, cii, byMlps, byRegionPath] = await Promise.all([
      base()
        .select(['assets.kind as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('assets.kind')
        .execute(),
      base()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('assets.is_cii', '=', 1)
        .executeTakeFirstOrThrow(),
      base()
        .select(['assets.mlps_level as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('assets.mlps_level')
        .execute(),
      base()
        .select(['r.path as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('r.path')
        .execute(),
    ]);
    const num = <K>(rows: { key: K; n: number }[]) => rows.map((r) => ({ key: r.key, n: Number(r.n) }));
    return { byKind: num(byKind), cii: Number(cii.n), byMlps: num(byMlps), byRegionPath: num(byRegionPath) };
  },

  async findByUnitAndName(db: Q, unitId: number, name: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('assets')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('name', '=', name)
      .executeTakeFirst();
  },

  /** Existing assets among (unit, name) pairs, for duplicate detection on import. */
  async findByUnitAndNames(
    db: Q,
    pairs: readonly { unitId: number; name: string }[],
  ): Promise<{ id: number; unitId: number; name: string }[]> {
    const found: { id: number; unitId: number; name: string }[] = [];
    const wanted = new Set(pairs.map((p) => assetKey(p.unitId, p.name)));
    const unitIds = [...new Set(pairs.map((p) => p.unitId))];
    const names = [...new Set(pairs.map((p) => p.name))];
    for (const unitChunk of chunks(unitIds, 500)) {
      for (const nameChunk of chunks(names, 500)) {
        const rows = await db
          .selectFrom('assets')
          .select(['id', 'unit_id as unitId', 'name'])
          .where('unit_id', 'in', unitChunk)
          .where('name', 'in', nameChunk)
          .execute();
        found.push(...rows.filter((r) => wanted.has(assetKey(r.unitId, r.name))));
      }
    }
    return found;
  },

  /** Units in the caller's jurisdiction with any of these exact names (for import's unit column). */
  findVisibleUnitsByNames(db: Q, actor: Actor, names: readonly string[]): Promise<VisibleUnit[]> {
    return findVisibleUnitsWhere(db, actor, 'units.name', names);
  },

  /** Units in the caller's jurisdiction among these ids (import confirm re-checks them). */
  findVisibleUnitsByIds(db: Q, actor: Actor, ids: readonly number[]): Promise<VisibleUnit[]> {
    return findVisibleUnitsWhere(db, actor, 'units.id', ids);
  },

  async insertAsset(db: Q, unitId: number, v: AssetFields): Promise<number> {
    const now = nowIso();
    const row = await db
      .insertInto('assets')
      .values({ ...columnsOf(unitId, v), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /**
   * Inserts many assets with one statement per 500 and answers their ids by (unit, name), which the
   * caller guarantees unique in the batch and new (RETURNING order is not guaranteed on SQLite).
   */
  async insertAssets(
    db: Q,
    items: readonly { unitId: number; fields: AssetFields }[],
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const now = nowIso();
    for (const chunk of chunks(items, 500)) {
      await db
        .insertInto('assets')
        .values(chunk.map((i) => ({ ...columnsOf(i.unitId, i.fields), created_at: now, updated_at: now })))
        .execute();
      const found = await this.findByUnitAndNames(
        db,
        chunk.map((i) => ({ unitId: i.unitId, name: i.fields.name })),
      );
      for (const f of found) ids.set(assetKey(f.unitId, f.name), f.id);
    }
    return ids;
  },

  async updateAsset(db: Q, id: number, unitId: number, v: AssetFields): Promise<void> {
    await db
      .updateTable('assets')
      .set({ ...columnsOf(unitId, v), updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  },

  async deleteAsset(db: Q, id: number): Promise<void> {
    await db.deleteFrom('assets').where('id', '=', id).execute();
  },
};
