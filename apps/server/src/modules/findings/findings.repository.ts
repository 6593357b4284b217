import { isUnitRole } from '@shouwang/common';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { FindingTable } from '../../platform/db/schema-notices.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Findings are the office's working material: office roles see their subtree, units see none. */
export function findingVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'findings'>) =>
    isUnitRole(actor.role) ? eb.val(false) : inRegionSubtree('findings.region_path', actor.regionPath);
}

export interface FindingFilter {
  status?: string;
  source?: string;
  severity?: string;
  unitId?: number;
  limit: number;
  offset: number;
}

function select(db: Q) {
  return db
    .selectFrom('findings')
    .innerJoin('units as u', 'u.id', 'findings.unit_id')
    .selectAll('findings')
    .select('u.name as unit_name');
}

export type FindingWithUnit = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>;

export const findingsRepository = {
  find(db: Q, id: number) {
    return select(db).where('findings.id', '=', id).executeTakeFirst();
  },
  async listVisibleTo(db: Q, actor: Actor, f: FindingFilter) {
    let q = db.selectFrom('findings').where(findingVisibleTo(actor));
    if (f.status) q = q.where('findings.status', '=', f.status);
    if (f.source) q = q.where('findings.source', '=', f.source);
    if (f.severity) q = q.where('findings.severity', '=', f.severity);
    if (f.unitId !== undefined) q = q.where('findings.unit_id', '=', f.unitId);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q
      .select('findings.id')
      .orderBy('findings.last_seen_at', 'desc')
      .orderBy('findings.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const rows =
      ids.length === 0
        ? []
        : await select(db)
            .where(
              'findings.id',
              'in',
              ids.map((r) => r.id),
            )
            .orderBy('findings.last_seen_at', 'desc')
            .orderBy('findings.id', 'desc')
            .execute();
    return { items: rows, total: Number(total.n) };
  },
  findOpenByKey(db: Q, dedupKey: string) {
    return db
      .selectFrom('findings')
      .selectAll()
      .where('dedup_key', '=', dedupKey)
      .where('status', '=', 'open')
      .orderBy('id')
      .execute();
  },
  /** The open notice (not closed or withdrawn) that a finding with this key was raised into, if any. */
  async openNoticeForKey(db: Q, dedupKey: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('findings')
      .innerJoin('notices as n', 'n.id', 'findings.notice_id')
      .select('n.id')
      .where('findings.dedup_key', '=', dedupKey)
      .where('n.state', 'not in', ['closed', 'withdrawn'])
      .orderBy('n.id', 'desc')
      .executeTakeFirst();
    return row?.id;
  },
  async insert(db: Q, values: Omit<FindingTable, 'id'> & { id?: never }): Promise<number> {
    const row = await db.insertInto('findings').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },
  async update(db: Q, id: number, patch: Partial<Omit<FindingTable, 'id'>>) {
    await db.updateTable('findings').set(patch).where('id', '=', id).execute();
  },
  unitWithPath(db: Q, unitId: number) {
    return db
      .selectFrom('units')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select(['units.id', 'r.path'])
      .where('units.id', '=', unitId)
      .executeTakeFirst();
  },
};
