import { type NoticeState, UNIT_OWES_STATES } from '@shouwang/common';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;
type NoticeEb = ExpressionBuilder<Database, 'notices'>;

/** Which deadline a notice owes: signing while issued, rectification while the unit owes work. */
export type DeadlineKind = 'sign' | 'rectify';
export const DEADLINE_KINDS: readonly DeadlineKind[] = ['sign', 'rectify'];

export const STATES_OF: Record<DeadlineKind, readonly NoticeState[]> = {
  sign: ['issued'],
  rectify: UNIT_OWES_STATES,
};
export const DUE_COLUMN = { sign: 'sign_due_at', rectify: 'rectify_due_at' } as const;
/** Every state in which a deadline runs against the unit. */
export const DEADLINE_STATES: readonly NoticeState[] = [...STATES_OF.sign, ...STATES_OF.rectify];

const LAST_RUN_KEY = 'notices.sweep.last_run';

const sweepColumns = [
  'id',
  'state',
  'office_region_id',
  'region_path',
  'unit_id',
  'title',
  'doc_number',
  'severity',
  'sign_due_at',
  'rectify_due_at',
  'overdue',
  'overdue_since',
  'supervision_level',
  'last_reminder_at',
  'issued_at',
] as const;

export interface SweepNoticeRow {
  id: number;
  state: string;
  office_region_id: number;
  region_path: string;
  unit_id: number;
  title: string;
  doc_number: string | null;
  severity: string;
  sign_due_at: string | null;
  rectify_due_at: string | null;
  overdue: number;
  overdue_since: string | null;
  supervision_level: number;
  last_reminder_at: string | null;
  issued_at: string | null;
}

export interface TimelineRow {
  noticeId: number;
  at: string;
  action: string;
  data: Record<string, unknown>;
}

export interface OutboxRow {
  topic: string;
  noticeId: number;
  payload: Record<string, unknown>;
  dedupKey: string;
  createdAt: string;
}

/**
 * A notice whose `kind` deadline has passed and that is not yet marked overdue for it: either not overdue
 * at all, or overdue since before this deadline (e.g. signed late, then missed the rectification deadline
 * too; the second case only looks back `lookbackIso`, which keeps it an index range).
 */
function newlyOverdue(kind: DeadlineKind, nowIso: string, lookbackIso: string) {
  const due = DUE_COLUMN[kind];
  return (eb: NoticeEb) =>
    eb.and([
      eb('state', 'in', STATES_OF[kind]),
      eb(due, '<', nowIso),
      eb.or([
        eb('overdue', '=', 0),
        eb.and([
          eb('overdue', '=', 1),
          eb(due, '>=', lookbackIso),
          eb.or([eb('overdue_since', 'is', null), eb('overdue_since', '<', eb.ref(due))]),
        ]),
      ]),
    ]);
}

/** Overdue for the deadline that currently runs (not a previous one, e.g. signing late and since signed). */
function overdueForCurrentDeadline(eb: NoticeEb) {
  return eb.or([
    eb.and([eb('state', 'in', STATES_OF.sign), eb('sign_due_at', '<=', eb.ref('overdue_since'))]),
    eb.and([eb('state', 'in', STATES_OF.rectify), eb('rectify_due_at', '<=', eb.ref('overdue_since'))]),
  ]);
}

