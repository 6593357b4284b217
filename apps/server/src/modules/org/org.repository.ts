import { isUnitRole } from '@shouwang/common';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { nowIso } from '../../platform/db/database.ts';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database, RegionRow } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface UnitWithRegion {
  id: number;
  regionId: number;
  regionName: string;
  regionPath: string;
  name: string;
  creditCode: string | null;
  kind: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  leaderName: string | null;
  isCii: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UnitFilter {
  q?: string;
  regionId?: number;
  kind?: string;
  isCii?: boolean;
  sort?: 'name' | 'region' | 'createdAt';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface UnitValues {
  regionId: number;
  name: string;
  creditCode: string | null;
  kind: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  leaderName: string | null;
  isCii: boolean;
}

/** The jurisdiction rule for units, as SQL: the same rule as orgPolicy.canReadUnit. */
export function unitVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { r: Database['regions'] }, 'units' | 'r'>) =>
    isUnitRole(actor.role)
      ? eb('units.id', '=', actor.unitId ?? -1)
      : inRegionSubtree('r.path', actor.regionPath);
}

function unitSelect(db: Q) {
  return db
    .selectFrom('units')
    .innerJoin('regions as r', 'r.id', 'units.region_id')
    .select([
      'units.id',
      'units.region_id as regionId',
      'r.name as regionName',
      'r.path as regionPath',
      'units.name',
      'units.credit_code as creditCode',
      'units.kind',
      'units.contact_name as contactName',
      'units.contact_phone as contactPhone',
      'units.contact_email as contactEmail',
      'units.leader_name as leaderName',
      'units.is_cii as isCii',
      'units.created_at as createdAt',
      'units.updated_at as updatedAt',
    ]);
}

function toUnit(row: Omit<UnitWithRegion, 'isCii'> & { isCii: number }): UnitWithRegion {
  return { ...row, isCii: row.isCii === 1 };
}

export const orgRepository = {
  async findRegion(db: Q, id: number): Promise<RegionRow | undefined> {
    return db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findRootRegion(db: Q): Promise<RegionRow | undefined> {
    return db
      .selectFrom('regions')
      .selectAll()
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
  },

  async listRegionsVisibleTo(db: Q, actor: Actor): Promise<RegionRow[]> {
    let q = db.selectFrom('regions').selectAll();
    q = isUnitRole(actor.role)
      ? q.where('id', '=', actor.regionId)
      : q.where(inRegionSubtree('path', actor.regionPath));
    return q.orderBy('path').execute();
  },

  async insertRegion(
    db: Q,
    values: { parentId: number | null; parentPath: string; name: string; code: string | null; level: string },
  ): Promise<RegionRow> {
    const now = nowIso();
    const inserted = await db
      .insertInto('regions')
      .values({
        parent_id: values.parentId,
        name: values.name,
        code: values.code,
        level: values.level,
        path: '/',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${values.parentPath}${inserted.id}/`;
    await db.updateTable('regions').set({ path }).where('id', '=', inserted.id).execute();
    return db.selectFrom('regions').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
  },

  async updateRegion(db: Q, id: number, values: { name: string; code: string | null }): Promise<void> {
    await db
      .updateTable('regions')
      .set({ name: values.name, code: values.code, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  },

  /** What still hangs off a region, so deletion can explain why it is refused. */
  async countRegionDependants(
    db: Q,
    id: number,
  ): Promise<{ children: number; units: number; users: number }> {
    const [children, units, users] = await Promise.all([
      db
        .selectFrom('regions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('region_id', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('region_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { children: Number(children.n), units: Number(units.n), users: Number(users.n) };
  },

  async deleteRegion(db: Q, id: number): Promise<void> {
    await db.deleteFrom('regions').where('id', '=', id).execute();
  },

  async findUnit(db: Q, id: number): Promise<UnitWithRegion | undefined> {
    const row = await unitSelect(db).where('units.id', '=', id).executeTakeFirst();
    return row ? toUnit(row) : undefined;
  },

  async listUnitsVisibleTo(
    db: Q,
    actor: Actor,
    f: UnitFilter,
  ): Promise<{ items: UnitWithRegion[]; total: number }> {
    let q = unitSelect(db).where(unitVisibleTo(actor));
    if (f.q) {
      const text = f.q;
      q = q.where((eb) =>
        eb.or([
          containsText('units.name', text),
          containsText('units.credit_code', text),
          containsText('units.contact_name', text),
        ]),
      );
    }
    if (f.regionId !== undefined) {
      const region = await this.findRegion(db, f.regionId);
      q = q.where(inRegionSubtree('r.path', region?.path ?? '/none/'));
    }
    if (f.kind) q = q.where('units.kind', '=', f.kind);
    if (f.isCii !== undefined) q = q.where('units.is_cii', '=', f.isCii ? 1 : 0);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const sortColumn =
      f.sort === 'region' ? 'r.path' : f.sort === 'createdAt' ? 'units.created_at' : 'units.name';
    const rows = await q
      .orderBy(sortColumn, f.order ?? 'asc')
      .orderBy('units.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items: rows.map(toUnit), total: Number(total.n) };
  },

  async insertUnit(db: Q, v: UnitValues): Promise<number> {
    const now = nowIso();
    const row = await db
      .insertInto('units')
      .values({
        region_id: v.regionId,
        name: v.name,
        credit_code: v.creditCode,
        kind: v.kind,
        contact_name: v.contactName,
        contact_phone: v.contactPhone,
        contact_email: v.contactEmail,
        leader_name: v.leaderName,
        is_cii: v.isCii ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async updateUnit(db: Q, id: number, v: UnitValues): Promise<void> {
    await db
      .updateTable('units')
      .set({
        region_id: v.regionId,
        name: v.name,
        credit_code: v.creditCode,
        kind: v.kind,
        contact_name: v.contactName,
        contact_phone: v.contactPhone,
        contact_email: v.contactEmail,
        leader_name: v.leaderName,
        is_cii: v.isCii ? 1 : 0,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
  },

  async findUnitByName(db: Q, regionId: number, name: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('units')
      .select('id')
      .where('region_id', '=', regionId)
      .where('name', '=', name)
      .executeTakeFirst();
  },

  async countUnitDependants(db: Q, id: number): Promise<{ users: number; assets: number }> {
    const [users, assets] = await Promise.all([
      db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('unit_id', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('unit_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { users: Number(users.n), assets: Number(assets.n) };
  },

  async deleteUnit(db: Q, id: number): Promise<void> {
    await db.deleteFrom('units').where('id', '=', id).execute();
  },
};
