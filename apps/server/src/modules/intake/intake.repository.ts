import { isUnitRole } from '@shouwang/common';
import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { insertRows } from '../../platform/db/compiled-insert.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { IntakeCaseTable } from '../../platform/db/schema-intake.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { MIN_SHARED_BANDS } from './dedup.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Most recent cases per LSH band considered for duplicate suggestions. Most band keys hold one case; a band whose
 * two minimum hashes come from boilerplate ("问题反映") holds thousands, and reading 200 of them was half of a
 * lookup's time at 200,000 cases (50: 260 µs instead of 580). A near-copy shares about seven of 16 bands, most
 * of them rare keys, so one crowded band passing it over loses nothing.
 */
const BAND_FANOUT = 50;
type CaseEb = ExpressionBuilder<Database, 'intake_cases'>;

/** The read rule as SQL (same as intakePolicy.canRead): office roles their subtree, units their cases. */
export function caseVisibleTo(actor: Actor) {
  return (eb: CaseEb) =>
    isUnitRole(actor.role)
      ? eb('intake_cases.unit_id', '=', actor.unitId ?? -1)
      : inRegionSubtree('intake_cases.region_path', actor.regionPath);
}

export interface CaseFilter {
  channel?: string;
  kind?: string;
  state?: string[];
  category?: string;
  regionPath?: string;
  unitId?: number;
  overdue?: boolean;
  q?: string;
}

function filterWhere(f: CaseFilter) {
  return (eb: CaseEb) => {
    const parts = [];
    if (f.channel) parts.push(eb('intake_cases.channel', '=', f.channel));
    if (f.kind) parts.push(eb('intake_cases.kind', '=', f.kind));
    if (f.state?.length) parts.push(eb('intake_cases.state', 'in', f.state));
    if (f.category) parts.push(eb('intake_cases.category', '=', f.category));
    if (f.regionPath) parts.push(inRegionSubtree('intake_cases.region_path', f.regionPath));
    if (f.unitId !== undefined) parts.push(eb('intake_cases.unit_id', '=', f.unitId));
    if (f.overdue !== undefined) parts.push(eb('intake_cases.overdue', '=', f.overdue ? 1 : 0));
    if (f.q)
      parts.push(eb.or([containsText('intake_cases.title', f.q), containsText('intake_cases.content', f.q)]));
    return eb.and(parts);
  };
}

function caseSelect(db: Q) {
  return db
    .selectFrom('intake_cases')
    .innerJoin('regions as r', 'r.id', 'intake_cases.region_id')
    .leftJoin('units as u', 'u.id', 'intake_cases.unit_id')
    .selectAll('intake_cases')
    .select(['r.name as region_name', 'u.name as unit_name']);
}

export type CaseListRow = Awaited<ReturnType<ReturnType<typeof caseSelect>['executeTakeFirstOrThrow']>>;

