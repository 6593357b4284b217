import type { NotificationTopic } from '@shouwang/common';
import { type Duration, WorkingCalendar } from '@shouwang/common/calendar/index';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { type EscalationDirectory, escalationStore } from '../notices/sweep/escalation-settings.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import { intakeRepository } from './intake.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A case's two running deadlines and the states in which each runs. */
const DEADLINES = {
  sign: { column: 'sign_due_at', states: ['dispatched'] },
  handle: { column: 'handle_due_at', states: ['signed', 'leader_review', 'reply_review'] },
} as const;
type Kind = keyof typeof DEADLINES;
const KINDS: Kind[] = ['sign', 'handle'];

const SYSTEM = systemActor('/', 'system');
/** Cases per step and run; a larger backlog is taken up by the next minute's run. */
const CAP = 2000;

const sweepColumns = [
  'id',
  'title',
  'state',
  'unit_id',
  'region_path',
  'sign_due_at',
  'handle_due_at',
  'dispatched_at',
  'overdue_since',
  'supervision_level',
  'last_reminder_at',
] as const;

interface SweepCase {
  id: number;
  title: string;
  state: string;
  unit_id: number | null;
  region_path: string;
  sign_due_at: string | null;
  handle_due_at: string | null;
  dispatched_at: string | null;
  overdue_since: string | null;
  supervision_level: number;
  last_reminder_at: string | null;
}

