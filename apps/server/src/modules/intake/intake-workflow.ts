import type { NotificationTopic, Severity } from '@shouwang/common';
import { parseDuration, type WorkingCalendar } from '@shouwang/common/calendar/index';
import {
  allowedIntakeActions,
  type ForwardTarget,
  type HandlingType,
  type IntakeAction,
  type IntakeState,
  intakeActionNeedsReason,
  nextIntakeState,
  type Rating,
  reachableIntakeStates,
} from '@shouwang/common/intake/intake';
import type { Transaction, Updateable } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { IntakeCaseTable } from '../../platform/db/schema-intake.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import type { OrgService } from '../org/org.service.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';
import { type CaseListRow, intakeRepository as repo } from './intake.repository.ts';
import { intakeDailyStats } from './intake-daily-stats.ts';
import { workflowSettingsStore } from './intake-settings.ts';

type Trx = Transaction<Database>;

export interface WorkflowDeps {
  db: Db;
  now: () => Date;
  org: OrgService;
  calendar: () => Promise<WorkingCalendar>;
  /** Turning a report into a notice to a unit goes through the notice loop's service. */
  notices?: NoticesService;
}

/** One step of the case workflow, as the API takes it. */
export interface CaseTransition {
  action: IntakeAction;
  /** The version the caller saw (optimistic locking); omitted only by internal callers. */
  version?: number;
  reason?: string;
  /** submit_reply: the unit's draft; approve_reply: the office's edited text (optional). */
  reply?: string;
  /** approve_reply: publish the reply (only when the citizen allowed it). */
  publish?: boolean;
  /** dispatch, reassign, rehandle (another unit), to_notice (the unit whose site it is). */
  unitId?: number;
  /** request_extension: the handling deadline asked for. */
  extensionDueAt?: string;
  /** forward: where to. */
  forwardTarget?: ForwardTarget;
  forwardTo?: string;
  /** record_outcome: what the platform/authority/notice achieved; told to the citizen. */
  outcome?: string;
  /** merge: the case this one joins. */
  intoCaseId?: number;
  /** transfer: the body the case goes to (out of jurisdiction). */
  transferTo?: string;
  /** follow_up: what the call found, and the rating the citizen gave on the phone. */
  note?: string;
  rating?: Rating;
  /** to_notice: the notice's severity (default IV). */
  severity?: Severity;
}

export interface Deadline {
  at: string;
  provisional: boolean;
}

export function deadlineAfter(calendar: WorkingCalendar, from: Date, duration: string): Deadline {
  const parsed = parseDuration(duration);
  // Stored settings are checked on save; a bad one here is a bug, not user input.
  if (!parsed.ok) throw new Error(`Invalid intake deadline duration: ${duration}`);
  const result = calendar.deadline(from, parsed.value);
  return { at: result.deadline.toISOString(), provisional: result.provisional };
}

/** The handling type that sets a case's deadline: the message type, or "report". */
export function handlingTypeOf(c: { kind: string; message_type: string | null }): HandlingType {
  return c.kind === 'report' ? 'report' : ((c.message_type ?? 'complaint') as HandlingType);
}

const clearOverdue = { overdue: 0, overdue_since: null, supervision_level: 0, last_reminder_at: null };

/** What the citizen's timeline shows (the inner office/unit steps stay internal). */
const PUBLIC_ACTIONS = new Set<IntakeAction>([
  'dispatch',
  'approve_reply',
  'record_outcome',
  'transfer',
  'rehandle',
  'close',
]);

const TOPICS: Partial<Record<IntakeAction, NotificationTopic>> = {
  dispatch: 'intake.dispatched',
  reassign: 'intake.dispatched',
  rehandle: 'intake.dispatched',
};

/**
 * The case workflow: every action is checked against the state machine (packages/common intake.ts),
 * the caller's side and jurisdiction, and the case's version; the change, its timeline event, the audit
 * entry and any notification are written in one transaction.
 */