export const intakeRepository = {
  findById(db: Q, id: number): Promise<CaseListRow | undefined> {
    return caseSelect(db).where('intake_cases.id', '=', id).executeTakeFirst();
  },

  findByCodeHash(db: Q, hash: string) {
    return db.selectFrom('intake_cases').selectAll().where('query_code_hash', '=', hash).executeTakeFirst();
  },

  async list(db: Q, actor: Actor, f: CaseFilter & { limit: number; offset: number }) {
    const total = await db
      .selectFrom('intake_cases')
      .where(caseVisibleTo(actor))
      .where(filterWhere(f))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const items = await caseSelect(db)
      .where(caseVisibleTo(actor))
      .where(filterWhere(f))
      .orderBy('intake_cases.created_at', 'desc')
      .orderBy('intake_cases.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total: Number(total.n) };
  },

  /** Inserts a case (SQL compiled once: see insertRows) and returns its id. */
  async insert(trx: Q, row: Insertable<IntakeCaseTable>): Promise<number> {
    const [id] = await insertRows(trx, 'intake_cases', [row], true);
    if (id === undefined) throw new Error('insert into intake_cases returned no id');
    return id;
  },

  /** Makes a new case the first of its own group. */
  async startGroup(trx: Q, id: number): Promise<void> {
    await trx.updateTable('intake_cases').set({ group_id: id }).where('id', '=', id).execute();
  },

  async insertEvent(
    trx: Q,
    e: {
      caseId: number;
      at: string;
      actor: { userId: number | null; name: string };
      action: string;
      fromState: string | null;
      toState: string | null;
      isPublic: boolean;
      data?: Record<string, unknown> | null;
    },
  ): Promise<void> {
    await insertRows(trx, 'intake_events', [
      {
        case_id: e.caseId,
        at: e.at,
        actor_user_id: e.actor.userId,
        actor_name: e.actor.name,
        action: e.action,
        from_state: e.fromState,
        to_state: e.toState,
        public: e.isPublic ? 1 : 0,
        data: e.data ? JSON.stringify(e.data) : null,
      },
    ]);
  },

  events(db: Q, caseId: number, publicOnly: boolean) {
    let q = db.selectFrom('intake_events').selectAll().where('case_id', '=', caseId);
    if (publicOnly) q = q.where('public', '=', 1);
    return q.orderBy('id', 'asc').execute();
  },

  /** The earliest case reported with the same normalised URL (its group), if any. */
  async groupOfUrls(
    trx: Q,
    keys: readonly string[],
  ): Promise<{ case_id: number; group_id: number | null } | undefined> {
    if (keys.length === 0) return undefined;
    return trx
      .selectFrom('intake_urls')
      .innerJoin('intake_cases as c', 'c.id', 'intake_urls.case_id')
      .select(['intake_urls.case_id', 'c.group_id'])
      .where('intake_urls.url_key', 'in', [...keys])
      .orderBy('intake_urls.case_id', 'asc')
      .limit(1)
      .executeTakeFirst();
  },

  /**
   * Cases sharing at least MIN_SHARED_BANDS LSH bands, most shared first, with their texts. Counted on the band
   * table alone (the texts are read only for the few candidates, in the same statement), and each band
   * contributes at most its BAND_FANOUT most recent cases, so a band every boilerplate text shares cannot make
   * one submission read thousands of rows.
   */
  async bandCandidates(trx: Q, keys: readonly number[], limit: number) {
    if (keys.length === 0) return [];
    // The same query on both databases; PostgreSQL takes the keys as one array through a lateral join,
    // which it parses and plans in a fraction of the time of sixteen unioned subqueries.
    const perBand =
      dialectOf(trx) === 'postgres'
        ? sql`select b.case_id from unnest(${[...keys]}::bigint[]) as k(band_key)
            cross join lateral (select d.case_id from intake_band_keys as d where d.band_key = k.band_key
              order by d.case_id desc limit ${BAND_FANOUT}) as b`
        : sql.join(
            keys.map(
              (key, i) =>
                sql`select case_id from (select case_id from intake_band_keys where band_key = ${key} order by case_id desc limit ${BAND_FANOUT}) as ${sql.raw(`b${i}`)}`,
            ),
            sql` union all `,
          );
    const { rows } = await sql<{ id: number; title: string; content: string; shared: number }>`
      select c.id, c.title, c.content, top.shared from (
        select case_id, count(*) as shared from (${perBand}) as u
        group by case_id having count(*) >= ${MIN_SHARED_BANDS} order by shared desc, case_id desc limit ${limit}
      ) as top
      join intake_cases as c on c.id = top.case_id
      order by top.shared desc, c.id desc`.execute(trx);
    return rows.map((r) => ({
      id: Number(r.id),
      title: r.title,
      content: r.content,
      shared: Number(r.shared),
    }));
  },

  links(db: Q, caseId: number) {
    return db
      .selectFrom('intake_links')
      .select(['case_id', 'other_case_id', 'reason', 'score'])
      .where((eb) => eb.or([eb('case_id', '=', caseId), eb('other_case_id', '=', caseId)]))
      .orderBy('id', 'asc')
      .execute();
  },

  regions(db: Q) {
    return db.selectFrom('regions').select(['id', 'name', 'parent_id', 'path']).orderBy('path').execute();
  },

  /** A region a citizen files under: by id, or the root of the tree when none is given. */
  publicRegion(db: Q, regionId: number | undefined): Promise<{ id: number; path: string } | undefined> {
    const q = db.selectFrom('regions').select(['id', 'path']);
    return regionId === undefined
      ? q.where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirst()
      : q.where('id', '=', regionId).executeTakeFirst();
  },

  async setting(db: Q, key: string): Promise<string | undefined> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  },
};
