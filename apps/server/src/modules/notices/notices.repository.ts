import { isUnitRole, type NoticeState } from '@shouwang/common';
import type { ExpressionBuilder, Kysely, Transaction, Updateable } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { forceIndex } from '../../platform/db/index-hint.ts';
import { holdsEveryRegion, inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { NoticeTable } from '../../platform/db/schema-notices.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;
type NoticeEb = ExpressionBuilder<Database, 'notices'>;

/** States a unit never sees: the office's drafts and what it withdrew before the unit could act. */
const HIDDEN_FROM_UNITS: NoticeState[] = ['draft', 'withdrawn'];

/**
 * The jurisdiction rule for notices as SQL (the same rule as noticesPolicy.canRead): office roles see
 * their region subtree, unit roles their own unit's notices except drafts and withdrawn ones.
 * Usable in any query that selects from `notices`.
 */
export function noticeVisibleTo(actor: Actor) {
  return (eb: NoticeEb) =>
    isUnitRole(actor.role)
      ? eb.and([
          eb('notices.unit_id', '=', actor.unitId ?? -1),
          eb('notices.state', 'not in', HIDDEN_FROM_UNITS),
        ])
      : inRegionSubtree('notices.region_path', actor.regionPath);
}

export interface NoticeFilter {
  q?: string;
  state?: string[];
  unitId?: number;
  /** Region subtree, resolved from regionId by resolveNoticeFilter. */
  regionPath?: string;
  severity?: string[];
  overdue?: boolean;
  source?: string;
  tlp?: string;
  createdFrom?: string;
  createdTo?: string;
  dueBefore?: string;
}

export interface NoticeQuery extends NoticeFilter {
  regionId?: number;
}

export type NoticeSort = 'createdAt' | 'rectifyDueAt' | 'severity' | 'updatedAt' | 'docNumber';

/** The list filters as one SQL condition over `notices` (shared by the list, the XLSX export and the dashboard). */
export function noticeFilterWhere(f: NoticeFilter) {
  return (eb: NoticeEb) => {
    const parts = [];
    if (f.q) {
      const text = f.q;
      parts.push(eb.or([containsText('notices.title', text), containsText('notices.doc_number', text)]));
    }
    if (f.state?.length) parts.push(eb('notices.state', 'in', f.state));
    if (f.unitId !== undefined) parts.push(eb('notices.unit_id', '=', f.unitId));
    if (f.regionPath !== undefined) parts.push(inRegionSubtree('notices.region_path', f.regionPath));
    if (f.severity?.length) parts.push(eb('notices.severity', 'in', f.severity));
    if (f.overdue !== undefined) parts.push(eb('notices.overdue', '=', f.overdue ? 1 : 0));
    if (f.source) parts.push(eb('notices.source', '=', f.source));
    if (f.tlp) parts.push(eb('notices.tlp', '=', f.tlp));
    if (f.createdFrom) parts.push(eb('notices.created_at', '>=', f.createdFrom));
    if (f.createdTo) parts.push(eb('notices.created_at', '<', f.createdTo));
    if (f.dueBefore) parts.push(eb('notices.rectify_due_at', '<', f.dueBefore));
    return eb.and(parts);
  };
}

/**
 * Every NoticeFilter key, as a record so that a filter added to NoticeFilter fails to compile until it is
 * listed here too: the list count leaves out its WHERE entirely when none is set.
 */
const FILTER_KEYS = Object.keys({
  q: true,
  state: true,
  unitId: true,
  regionPath: true,
  severity: true,
  overdue: true,
  source: true,
  tlp: true,
  createdFrom: true,
  createdTo: true,
  dueBefore: true,
} satisfies Record<keyof NoticeFilter, true>) as Array<keyof NoticeFilter>;

function hasNoticeFilter(f: NoticeFilter): boolean {
  return FILTER_KEYS.some((k) => {
    const v = f[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
  });
}

/** Replaces regionId by the region's path (an unknown region matches nothing). */
export async function resolveNoticeFilter(db: Q, f: NoticeQuery): Promise<NoticeFilter> {
  const { regionId, ...rest } = f;
  if (regionId === undefined) return rest;
  const region = await db.selectFrom('regions').select('path').where('id', '=', regionId).executeTakeFirst();
  return { ...rest, regionPath: region?.path ?? '/none/' };
}

function summarySelect(db: Q) {
  return db
    .selectFrom('notices')
    .innerJoin('units as u', 'u.id', 'notices.unit_id')
    .innerJoin('regions as r', 'r.id', 'u.region_id')
    .leftJoin('assets as a', 'a.id', 'notices.asset_id')
    .selectAll('notices')
    .select(['u.name as unit_name', 'r.name as region_name', 'a.name as asset_name']);
}

export type NoticeListRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['executeTakeFirstOrThrow']>>;

const SORT_COLUMNS = {
  createdAt: 'notices.created_at',
  rectifyDueAt: 'notices.rectify_due_at',
  severity: 'notices.severity',
  updatedAt: 'notices.updated_at',
  docNumber: 'notices.doc_number',
} as const;

/**
 * Whether SQLite should answer a newest-first page by walking notices_created_idx (stopping after the
 * page) rather than collecting every match through a filter index and sorting it. SQLite's planner picks
 * the filter index whenever one applies, which at 1,000,000 notices sorted a county's 82,000 notices for
 * every page (273 ms); PostgreSQL weighs both plans itself. Walking visits about
 * (offset + limit) × rows / matches index entries when matches are spread over time; sorting visits every
 * match. We walk when that is at most half the matches (a margin for matches bunched in old notices).
 */
async function walkCreatedOrder(
  db: Q,
  matches: number,
  f: { limit: number; offset: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirst();
  const rows = Number(row?.n ?? 0);
  return (f.offset + f.limit) * rows * 2 <= matches * matches;
}

export const noticesRepository = {
  async findById(db: Q, id: number): Promise<NoticeListRow | undefined> {
    return summarySelect(db).where('notices.id', '=', id).executeTakeFirst();
  },

  /** A page of the notices the actor may see, filtered and sorted; the filter's SQL is noticeFilterWhere. */
  async listVisibleTo(
    db: Q,
    actor: Actor,
    f: NoticeFilter & { sort?: NoticeSort; order?: 'asc' | 'desc'; limit: number; offset: number },
  ): Promise<{ items: NoticeListRow[]; total: number }> {
    // The city's own staff see every notice: no jurisdiction condition, so the count can use SQLite's
    // page-count shortcut instead of reading every index entry.
    const everything = !isUnitRole(actor.role) && (await holdsEveryRegion(db, actor.regionPath));
    const visible = (eb: NoticeEb) => (everything ? eb.and([]) : noticeVisibleTo(actor)(eb));
    // Not even `where 1 = 1`: SQLite counts a whole table from its b-tree pages only without a WHERE.
    const countRow = await db
      .selectFrom('notices')
      .$if(!everything || hasNoticeFilter(f), (qb) => qb.where(visible).where(noticeFilterWhere(f)))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(countRow.n);
    if (total === 0 || f.offset >= total) return { items: [], total };
    const sort = f.sort ?? 'createdAt';
    const order = f.order ?? 'desc';
    const query = summarySelect(db)
      .where(visible)
      .where(noticeFilterWhere(f))
      .orderBy(SORT_COLUMNS[sort], order)
      .orderBy('notices.id', order)
      .limit(f.limit)
      .offset(f.offset);
    if (sort === 'createdAt' && dialectOf(db) === 'sqlite' && (await walkCreatedOrder(db, total, f))) {
      const compiled = query.compile();
      const items = await db.executeQuery<NoticeListRow>(
        forceIndex(compiled, '"notices"', 'notices_created_idx'),
      );
      return { items: items.rows, total };
    }
    return { items: await query.execute(), total };
  },

  async insert(db: Q, values: Omit<NoticeTable, 'id'> & { id?: never }): Promise<number> {
    const row = await db.insertInto('notices').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  /**
   * Applies a change only when the notice still has the version the actor saw, bumping it. Returns
   * false when someone else changed it first (the caller answers 409 conflict).
   */
  async updateIfVersion(
    db: Q,
    id: number,
    version: number,
    patch: Updateable<NoticeTable>,
  ): Promise<boolean> {
    const result = await db
      .updateTable('notices')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async insertEvent(
    db: Q,
    e: {
      noticeId: number;
      at: string;
      actor: Actor;
      action: string;
      fromState: string | null;
      toState: string | null;
      reason?: string | null;
      data?: Record<string, unknown> | null;
    },
  ): Promise<number> {
    const row = await db
      .insertInto('notice_events')
      .values({
        notice_id: e.noticeId,
        at: e.at,
        actor_user_id: e.actor.userId || null,
        actor_name: e.actor.displayName || e.actor.username,
        actor_role: e.actor.role,
        action: e.action,
        from_state: e.fromState,
        to_state: e.toState,
        reason: e.reason ?? null,
        data: e.data ? JSON.stringify(e.data) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async listEvents(db: Q, noticeId: number) {
    return db
      .selectFrom('notice_events')
      .selectAll()
      .where('notice_id', '=', noticeId)
      .orderBy('id')
      .execute();
  },

  async listAttachments(db: Q, noticeId: number) {
    return db
      .selectFrom('notice_attachments as na')
      .leftJoin('users as up', 'up.id', 'na.uploaded_by')
      .selectAll('na')
      .select('up.display_name as uploaded_by_name')
      .where('na.notice_id', '=', noticeId)
      .orderBy('na.id')
      .execute();
  },

  async findAttachment(db: Q, noticeId: number, id: number) {
    return db
      .selectFrom('notice_attachments')
      .selectAll()
      .where('notice_id', '=', noticeId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async countAttachmentsWithKey(db: Q, storageKey: string): Promise<number> {
    const row = await db
      .selectFrom('notice_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('storage_key', '=', storageKey)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertAttachment(
    db: Q,
    v: {
      noticeId: number;
      eventId: number | null;
      kind: string;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      storageKey: string;
      uploadedBy: number;
      createdAt: string;
    },
  ): Promise<number> {
    const row = await db
      .insertInto('notice_attachments')
      .values({
        notice_id: v.noticeId,
        event_id: v.eventId,
        kind: v.kind,
        file_name: v.fileName,
        content_type: v.contentType,
        size_bytes: v.sizeBytes,
        sha256: v.sha256,
        storage_key: v.storageKey,
        uploaded_by: v.uploadedBy,
        created_at: v.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Findings raised into this notice, oldest first. */
  async listFindings(db: Q, noticeId: number) {
    return db.selectFrom('findings').selectAll().where('notice_id', '=', noticeId).orderBy('id').execute();
  },

  async resolveOpenFindings(db: Q, noticeId: number, at: string): Promise<void> {
    await db
      .updateTable('findings')
      .set({ status: 'resolved', resolved_at: at, updated_at: at })
      .where('notice_id', '=', noticeId)
      .where('status', '=', 'open')
      .execute();
  },

  async userName(db: Q, userId: number): Promise<{ id: number; name: string }> {
    const row = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', userId)
      .executeTakeFirst();
    return { id: userId, name: row?.display_name ?? `#${userId}` };
  },

  async findRegion(db: Q, id: number) {
    return db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** A unit with its region path, for placing a notice in the tree. */
  async findUnit(db: Q, id: number) {
    return db
      .selectFrom('units')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select(['units.id', 'units.name', 'units.region_id', 'r.path as region_path'])
      .where('units.id', '=', id)
      .executeTakeFirst();
  },

  async findAsset(db: Q, id: number) {
    return db.selectFrom('assets').select(['id', 'unit_id', 'name']).where('id', '=', id).executeTakeFirst();
  },

  /** Nearest region on a path that is not a town: the office that issues notices for units there. */
  async officeRegionFor(db: Q, regionPath: string): Promise<number> {
    const ids = regionPath
      .split('/')
      .filter((s) => s !== '')
      .map(Number);
    const rows = await db.selectFrom('regions').select(['id', 'level']).where('id', 'in', ids).execute();
    const level = new Map(rows.map((r) => [r.id, r.level]));
    for (const id of [...ids].reverse()) if (level.get(id) !== 'town') return id;
    return ids[0] ?? 0;
  },

  /** A user to record as creator when a system job (a detector) raises a notice: the first system admin. */
  async systemCreatorId(db: Q): Promise<number | undefined> {
    const row = await db
      .selectFrom('users')
      .select('id')
      .orderBy((eb) => eb.case().when('role', '=', 'system_admin').then(0).else(1).end())
      .orderBy('id')
      .executeTakeFirst();
    return row?.id;
  },
};

export type NoticeEventRow = Awaited<ReturnType<typeof noticesRepository.listEvents>>[number];
export type NoticeAttachmentListRow = Awaited<ReturnType<typeof noticesRepository.listAttachments>>[number];
