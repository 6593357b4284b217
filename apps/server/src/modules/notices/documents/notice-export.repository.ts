import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import {
  type NoticeFilter,
  type NoticeSort,
  noticeFilterWhere,
  noticeVisibleTo,
} from '../notices.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface ExportSort {
  sort?: NoticeSort;
  order?: 'asc' | 'desc';
}

const SORT_COLUMNS = {
  createdAt: 'notices.created_at',
  rectifyDueAt: 'notices.rectify_due_at',
  severity: 'notices.severity',
  updatedAt: 'notices.updated_at',
  docNumber: 'notices.doc_number',
} as const;

function exportSelect(db: Q) {
  return db
    .selectFrom('notices')
    .innerJoin('units as u', 'u.id', 'notices.unit_id')
    .innerJoin('regions as r', 'r.id', 'u.region_id')
    .leftJoin('assets as a', 'a.id', 'notices.asset_id')
    .select([
      'notices.id',
      'notices.doc_number as docNumber',
      'notices.title',
      'u.name as unitName',
      'r.name as regionName',
      'a.name as assetName',
      'notices.category',
      'notices.severity',
      'notices.tlp',
      'notices.state',
      'notices.source',
      'notices.overdue',
      'notices.supervision_level as supervisionLevel',
      'notices.sign_due_at as signDueAt',
      'notices.rectify_due_at as rectifyDueAt',
      'notices.deadline_provisional as deadlineProvisional',
      'notices.created_at as createdAt',
      'notices.issued_at as issuedAt',
      'notices.signed_at as signedAt',
      'notices.reported_at as reportedAt',
      'notices.closed_at as closedAt',
    ]);
}

export type ExportRow = Awaited<ReturnType<ReturnType<typeof exportSelect>['executeTakeFirstOrThrow']>>;

const CHUNK = 1000;

export const noticeExportRepository = {
  async countVisibleTo(db: Q, actor: Actor, f: NoticeFilter): Promise<number> {
    const row = await db
      .selectFrom('notices')
      .where(noticeVisibleTo(actor))
      .where(noticeFilterWhere(f))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /**
   * The matching notices in list order, without holding them all in memory: the ordered ids first (a
   * few bytes each, in one query, so pages cannot shift under concurrent writes), then the rows a
   * chunk at a time.
   */
  async *iterateVisibleTo(
    db: Q,
    actor: Actor,
    f: NoticeFilter & ExportSort,
    limit: number,
  ): AsyncGenerator<ExportRow> {
    const order = f.order ?? 'desc';
    const ids = await db
      .selectFrom('notices')
      .where(noticeVisibleTo(actor))
      .where(noticeFilterWhere(f))
      .select('notices.id')
      .orderBy(SORT_COLUMNS[f.sort ?? 'createdAt'], order)
      .orderBy('notices.id', order)
      .limit(limit)
      .execute();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK).map((r) => r.id);
      const rows = await exportSelect(db).where('notices.id', 'in', chunk).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of chunk) {
        const row = byId.get(id);
        // A notice deleted between the two queries is simply left out.
        if (row) yield row;
      }
    }
  },
};
