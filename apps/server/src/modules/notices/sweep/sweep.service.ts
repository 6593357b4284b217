import type { Duration, WorkingCalendar } from '@shouwang/common/calendar/index';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import {
  DEADLINE_KINDS,
  type DeadlineKind,
  DUE_COLUMN,
  type OutboxRow,
  sweepRepository as repo,
  STATES_OF,
  type SweepNoticeRow,
  type TimelineRow,
} from './sweep.repository.ts';
import { type Office, SweepContext } from './sweep-context.ts';

type Trx = Transaction<Database>;

export interface SweepResult {
  overdue: number;
  reminded: number;
  supervised: number;
  /** What each participant (e.g. citizen cases) did in the same run, by name. */
  participants?: Record<string, unknown>;
}

/** Other deadline-bound work swept on the same ladder and lease (citizen cases: modules/intake). */
export interface SweepParticipant {
  name: string;
  runOnce(now: Date): Promise<unknown>;
}

export interface SweepDeps {
  /** The effective holiday schedule (services.calendar.calendar). */
  calendar: () => Promise<WorkingCalendar>;
  now: () => Date;
  /** Notices per transaction (default 1000). */
  batchSize?: number;
  /** Swept after the notices in every run. */
  participants?: SweepParticipant[];
}

const SYSTEM = systemActor('/', 'system');
/**
 * How far back a deadline missed after an earlier one (e.g. signed late) is looked for (see newlyOverdue):
 * since an hour before the last run, or 30 days when there was none (or the clock went back).
 */
const REOVERDUE_MARGIN_MS = 3600_000;
const REOVERDUE_FIRST_RUN_MS = 30 * 24 * 3600_000;

/** Candidates read per step and run; a larger backlog is taken up by the next minute's run. */
const CANDIDATE_CAP = 20_000;

const durationText = (d: Duration) => `${d.amount}${d.unit}`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function kindOf(state: string): DeadlineKind | null {
  for (const kind of DEADLINE_KINDS) if (STATES_OF[kind].some((s) => s === state)) return kind;
  return null;
}

function dueOf(n: SweepNoticeRow, kind: DeadlineKind): string | null {
  return n[DUE_COLUMN[kind]];
}

function basePayload(n: SweepNoticeRow) {
  return { noticeId: n.id, title: n.title, docNumber: n.doc_number, unitId: n.unit_id, severity: n.severity };
}

/** One audit entry per jurisdiction (the notices' region path) per batch, so auditors see their own. */
async function auditByRegion(
  trx: Trx,
  action: string,
  hits: Array<{ n: SweepNoticeRow; detail: Record<string, unknown> }>,
): Promise<void> {
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const { n, detail } of hits) {
    const list = groups.get(n.region_path) ?? [];
    list.push({ id: n.id, ...detail });
    groups.set(n.region_path, list);
  }
  for (const [regionPath, notices] of groups) {
    await appendAudit(trx, SYSTEM, {
      action,
      resourceType: 'notice',
      resourceId: notices.length === 1 ? Number(notices[0]?.id) : null,
      regionPath,
      after: { notices },
    });
  }
}

/** What a reminder or an overdue mark writes besides the notice row: timeline, outbox, audit. */
async function record(
  trx: Trx,
  nowIso: string,
  action: string,
  auditAction: string,
  items: Array<{
    n: SweepNoticeRow;
    data: Record<string, unknown>;
    outbox: Omit<OutboxRow, 'createdAt' | 'noticeId'>;
  }>,
): Promise<void> {
  const timeline: TimelineRow[] = items.map((i) => ({ noticeId: i.n.id, at: nowIso, action, data: i.data }));
  await repo.insertTimeline(trx, timeline);
  await repo.appendOutboxRows(
    trx,
    items.map((i) => ({ ...i.outbox, noticeId: i.n.id, createdAt: nowIso })),
  );
  await auditByRegion(
    trx,
    auditAction,
    items.map((i) => ({ n: i.n, detail: i.data })),
  );
}

