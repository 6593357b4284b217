import { OPEN_NOTICE_STATES } from '@shouwang/common';
import { parseDuration, WorkingCalendar } from '@shouwang/common/calendar/index';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type DeadlineKind, sweepRepository as repo, type SweepNoticeRow } from './sweep.repository.ts';

const SYSTEM = systemActor('/', 'system');

interface Basis {
  start: string;
  duration: string;
}

type Bases = Record<DeadlineKind, Basis | null>;

function parseData(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Where each deadline came from, replayed from the timeline the notice core writes: 'issue' counts both
 * from data.deadlineBase with the policy durations; 'return'/'reopen' count the rectification deadline
 * from theirs (or set it by hand: no basis); a manual 'deadline_changed' leaves the changed one without a
 * basis, so it is never recomputed.
 */
export function deadlineBases(events: Array<{ action: string; data: string | null }>): Bases {
  const bases: Bases = { sign: null, rectify: null };
  for (const e of events) {
    const data = parseData(e.data);
    const start = str(data.deadlineBase);
    if (e.action === 'issue') {
      const sign = str(data.signDuration);
      const rectify = str(data.rectifyDuration);
      bases.sign = start && sign ? { start, duration: sign } : null;
      bases.rectify = start && rectify ? { start, duration: rectify } : null;
    } else if (e.action === 'return' || e.action === 'reopen') {
      const rectify = str(data.rectifyDuration);
      bases.rectify = start && rectify ? { start, duration: rectify } : null;
    } else if (e.action === 'deadline_changed') {
      const before = typeof data.before === 'object' && data.before !== null ? data.before : {};
      const was = (key: string) => (key in before ? Reflect.get(before, key) : undefined);
      if (data.signDueAt !== was('signDueAt')) bases.sign = null;
      if (data.rectifyDueAt !== was('rectifyDueAt')) bases.rectify = null;
    }
  }
  return bases;
}

/** The deadlines that still run in this state: signing while issued, rectification while open. */
function runningKinds(state: string): DeadlineKind[] {
  if (!OPEN_NOTICE_STATES.some((s) => s === state)) return [];
  return state === 'issued' ? ['sign', 'rectify'] : ['rectify'];
}

/**
 * Recomputes the provisional deadlines of open notices after `year`'s holiday schedule was imported or
 * edited: a deadline is recomputed when its basis (start and policy duration, from the timeline) gives
 * exactly the stored deadline on the calendar without that year (so it was computed on weekdays only
 * there, and not set by hand). The provisional flag is cleared when no running deadline relies on a
 * year without a calendar any more. Returns how many notices changed.
 */
export async function recomputeProvisionalDeadlines(
  db: Db,
  calendar: WorkingCalendar,
  year: number,
  now: Date,
  batch = 500,
): Promise<number> {
  const without = new WorkingCalendar(
    calendar.years().filter((y) => y.year !== year),
    calendar.workingHours,
  );
  const nowIso = now.toISOString();
  let changed = 0;
  let afterId = 0;
  for (;;) {
    const rows = await repo.provisionalOpenNotices(db, afterId, batch);
    afterId = rows.at(-1)?.id ?? afterId;
    for (const n of rows) {
      if (await recomputeOne(db, n, calendar, without, year, nowIso)) changed++;
    }
    if (rows.length < batch) break;
  }
  return changed;
}

async function recomputeOne(
  db: Db,
  n: SweepNoticeRow,
  calendar: WorkingCalendar,
  without: WorkingCalendar,
  year: number,
  nowIso: string,
): Promise<boolean> {
  const bases = deadlineBases(await repo.deadlineEvents(db, n.id));
  const next = { sign_due_at: n.sign_due_at, rectify_due_at: n.rectify_due_at };
  let provisional = false;
  const recomputed: DeadlineKind[] = [];
  for (const kind of runningKinds(n.state)) {
    const column = kind === 'sign' ? 'sign_due_at' : 'rectify_due_at';
    const current = n[column];
    const basis = bases[kind];
    // Set by hand (no basis): an exact instant, never provisional.
    if (!current || !basis) continue;
    const duration = parseDuration(basis.duration);
    if (!duration.ok) {
      provisional = true;
      continue;
    }
    const start = new Date(basis.start);
    const after = calendar.deadline(start, duration.value);
    if (after.deadline.toISOString() === current) {
      provisional ||= after.provisional;
      continue;
    }
    if (without.deadline(start, duration.value).deadline.toISOString() !== current) {
      // Not computed from this basis on weekdays-only `year`: of unknown origin, so keep it flagged.
      provisional = true;
      continue;
    }
    next[column] = after.deadline.toISOString();
    provisional ||= after.provisional;
    recomputed.push(kind);
  }
  if (recomputed.length === 0 && provisional) return false;
  const moved = next.sign_due_at !== n.sign_due_at || next.rectify_due_at !== n.rectify_due_at;
  return db.transaction().execute(async (trx) => {
    const ok = await repo.updateDeadlines(
      trx,
      n,
      { ...next, deadline_provisional: provisional ? 1 : 0 },
      nowIso,
    );
    if (!ok) return false;
    const data = {
      year,
      recomputed,
      provisional,
      signDueAt: next.sign_due_at,
      rectifyDueAt: next.rectify_due_at,
      before: { signDueAt: n.sign_due_at, rectifyDueAt: n.rectify_due_at },
    };
    await repo.insertTimeline(trx, [{ noticeId: n.id, at: nowIso, action: 'deadline_recomputed', data }]);
    await appendAudit(trx, SYSTEM, {
      action: 'notice.deadline_recompute',
      resourceType: 'notice',
      resourceId: n.id,
      regionPath: n.region_path,
      before: data.before,
      after: { signDueAt: next.sign_due_at, rectifyDueAt: next.rectify_due_at, provisional, year },
    });
    if (moved) {
      await repo.appendOutboxRows(trx, [
        {
          topic: 'notice.deadline_changed',
          noticeId: n.id,
          dedupKey: `notice:${n.id}:recomputed:${year}:${next.sign_due_at}:${next.rectify_due_at}`,
          payload: {
            noticeId: n.id,
            title: n.title,
            docNumber: n.doc_number,
            unitId: n.unit_id,
            reason: 'calendar',
            year,
            signDueAt: next.sign_due_at,
            rectifyDueAt: next.rectify_due_at,
          },
          createdAt: nowIso,
        },
      ]);
    }
    return true;
  });
}