const intakeSweepRepository = {
  newlyOverdue(db: Q, kind: Kind, nowIso: string): Promise<SweepCase[]> {
    const d = DEADLINES[kind];
    return db
      .selectFrom('intake_cases')
      .select(sweepColumns)
      .where('state', 'in', [...d.states])
      .where('overdue', '=', 0)
      .where(d.column, '<', nowIso)
      .limit(CAP)
      .execute();
  },

  async markOverdue(trx: Q, kind: Kind, ids: number[], nowIso: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const d = DEADLINES[kind];
    const rows = await trx
      .updateTable('intake_cases')
      .set((eb) => ({
        overdue: 1,
        overdue_since: eb.ref(d.column),
        supervision_level: 1,
        updated_at: nowIso,
      }))
      .where('id', 'in', ids)
      .where('overdue', '=', 0)
      .where('state', 'in', [...d.states])
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  escalationCandidates(db: Q, level: 1 | 2): Promise<SweepCase[]> {
    return db
      .selectFrom('intake_cases')
      .select(sweepColumns)
      .where('state', 'in', [...DEADLINES.sign.states, ...DEADLINES.handle.states])
      .where('overdue', '=', 1)
      .where('supervision_level', '=', level)
      .orderBy('overdue_since')
      .limit(CAP)
      .execute();
  },

  async raiseLevel(trx: Q, id: number, from: 1 | 2, nowIso: string): Promise<boolean> {
    const r = await trx
      .updateTable('intake_cases')
      .set({ supervision_level: from + 1, updated_at: nowIso })
      .where('id', '=', id)
      .where('overdue', '=', 1)
      .where('supervision_level', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  reminderCandidates(db: Q, kind: Kind, nowIso: string, horizonIso: string): Promise<SweepCase[]> {
    const d = DEADLINES[kind];
    return db
      .selectFrom('intake_cases')
      .select(sweepColumns)
      .where('state', 'in', [...d.states])
      .where(d.column, '>', nowIso)
      .where(d.column, '<=', horizonIso)
      .orderBy(d.column)
      .limit(CAP)
      .execute();
  },

  async claimReminder(trx: Q, c: SweepCase, kind: Kind, remindAtIso: string, nowIso: string) {
    const d = DEADLINES[kind];
    const r = await trx
      .updateTable('intake_cases')
      .set({ last_reminder_at: nowIso })
      .where('id', '=', c.id)
      .where('state', '=', c.state)
      .where(d.column, '=', c[d.column] ?? '')
      .where((eb) => eb.or([eb('last_reminder_at', 'is', null), eb('last_reminder_at', '<', remindAtIso)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};

export interface CaseSweepResult {
  overdue: number;
  supervised: number;
  reminded: number;
}

/**
 * Reminders, overdue marking and 督办 for citizen cases, on the notice loop's escalation ladder: the same
 * per-office settings (remind before, leader after, office after, working hours; notices.escalation:<id>)
 * resolved on the case's region, and the same notification path (outbox → dispatcher). Run by the notice
 * sweep job after the notices (services.ts wires it in as a participant), so one lease covers both.
 */
export function createIntakeSweep(db: Db, deps: { calendar: () => Promise<WorkingCalendar> }) {
  async function record(
    trx: Transaction<Database>,
    c: SweepCase,
    nowIso: string,
    action: string,
    topic: NotificationTopic,
    data: Record<string, unknown>,
    dedupKey: string,
  ) {
    await intakeRepository.insertEvent(trx, {
      caseId: c.id,
      at: nowIso,
      actor: { userId: null, name: 'system' },
      action,
      fromState: c.state,
      toState: c.state,
      isPublic: false,
      data,
    });
    await appendOutbox(trx, {
      topic,
      dedupKey,
      payload: {
        caseId: c.id,
        unitId: c.unit_id,
        title: c.title,
        findingTitle: c.title,
        regionPath: c.region_path,
        ...data,
      },
    });
    await appendAudit(trx, SYSTEM, {
      action: `intake.${action}`,
      resourceType: 'intake_case',
      resourceId: c.id,
      regionPath: c.region_path,
      after: data,
    });
  }

  return {
    async runOnce(now: Date): Promise<CaseSweepResult> {
      const base = await deps.calendar();
      const directory: EscalationDirectory = await escalationStore.directory(db);
      const calendars = new Map<string, WorkingCalendar>();
      const officeOf = (path: string) => {
        const { rules } = directory.resolve(path);
        const key = JSON.stringify(rules.workingHours);
        let calendar = calendars.get(key);
        if (!calendar) {
          calendar = new WorkingCalendar(base.years(), rules.workingHours);
          calendars.set(key, calendar);
        }
        return { rules, calendar };
      };
      const nowIso = now.toISOString();
      const result: CaseSweepResult = { overdue: 0, supervised: 0, reminded: 0 };

      for (const kind of KINDS) {
        const rows = await intakeSweepRepository.newlyOverdue(db, kind, nowIso);
        if (rows.length === 0) continue;
        await db.transaction().execute(async (trx) => {
          const marked = new Set(
            await intakeSweepRepository.markOverdue(
              trx,
              kind,
              rows.map((r) => r.id),
              nowIso,
            ),
          );
          for (const c of rows.filter((r) => marked.has(r.id))) {
            const dueAt = c[DEADLINES[kind].column];
            const { calendar } = officeOf(c.region_path);
            // Marked at any hour; the message waits for the office's next working time.
            const held = calendar.isWorkingTime(now)
              ? {}
              : { notBefore: calendar.nextWorkingTime(now).toISOString() };
            await record(
              trx,
              c,
              nowIso,
              'overdue',
              'intake.overdue',
              { deadline: kind, dueAt, level: 1, ...held },
              `intake:${c.id}:overdue:${kind}:${dueAt}`,
            );
            result.overdue += 1;
          }
        });
      }

      // Level 2 first, so a case climbs one step per run and each step is its own event.
      for (const from of [2, 1] as const) {
        const rows = await intakeSweepRepository.escalationCandidates(db, from);
        const due = rows.filter((c) => {
          const { rules, calendar } = officeOf(c.region_path);
          if (!c.overdue_since || !calendar.isWorkingTime(now)) return false;
          const after = from === 1 ? rules.superviseLeaderAfter : rules.superviseOfficeAfter;
          return calendar.deadline(new Date(c.overdue_since), after).deadline <= now;
        });
        for (const c of due) {
          await db.transaction().execute(async (trx) => {
            if (!(await intakeSweepRepository.raiseLevel(trx, c.id, from, nowIso))) return;
            const level = from + 1;
            await record(
              trx,
              c,
              nowIso,
              'supervised',
              'intake.supervised',
              { level, overdueSince: c.overdue_since },
              `intake:${c.id}:supervised:${c.overdue_since}:${level}`,
            );
            result.supervised += 1;
          });
        }
      }

      // Reminders: the nearest offset due now for each running deadline, once per (case, deadline, offset).
      const horizon = new Date(now.getTime() + 40 * 24 * 3600_000).toISOString();
      for (const kind of KINDS) {
        const rows = await intakeSweepRepository.reminderCandidates(db, kind, nowIso, horizon);
        for (const c of rows) {
          const dueAt = c[DEADLINES[kind].column];
          if (!dueAt) continue;
          const { rules, calendar } = officeOf(c.region_path);
          if (!calendar.isWorkingTime(now)) continue;
          let best: { offset: Duration; remindAt: Date } | null = null;
          for (const offset of rules.remindBefore) {
            const remindAt = calendar.before(new Date(dueAt), offset).deadline;
            const sendAt = calendar.nextWorkingTime(remindAt);
            if (sendAt > now || sendAt >= new Date(dueAt)) continue;
            if (c.dispatched_at && remindAt.toISOString() <= c.dispatched_at) continue;
            if (c.last_reminder_at && c.last_reminder_at >= remindAt.toISOString()) continue;
            if (!best || remindAt > best.remindAt) best = { offset, remindAt };
          }
          if (!best) continue;
          const chosen = best;
          await db.transaction().execute(async (trx) => {
            const ok = await intakeSweepRepository.claimReminder(
              trx,
              c,
              kind,
              chosen.remindAt.toISOString(),
              nowIso,
            );
            if (!ok) return;
            const before = `${chosen.offset.amount}${chosen.offset.unit}`;
            await record(
              trx,
              c,
              nowIso,
              'reminded',
              'intake.reminder',
              { deadline: kind, dueAt, before },
              `intake:${c.id}:reminder:${kind}:${dueAt}:${before}`,
            );
            result.reminded += 1;
          });
        }
      }
      return result;
    },
  };
}

export type IntakeSweep = ReturnType<typeof createIntakeSweep>;