/**
 * The deadline sweep of the notice loop, run every minute by the 'notices.sweep' job. Each step claims
 * notices with conditional updates, so concurrent runs (several workers on PostgreSQL) never act twice:
 * 1. overdue: a passed sign/rectify deadline → overdue since the deadline, 督办 level 1 (warning), at any
 *    hour; its notification carries payload.notBefore (the office's next working time) when marked
 *    outside working hours, and the dispatcher holds it until then;
 * 2. escalation: overdue for superviseLeaderAfter → level 2 (unit leader), superviseOfficeAfter → level 3
 *    (office leadership), both counted from the missed deadline, in the office's working time only;
 * 3. reminders: remindBefore each running deadline (counted backwards on the working calendar), at the
 *    first working time at or after that instant, once per (notice, deadline, offset), nearest one only.
 */
export function createNoticeSweep(db: Db, deps: SweepDeps) {
  const batch = deps.batchSize ?? 1000;

  async function markOverdue(ctx: SweepContext, now: Date, lastRun: string | null): Promise<number> {
    const nowIso = now.toISOString();
    const since = lastRun && lastRun <= nowIso ? Date.parse(lastRun) : now.getTime() - REOVERDUE_FIRST_RUN_MS;
    const lookbackIso = new Date(since - REOVERDUE_MARGIN_MS).toISOString();
    let total = 0;
    for (const kind of DEADLINE_KINDS) {
      for (;;) {
        const { seen, marked } = await db.transaction().execute(async (trx) => {
          const rows = await repo.lockNewlyOverdue(trx, kind, nowIso, lookbackIso, batch);
          const ids = new Set(
            await repo.markOverdue(
              trx,
              kind,
              rows.map((r) => r.id),
              nowIso,
              lookbackIso,
            ),
          );
          const hits = rows.filter((r) => ids.has(r.id));
          await ctx.prepare(trx, hits);
          await record(
            trx,
            nowIso,
            'overdue',
            'notice.overdue',
            hits.map((n) => {
              const dueAt = dueOf(n, kind);
              const { calendar } = ctx.office(n.office_region_id);
              const held = calendar.isWorkingTime(now)
                ? {}
                : { notBefore: calendar.nextWorkingTime(now).toISOString() };
              return {
                n,
                data: { deadline: kind, dueAt, level: 1 },
                outbox: {
                  topic: 'notice.overdue',
                  dedupKey: `notice:${n.id}:overdue:${kind}:${dueAt}`,
                  payload: { ...basePayload(n), deadline: kind, dueAt, level: 1, ...held },
                },
              };
            }),
          );
          return { seen: rows.length, marked: hits.length };
        });
        total += marked;
        if (seen < batch || marked === 0) break;
      }
    }
    return total;
  }

  async function escalate(ctx: SweepContext, now: Date): Promise<number> {
    const nowIso = now.toISOString();
    let total = 0;
    // Level 2 first, so a notice climbs at most one step per run and each step is its own event.
    for (const from of [2, 1] as const) {
      const rows = await repo.escalationCandidates(db, from, nowIso, CANDIDATE_CAP);
      await ctx.prepare(db, rows);
      const due = rows.filter((n) => {
        const office = ctx.office(n.office_region_id);
        if (!n.overdue_since || !office.calendar.isWorkingTime(now)) return false;
        const after = from === 1 ? office.rules.superviseLeaderAfter : office.rules.superviseOfficeAfter;
        return office.calendar.deadline(new Date(n.overdue_since), after).deadline <= now;
      });
      const level = from + 1;
      for (const chunk of chunks(due, batch)) {
        total += await db.transaction().execute(async (trx) => {
          // The conditional update is the claim: a concurrent sweep's update of the same rows waits for
          // this commit and then finds them at the next level already.
          const raised = new Set(
            await repo.raiseLevel(
              trx,
              chunk.map((n) => n.id),
              from,
              nowIso,
            ),
          );
          await record(
            trx,
            nowIso,
            'supervised',
            'notice.supervise',
            chunk
              .filter((n) => raised.has(n.id))
              .map((n) => ({
                n,
                data: { level, overdueSince: n.overdue_since },
                outbox: {
                  topic: 'notice.supervised',
                  dedupKey: `notice:${n.id}:supervised:${n.overdue_since}:${level}`,
                  payload: { ...basePayload(n), level, overdueSince: n.overdue_since },
                },
              })),
          );
          return raised.size;
        });
      }
    }
    return total;
  }

  /** The latest reminder of this notice's running deadline that is due now and not yet sent, if any. */
  function dueReminder(n: SweepNoticeRow, kind: DeadlineKind, office: Office, now: Date) {
    const dueAt = dueOf(n, kind);
    if (!dueAt) return null;
    const deadline = new Date(dueAt);
    let best: { offset: Duration; remindAt: Date } | null = null;
    for (const offset of office.rules.remindBefore) {
      const remindAt = office.calendar.before(deadline, offset).deadline;
      const sendAt = office.calendar.nextWorkingTime(remindAt);
      if (sendAt > now || sendAt >= deadline) continue;
      if (n.issued_at && remindAt.toISOString() <= n.issued_at) continue;
      if (n.last_reminder_at && n.last_reminder_at >= remindAt.toISOString()) continue;
      if (!best || remindAt > best.remindAt) best = { offset, remindAt };
    }
    return best && { ...best, dueAt };
  }

  /** The latest deadline that can have a reminder due now: every office's largest offset, counted forward. */
  function reminderHorizon(ctx: SweepContext, now: Date): Date {
    let days = 1;
    for (const rules of ctx.allRules()) {
      const h = rules.workingHours;
      const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      const perDay =
        minutes(h.end) -
        minutes(h.start) -
        (h.lunchBreak ? minutes(h.lunchBreak.end) - minutes(h.lunchBreak.start) : 0);
      for (const o of rules.remindBefore) {
        const d = o.unit === 'wh' ? Math.ceil((o.amount * 60) / Math.max(perDay, 1)) : o.amount;
        days = Math.max(days, d + 1);
      }
    }
    const natural = new Date(now.getTime() + days * 24 * 3600_000);
    const working = ctx.base.addWorkingDays(now, days).deadline;
    return working > natural ? working : natural;
  }

  async function remind(ctx: SweepContext, now: Date): Promise<number> {
    const nowIso = now.toISOString();
    const horizonIso = reminderHorizon(ctx, now).toISOString();
    let total = 0;
    for (const kind of DEADLINE_KINDS) {
      const rows = await repo.reminderCandidates(db, kind, nowIso, horizonIso, CANDIDATE_CAP);
      await ctx.prepare(db, rows);
      const due = rows.flatMap((n) => {
        const office = ctx.office(n.office_region_id);
        if (!office.calendar.isWorkingTime(now)) return [];
        const r = dueReminder(n, kind, office, now);
        return r ? [{ n, ...r }] : [];
      });
      for (const chunk of chunks(due, batch)) {
        total += await db.transaction().execute(async (trx) => {
          const claimed = [];
          for (const r of chunk) {
            const ok = await repo.claimReminder(
              trx,
              { id: r.n.id, state: r.n.state, kind, due: r.dueAt },
              r.remindAt.toISOString(),
              nowIso,
            );
            if (ok) claimed.push(r);
          }
          await record(
            trx,
            nowIso,
            'reminded',
            'notice.remind',
            claimed.map((r) => {
              const before = durationText(r.offset);
              return {
                n: r.n,
                data: { deadline: kind, dueAt: r.dueAt, before },
                outbox: {
                  topic: 'notice.reminder',
                  dedupKey: `notice:${r.n.id}:reminder:${kind}:${r.dueAt}:${before}`,
                  payload: { ...basePayload(r.n), deadline: kind, dueAt: r.dueAt, before },
                },
              };
            }),
          );
          return claimed.length;
        });
      }
    }
    return total;
  }

  return {
    /** One pass over every open notice; safe to run concurrently with itself. */
    async runOnce(now: Date = deps.now()): Promise<SweepResult> {
      const ctx = await SweepContext.load(db, await deps.calendar());
      const overdue = await markOverdue(ctx, now, await repo.lastRun(db));
      const supervised = await escalate(ctx, now);
      const reminded = await remind(ctx, now);
      await repo.saveLastRun(db, now.toISOString());
      if (!deps.participants?.length) return { overdue, reminded, supervised };
      const participants: Record<string, unknown> = {};
      for (const p of deps.participants) participants[p.name] = await p.runOnce(now);
      return { overdue, reminded, supervised, participants };
    },
  };
}

export type NoticeSweep = ReturnType<typeof createNoticeSweep>;