/** SQL of the deadline sweep. Every claim is a conditional update, so concurrent sweeps never act twice. */
export const sweepRepository = {
  async findRegionVisibleTo(db: Q, actor: Actor, regionId: number) {
    return db
      .selectFrom('regions')
      .select(['id', 'path', 'name'])
      .where('id', '=', regionId)
      .where('path', 'like', `${actor.regionPath}%`)
      .executeTakeFirst();
  },

  /** When the last sweep finished (settings 'notices.sweep.last_run'), or null. */
  async lastRun(db: Q): Promise<string | null> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', LAST_RUN_KEY)
      .executeTakeFirst();
    return row?.value || null;
  },

  async saveLastRun(db: Q, nowIso: string): Promise<void> {
    await db
      .insertInto('settings')
      .values({ key: LAST_RUN_KEY, value: nowIso, updated_at: nowIso })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: nowIso, updated_at: nowIso }))
      .execute();
  },

  /** Materialised paths of the given office regions (to find each office's settings). */
  async regionPaths(db: Q, ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('regions').select(['id', 'path']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.path]));
  },

  /**
   * Up to `limit` newly overdue notices, locked for this transaction on PostgreSQL (SKIP LOCKED: a
   * concurrent sweep takes other rows instead of waiting). Two index ranges: the not-yet-overdue ones, and
   * those overdue for an earlier deadline.
   */
  async lockNewlyOverdue(
    trx: Q,
    kind: DeadlineKind,
    nowIso: string,
    lookbackIso: string,
    limit: number,
  ): Promise<SweepNoticeRow[]> {
    const due = DUE_COLUMN[kind];
    const lockable = (q: SelectQueryBuilder<Database, 'notices', SweepNoticeRow>) =>
      dialectOf(trx) === 'postgres' ? q.forUpdate().skipLocked().execute() : q.execute();
    const base = trx
      .selectFrom('notices')
      .select(sweepColumns)
      .where('state', 'in', STATES_OF[kind])
      .where(due, '<', nowIso);
    // No ORDER BY: sorting every match per batch would make a large catch-up quadratic; SKIP LOCKED means
    // concurrent sweeps never wait on each other's rows, so lock order does not matter.
    // Split in two so each is one index range of (state, overdue, due), rather than one OR the planner scans.
    const fresh = await lockable(base.where('overdue', '=', 0).limit(limit));
    if (fresh.length >= limit) return fresh;
    const again = await lockable(
      base
        .where('overdue', '=', 1)
        .where(due, '>=', lookbackIso)
        .where((eb) => eb.or([eb('overdue_since', 'is', null), eb('overdue_since', '<', eb.ref(due))]))
        .limit(limit - fresh.length),
    );
    return [...fresh, ...again];
  },

  /**
   * Marks them overdue since their deadline, at warning level (1), if still newly overdue (the recheck
   * makes the claim safe without the lock too). Returns the ids this call marked.
   */
  async markOverdue(
    trx: Q,
    kind: DeadlineKind,
    ids: number[],
    nowIso: string,
    lookbackIso: string,
  ): Promise<number[]> {
    if (ids.length === 0) return [];
    const due = DUE_COLUMN[kind];
    const rows = await trx
      .updateTable('notices')
      .set((eb) => ({
        overdue: 1,
        overdue_since: eb.ref(due),
        supervision_level: 1,
        updated_at: nowIso,
      }))
      .where('id', 'in', ids)
      .where(newlyOverdue(kind, nowIso, lookbackIso))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * Overdue notices at `level` (for the deadline that runs now) whose deadline passed before
   * `sinceBeforeIso`, oldest first, at most `cap`: read once per run and claimed in chunks by raiseLevel
   * (paging by id here would sort every match again for each page).
   */
  async escalationCandidates(
    db: Q,
    level: 1 | 2,
    sinceBeforeIso: string,
    cap: number,
  ): Promise<SweepNoticeRow[]> {
    return db
      .selectFrom('notices')
      .select(sweepColumns)
      .where('overdue', '=', 1)
      .where('supervision_level', '=', level)
      .where('state', 'in', DEADLINE_STATES)
      .where('overdue_since', '<=', sinceBeforeIso)
      .where(overdueForCurrentDeadline)
      .orderBy('overdue_since')
      .limit(cap)
      .execute();
  },

  /** Raises the level by one if nobody has yet; returns the ids this call raised. */
  async raiseLevel(trx: Q, ids: number[], from: 1 | 2, nowIso: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await trx
      .updateTable('notices')
      .set({ supervision_level: from + 1, updated_at: nowIso })
      .where('id', 'in', ids)
      .where('overdue', '=', 1)
      .where('supervision_level', '=', from)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /** Notices whose running deadline falls in (now, horizon]: the only ones a reminder can be due for. */
  async reminderCandidates(
    db: Q,
    kind: DeadlineKind,
    nowIso: string,
    horizonIso: string,
    cap: number,
  ): Promise<SweepNoticeRow[]> {
    const due = DUE_COLUMN[kind];
    return db
      .selectFrom('notices')
      .select(sweepColumns)
      .where('state', 'in', STATES_OF[kind])
      .where(due, '>', nowIso)
      .where(due, '<=', horizonIso)
      .orderBy(due)
      .limit(cap)
      .execute();
  },

  /**
   * Records that a reminder went out, unless one already did at or after `remindAtIso` for this very
   * deadline (another sweep, or an earlier run). The claim for one (notice, deadline, offset).
   */
  async claimReminder(
    trx: Q,
    n: { id: number; state: string; kind: DeadlineKind; due: string },
    remindAtIso: string,
    nowIso: string,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('notices')
      .set({ last_reminder_at: nowIso })
      .where('id', '=', n.id)
      .where('state', '=', n.state)
      .where(DUE_COLUMN[n.kind], '=', n.due)
      .where((eb) => eb.or([eb('last_reminder_at', 'is', null), eb('last_reminder_at', '<', remindAtIso)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Timeline entries of the system (no user, no state change), in one statement. */
  async insertTimeline(trx: Q, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await trx
      .insertInto('notice_events')
      .values(
        rows.map((r) => ({
          notice_id: r.noticeId,
          at: r.at,
          actor_user_id: null,
          actor_name: 'system',
          actor_role: null,
          action: r.action,
          from_state: null,
          to_state: null,
          reason: null,
          data: JSON.stringify(r.data),
        })),
      )
      .execute();
  },

  /**
   * Appends several outbox messages in one statement, with the same row shape and idempotency (unique
   * dedup_key, a repeat is ignored) as notifications/outbox.ts appendOutbox, which does one at a time.
   */
  async appendOutboxRows(trx: Q, rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await trx
      .insertInto('notification_outbox')
      .values(
        rows.map((r) => ({
          topic: r.topic,
          notice_id: r.noticeId,
          payload: JSON.stringify(r.payload),
          dedup_key: r.dedupKey,
          created_at: r.createdAt,
          dispatched_at: null,
        })),
      )
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .execute();
  },

  // --- provisional deadlines ---

  async provisionalOpenNotices(db: Q, afterId: number, limit: number): Promise<SweepNoticeRow[]> {
    return db
      .selectFrom('notices')
      .select(sweepColumns)
      .where('deadline_provisional', '=', 1)
      .where('state', 'in', [...DEADLINE_STATES, 'reported', 'verifying'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** Timeline entries that set a deadline base (issue, return, reopen) or moved a deadline, oldest first. */
  async deadlineEvents(db: Q, noticeId: number) {
    return db
      .selectFrom('notice_events')
      .select(['id', 'action', 'at', 'data'])
      .where('notice_id', '=', noticeId)
      .where('action', 'in', ['issue', 'return', 'reopen', 'deadline_changed', 'deadline_recomputed'])
      .orderBy('id')
      .execute();
  },

  /** Writes recomputed deadlines if they are still the ones read (a concurrent change wins). */
  async updateDeadlines(
    trx: Q,
    n: SweepNoticeRow,
    next: { sign_due_at: string | null; rectify_due_at: string | null; deadline_provisional: number },
    nowIso: string,
  ): Promise<boolean> {
    let q = trx
      .updateTable('notices')
      .set({ ...next, updated_at: nowIso })
      .where('id', '=', n.id)
      .where('deadline_provisional', '=', 1);
    q =
      n.sign_due_at === null
        ? q.where('sign_due_at', 'is', null)
        : q.where('sign_due_at', '=', n.sign_due_at);
    q =
      n.rectify_due_at === null
        ? q.where('rectify_due_at', 'is', null)
        : q.where('rectify_due_at', '=', n.rectify_due_at);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