export function createIntakeWorkflow(deps: WorkflowDeps) {
  const { db, now, org } = deps;

  async function load(actor: Actor, id: number): Promise<CaseListRow> {
    const c = await repo.findById(db, id);
    if (!c || !intakePolicy.canRead(actor, c)) throw AppError.notFound();
    return c;
  }

  function ctxOf(actor: Actor, c: CaseListRow) {
    return { role: actor.role, requiresLeaderApproval: c.requires_leader_approval === 1 };
  }

  /** 403 when the caller may never take the action here; 409 with what is allowed when the state forbids it. */
  function check(actor: Actor, c: CaseListRow, req: CaseTransition): IntakeState {
    if (!intakePolicy.mayAct(actor, c, req.action)) throw AppError.forbidden();
    const state = c.state as IntakeState;
    const next = nextIntakeState(state, req.action, ctxOf(actor, c));
    if (!next) {
      const allowedNext = reachableIntakeStates(state);
      throw new AppError(
        'intake_transition_invalid',
        { state, action: req.action },
        {
          state,
          action: req.action,
          allowedActions: allowedIntakeActions(state, ctxOf(actor, c)),
          allowedNext,
        },
        409,
      );
    }
    if (req.version !== undefined && req.version !== c.version)
      throw AppError.conflict({ version: c.version });
    if (intakeActionNeedsReason(req.action) && !req.reason?.trim())
      throw intakeFieldInvalid(actor.locale, 'reason', 'reason_required');
    return next;
  }

  async function sendDeadlines(c: CaseListRow, from: Date) {
    const { settings } = await workflowSettingsStore.resolve(db, c.region_path);
    const calendar = await deps.calendar();
    const sign = deadlineAfter(calendar, from, settings.signDeadline);
    const handle = deadlineAfter(calendar, from, settings.handleDeadlines[handlingTypeOf(c)]);
    return { sign, handle, settings };
  }

  /** Validates the request and computes the row patch and timeline data of one action. */
  async function plan(
    actor: Actor,
    c: CaseListRow,
    req: CaseTransition,
    at: Date,
  ): Promise<{ patch: Updateable<IntakeCaseTable>; data: Record<string, unknown>; outboxUnit?: number }> {
    const iso = at.toISOString();
    const L = actor.locale;
    const reason = req.reason?.trim() || null;
    const data: Record<string, unknown> = reason ? { reason } : {};
    const patch: Updateable<IntakeCaseTable> = {};
    switch (req.action) {
      case 'dispatch':
      case 'reassign':
      case 'rehandle': {
        const unitId = req.unitId ?? (req.action === 'rehandle' ? c.unit_id : null);
        if (!unitId) throw intakeFieldInvalid(L, 'unitId', 'same_unit');
        const unit = await org.getUnit(actor, unitId);
        if (req.action === 'reassign' && unit.id === c.unit_id)
          throw intakeFieldInvalid(L, 'unitId', 'same_unit');
        if (req.action === 'rehandle' && c.rating !== 'dissatisfied')
          throw intakeFieldInvalid(L, 'rating', 'not_dissatisfied');
        const d = await sendDeadlines(c, at);
        Object.assign(patch, {
          unit_id: unit.id,
          sign_due_at: d.sign.at,
          handle_due_at: d.handle.at,
          deadline_provisional: d.sign.provisional || d.handle.provisional ? 1 : 0,
          requires_leader_approval: d.settings.requireLeaderApproval ? 1 : 0,
          dispatched_at: iso,
          signed_at: null,
          signed_on_time: null,
          completed_on_time: null,
          handler_user_id: null,
          reply_draft: null,
          extension_due_at: null,
          extension_reason: null,
          dispatch_count: c.dispatch_count + 1,
          ...clearOverdue,
        });
        if (req.action === 'reassign') patch.reassign_count = c.reassign_count + 1;
        if (req.action === 'rehandle') {
          Object.assign(patch, {
            rehandle_count: c.rehandle_count + 1,
            rating: null,
            rating_comment: null,
            rated_at: null,
            closed_at: null,
          });
          data.previousRating = c.rating;
        }
        Object.assign(data, {
          unitId: unit.id,
          unitName: unit.name,
          fromUnitId: c.unit_id,
          signDueAt: d.sign.at,
          handleDueAt: d.handle.at,
        });
        return { patch, data, outboxUnit: unit.id };
      }
      case 'sign': {
        const onTime = !c.sign_due_at || iso <= c.sign_due_at;
        Object.assign(patch, {
          signed_at: iso,
          signed_on_time: onTime ? 1 : 0,
          handler_user_id: actor.userId || null,
        });
        // The sign deadline's overdue mark ends here; the handling deadline may already have passed too.
        if (!c.handle_due_at || c.handle_due_at > iso) Object.assign(patch, clearOverdue);
        data.onTime = onTime;
        return { patch, data };
      }
      case 'submit_reply': {
        const reply = req.reply?.trim();
        if (!reply) throw intakeFieldInvalid(L, 'reply', 'reply_required');
        Object.assign(patch, { reply_draft: reply, reply_submitted_at: iso });
        data.reply = reply;
        return { patch, data };
      }
      case 'leader_approve':
      case 'leader_return':
        return { patch, data };
      case 'return_reply':
        patch.return_count = c.return_count + 1;
        return { patch, data };
      case 'approve_reply': {
        const reply = req.reply?.trim() || c.reply_draft;
        if (!reply) throw intakeFieldInvalid(L, 'reply', 'reply_required');
        const publish = req.publish === true && c.publishable === 1;
        const onTime = !c.handle_due_at || iso <= c.handle_due_at;
        Object.assign(patch, {
          reply,
          replied_at: iso,
          completed_on_time: onTime ? 1 : 0,
          publish_approved: publish ? 1 : 0,
          published_at: publish ? iso : null,
          extension_due_at: null,
          extension_reason: null,
          ...clearOverdue,
        });
        Object.assign(data, { onTime, published: publish });
        return { patch, data };
      }
      case 'request_extension': {
        if (c.extension_due_at) throw intakeFieldInvalid(L, 'extensionDueAt', 'extension_pending');
        const wanted = req.extensionDueAt ? new Date(req.extensionDueAt) : null;
        if (
          !wanted ||
          Number.isNaN(wanted.getTime()) ||
          !c.handle_due_at ||
          wanted.toISOString() <= c.handle_due_at
        )
          throw intakeFieldInvalid(L, 'extensionDueAt', 'extension_invalid');
        const { settings } = await workflowSettingsStore.resolve(db, c.region_path);
        const limit = deadlineAfter(await deps.calendar(), new Date(c.handle_due_at), settings.maxExtension);
        if (wanted.toISOString() > limit.at)
          throw intakeFieldInvalid(L, 'extensionDueAt', 'extension_too_long', { max: settings.maxExtension });
        Object.assign(patch, { extension_due_at: wanted.toISOString(), extension_reason: reason });
        Object.assign(data, { from: c.handle_due_at, to: wanted.toISOString() });
        return { patch, data };
      }
      case 'approve_extension':
      case 'reject_extension': {
        if (!c.extension_due_at) throw intakeFieldInvalid(L, 'extensionDueAt', 'extension_none');
        Object.assign(patch, { extension_due_at: null, extension_reason: null });
        Object.assign(data, { from: c.handle_due_at, to: c.extension_due_at });
        if (req.action === 'approve_extension') {
          Object.assign(patch, { handle_due_at: c.extension_due_at, extension_count: c.extension_count + 1 });
          if (c.extension_due_at > iso && (c.state !== 'dispatched' || !c.sign_due_at || c.sign_due_at > iso))
            Object.assign(patch, clearOverdue);
        }
        return { patch, data };
      }
      case 'follow_up': {
        const note = req.note?.trim();
        if (!note) throw intakeFieldInvalid(L, 'note', 'note_required');
        Object.assign(patch, { followed_up_at: iso, follow_up_note: note });
        data.note = note;
        if (req.rating && c.rating === null) {
          Object.assign(patch, { rating: req.rating, rated_at: iso });
          data.rating = req.rating;
        }
        return { patch, data };
      }
      case 'close':
        patch.closed_at = iso;
        return { patch, data };
      case 'transfer': {
        const transferTo = req.transferTo?.trim();
        if (!transferTo) throw intakeFieldInvalid(L, 'transferTo', 'transfer_to_required');
        // The reason is the explanation the citizen reads.
        Object.assign(patch, {
          transferred_to: transferTo,
          reply: reason,
          replied_at: iso,
          closed_at: iso,
          ...clearOverdue,
        });
        data.transferTo = transferTo;
        return { patch, data };
      }
      case 'forward': {
        if (c.kind !== 'report') throw intakeFieldInvalid(L, 'action', 'reports_only');
        const forwardTo = req.forwardTo?.trim();
        if (!req.forwardTarget || !forwardTo) throw intakeFieldInvalid(L, 'forwardTo', 'forward_to_required');
        Object.assign(patch, { forward_target: req.forwardTarget, forward_to: forwardTo });
        Object.assign(data, { target: req.forwardTarget, forwardTo });
        return { patch, data };
      }
      case 'to_notice':
        // Handled by toNotice (the notice is created through the notice service first).
        return { patch, data };
      case 'record_outcome': {
        const outcome = req.outcome?.trim();
        if (!outcome) throw intakeFieldInvalid(L, 'outcome', 'outcome_required');
        Object.assign(patch, {
          forward_outcome: outcome,
          reply: outcome,
          replied_at: iso,
          completed_on_time: 1,
        });
        data.outcome = outcome;
        return { patch, data };
      }
      case 'merge': {
        const target = req.intoCaseId ? await repo.findById(db, req.intoCaseId) : undefined;
        if (
          !target ||
          target.id === c.id ||
          target.state === 'merged' ||
          !intakePolicy.canRead(actor, target)
        )
          throw intakeFieldInvalid(L, 'intoCaseId', 'merge_target_invalid');
        patch.merged_into = target.id;
        data.intoCaseId = target.id;
        return { patch, data };
      }
      case 'unmerge':
        patch.merged_into = null;
        data.fromCaseId = c.merged_into;
        return { patch, data };
    }
  }

  async function record(
    trx: Trx,
    actor: Actor,
    c: CaseListRow,
    action: string,
    to: string,
    at: string,
    data: Record<string, unknown>,
    isPublic: boolean,
  ) {
    await repo.insertEvent(trx, {
      caseId: c.id,
      at,
      actor: { userId: actor.userId || null, name: actor.username },
      action,
      fromState: c.state,
      toState: to,
      isPublic,
      data,
    });
    await appendAudit(trx, actor, {
      action: `intake.${action}`,
      resourceType: 'intake_case',
      resourceId: c.id,
      regionPath: c.region_path,
      before: { state: c.state, unitId: c.unit_id, version: c.version },
      after: { state: to, ...data },
    });
  }

  /** Writes one planned action; `extra` runs inside the same transaction (links, other cases' timelines). */
  async function apply(
    actor: Actor,
    c: CaseListRow,
    req: CaseTransition,
    to: IntakeState,
    at: Date,
    planned: { patch: Updateable<IntakeCaseTable>; data: Record<string, unknown>; outboxUnit?: number },
    extra?: (trx: Trx) => Promise<void>,
  ): Promise<void> {
    const iso = at.toISOString();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('intake_cases')
        .set({ ...planned.patch, state: to, updated_at: iso, version: c.version + 1 })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw AppError.conflict();
      // The version check above makes `c` exactly the row this update replaced.
      await intakeDailyStats.applyChange(trx, c, { ...c, ...planned.patch });
      await record(trx, actor, c, req.action, to, iso, planned.data, PUBLIC_ACTIONS.has(req.action));
      const topic = TOPICS[req.action];
      if (topic && planned.outboxUnit) {
        await appendOutbox(trx, {
          topic,
          payload: {
            caseId: c.id,
            unitId: planned.outboxUnit,
            title: c.title,
            findingTitle: c.title,
            signDueAt: planned.data.signDueAt,
            rectifyDueAt: planned.data.handleDueAt,
            reason: planned.data.reason ?? null,
            regionPath: c.region_path,
          },
        });
      }
      if (extra) await extra(trx);
    });
  }

  async function toNotice(actor: Actor, c: CaseListRow, req: CaseTransition, to: IntakeState, at: Date) {
    if (c.kind !== 'report') throw intakeFieldInvalid(actor.locale, 'action', 'reports_only');
    if (!deps.notices) throw new Error('The notice service is not wired into intake');
    if (!req.unitId) throw intakeFieldInvalid(actor.locale, 'unitId', 'same_unit');
    const urls = JSON.parse(c.urls) as string[];
    const noticeId = await deps.notices.create(actor, {
      unitId: req.unitId,
      category: c.category ?? 'intake_report',
      severity: req.severity ?? 'IV',
      title: c.title,
      description: `${c.content}\n\n${urls.join('\n')}\n\n[intake #${c.id}]`,
      requiredActions: req.reason?.trim() || c.content,
    });
    const data = { noticeId, unitId: req.unitId };
    await apply(
      actor,
      c,
      req,
      to,
      at,
      { patch: { forward_target: 'notice', notice_id: noticeId, forward_to: String(req.unitId) }, data },
      async (trx) => {
        await deps.notices?.noteOnTimeline(trx, actor, noticeId, 'intake_case_linked', { caseId: c.id });
      },
    );
  }

  return {
    load,

    async transition(actor: Actor, id: number, req: CaseTransition): Promise<void> {
      const c = await load(actor, id);
      const to = check(actor, c, req);
      const at = now();
      if (req.action === 'to_notice') return toNotice(actor, c, req, to, at);
      const planned = await plan(actor, c, req, at);
      if (req.action === 'merge' || req.action === 'unmerge') {
        const otherId = req.action === 'merge' ? Number(planned.data.intoCaseId) : c.merged_into;
        return apply(actor, c, req, to, at, planned, async (trx) => {
          if (otherId === null) return;
          if (req.action === 'merge') {
            await trx
              .insertInto('intake_links')
              .values({
                case_id: c.id,
                other_case_id: otherId,
                reason: 'merged',
                score: 100,
                created_at: at.toISOString(),
              })
              .execute();
          } else {
            await trx
              .deleteFrom('intake_links')
              .where('case_id', '=', c.id)
              .where('other_case_id', '=', otherId)
              .where('reason', '=', 'merged')
              .execute();
          }
          // The other case's timeline shows the back-link too.
          await repo.insertEvent(trx, {
            caseId: otherId,
            at: at.toISOString(),
            actor: { userId: actor.userId || null, name: actor.username },
            action: req.action === 'merge' ? 'merged_in' : 'unmerged_out',
            fromState: null,
            toState: null,
            isPublic: false,
            data: { caseId: c.id },
          });
        });
      }
      return apply(actor, c, req, to, at, planned);
    },

    /**
     * Dispatches many received cases at once: to the given unit, or each to its routing suggestion.
     * Each case is its own transaction; the answer lists what happened to each id.
     */
    async bulkDispatch(
      actor: Actor,
      ids: number[],
      unitId: number | null,
      suggest: (c: CaseListRow) => Promise<number | null>,
    ) {
      if (!intakePolicy.isDeskRole(actor)) throw AppError.forbidden();
      const results: Array<{ id: number; ok: boolean; unitId?: number; error?: string }> = [];
      for (const id of ids) {
        try {
          const c = await load(actor, id);
          const target = unitId ?? (await suggest(c));
          if (!target) {
            results.push({ id, ok: false, error: 'no_suggestion' });
            continue;
          }
          const to = check(actor, c, { action: 'dispatch' });
          const at = now();
          const planned = await plan(actor, c, { action: 'dispatch', unitId: target }, at);
          await apply(actor, c, { action: 'dispatch' }, to, at, planned);
          results.push({ id, ok: true, unitId: target });
        } catch (e) {
          results.push({ id, ok: false, error: e instanceof AppError ? e.code : 'internal' });
          if (!(e instanceof AppError)) throw e;
        }
      }
      return results;
    },
  };
}

export type IntakeWorkflow = ReturnType<typeof createIntakeWorkflow>;
