import {
  allowedNoticeActions,
  type NoticeAction,
  type NoticeState,
  type NotificationTopic,
  noticeActionNeedsReason,
  reachableNoticeStates,
  type Severity,
} from '@shouwang/common';
import type { WorkingCalendar } from '@shouwang/common/calendar/index';
import type { Updateable } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { NoticeTable } from '../../platform/db/schema-notices.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import { noticeDailyStats } from './dashboard/notice-daily-stats.ts';
import { deadlineAfter, issueDeadlines } from './deadlines.ts';
import { docYearOf, formatDocNumber, nextDocSeq } from './doc-numbers.ts';
import { noticePolicyStore } from './notice-policy.ts';
import { fieldInvalid } from './notices.i18n.ts';
import { noticesPolicy } from './notices.policy.ts';
import { type NoticeListRow, noticesRepository as repo } from './notices.repository.ts';
import type { RecheckRegistry } from './rechecks.ts';

export interface TransitionRequest {
  action: NoticeAction;
  version: number;
  reason?: string;
  note?: string;
  /** For return and reopen: the new rectification deadline (default: the policy's, from now). */
  rectifyDueAt?: string;
}

export interface TransitionDeps {
  db: Db;
  now: () => Date;
  calendar: () => Promise<WorkingCalendar>;
  rechecks: RecheckRegistry;
}

const TOPICS: Partial<Record<NoticeAction, NotificationTopic>> = {
  issue: 'notice.issued',
  withdraw: 'notice.withdrawn',
  sign: 'notice.signed',
  report_back: 'notice.reported',
  approve_report: 'notice.reported',
  close: 'notice.closed',
  return: 'notice.returned',
  reopen: 'notice.reopened',
};

function topicOf(action: NoticeAction, to: NoticeState): NotificationTopic | undefined {
  if (action === 'report_back' && to === 'awaiting_approval') return 'notice.report_pending_approval';
  return TOPICS[action];
}

/** The 409 for an action the notice's state does not allow, with what is allowed instead. */
export function transitionInvalid(actor: Actor, n: NoticeListRow, action: NoticeAction): AppError {
  const state = n.state as NoticeState;
  const allowedNext = reachableNoticeStates(state);
  const allowedActions = allowedNoticeActions(state, {
    role: actor.role,
    requiresLeaderApproval: n.requires_leader_approval === 1,
  });
  return new AppError(
    'notice_transition_invalid',
    { state, action, allowed: allowedNext.join(', ') || '-' },
    { state, action, allowedActions, allowedNext },
  );
}

/**
 * Everything a transition changes besides the state: deadlines and the document number on issue, a
 * new deadline on return and reopen, timestamps and on-time flags.
 */
async function patchFor(
  deps: TransitionDeps,
  actor: Actor,
  n: NoticeListRow,
  action: NoticeAction,
  to: NoticeState,
  req: TransitionRequest,
  now: Date,
): Promise<{ patch: Updateable<NoticeTable>; data: Record<string, unknown> }> {
  const at = now.toISOString();
  const patch: Updateable<NoticeTable> = { state: to, updated_at: at };
  const data: Record<string, unknown> = {};
  const clearOverdue = { overdue: 0, overdue_since: null, supervision_level: 0, last_reminder_at: null };
  if (req.note) data.note = req.note;
  const office = await repo.findRegion(deps.db, n.office_region_id);
  const { policy } = await noticePolicyStore.effective(deps.db, office?.path ?? '/');
  switch (action) {
    case 'issue': {
      const d = issueDeadlines(await deps.calendar(), policy, n.severity as Severity, now);
      // Deadlines set on the draft with a reason (POST /deadline) win over the policy while still ahead.
      if (n.deadline_reason) {
        if (n.sign_due_at && n.sign_due_at > at) d.sign = { at: n.sign_due_at, provisional: false };
        if (n.rectify_due_at && n.rectify_due_at > at)
          d.rectify = { at: n.rectify_due_at, provisional: false };
        d.provisional = d.sign.provisional || d.rectify.provisional;
      }
      Object.assign(patch, {
        issued_at: at,
        sign_due_at: d.sign.at,
        rectify_due_at: d.rectify.at,
        deadline_provisional: d.provisional ? 1 : 0,
        requires_leader_approval: n.requires_leader_approval === 1 || policy.requireLeaderApproval ? 1 : 0,
      });
      Object.assign(data, {
        signDueAt: d.sign.at,
        rectifyDueAt: d.rectify.at,
        provisional: d.provisional,
        deadlineBase: at,
        signDuration: policy.deadlines[n.severity as Severity].sign,
        rectifyDuration: policy.deadlines[n.severity as Severity].rectify,
        officeName: policy.officeShortName ?? office?.name ?? '',
        docNumberPrefix: policy.docNumberPrefix,
      });
      break;
    }
    case 'sign':
      patch.signed_at = at;
      patch.signed_on_time = n.sign_due_at ? (at <= n.sign_due_at ? 1 : 0) : null;
      break;
    case 'report_back':
    case 'approve_report':
      if (to === 'reported') patch.reported_at = at;
      break;
    case 'close':
      Object.assign(patch, clearOverdue, {
        closed_at: at,
        rectified_on_time:
          n.rectify_due_at && n.reported_at ? (n.reported_at <= n.rectify_due_at ? 1 : 0) : null,
      });
      break;
    case 'withdraw':
      Object.assign(patch, clearOverdue);
      break;
    case 'return':
    case 'reopen': {
      let due: { at: string; provisional: boolean };
      if (req.rectifyDueAt) {
        const given = new Date(req.rectifyDueAt);
        if (given.getTime() <= now.getTime()) {
          throw fieldInvalid(actor.locale, 'rectifyDueAt', 'must_be_future');
        }
        due = { at: given.toISOString(), provisional: false };
      } else {
        const duration = policy.deadlines[n.severity as Severity].rectify;
        due = deadlineAfter(await deps.calendar(), now, duration);
        Object.assign(data, { deadlineBase: at, rectifyDuration: duration });
      }
      Object.assign(patch, clearOverdue, {
        rectify_due_at: due.at,
        deadline_provisional: due.provisional ? 1 : 0,
        rectified_on_time: null,
      });
      if (action === 'return') patch.return_count = n.return_count + 1;
      else Object.assign(patch, { reopen_count: n.reopen_count + 1, closed_at: null });
      Object.assign(data, { rectifyDueAt: due.at, provisional: due.provisional });
      break;
    }
    default:
      break;
  }
  return { patch, data };
}

/**
 * Applies one action of the state machine to a notice the actor can see: role, state, version and reason
 * are checked first; then the state change, its timeline event, its audit entry and its outbox message
 * commit in one transaction, or nothing does.
 */
export async function applyTransition(
  deps: TransitionDeps,
  actor: Actor,
  n: NoticeListRow,
  req: TransitionRequest,
): Promise<void> {
  const { action } = req;
  if (action === 'edit') {
    throw fieldInvalid(actor.locale, 'action', 'edit_via_put');
  }
  if (!noticesPolicy.roleMayTake(actor, action)) throw AppError.forbidden();
  if (req.version !== n.version) throw AppError.conflict({ version: n.version });
  const to = noticesPolicy.next(actor, n, action);
  if (to === null) throw transitionInvalid(actor, n, action);
  const reason = req.reason?.trim() || null;
  if (noticeActionNeedsReason(action) && !reason) {
    throw fieldInvalid(actor.locale, 'reason', 'reason_required');
  }
  if (action === 'close') {
    const still = await deps.rechecks.stillPresent(await repo.listFindings(deps.db, n.id));
    if (still.length > 0) {
      throw new AppError(
        'recheck_failed',
        { detail: still.map((s) => s.detail).join('; ') },
        { stillPresent: still },
      );
    }
  }
  const now = deps.now();
  const { patch, data } = await patchFor(deps, actor, n, action, to, req, now);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.updateIfVersion(trx, n.id, n.version, patch))) {
      throw AppError.conflict({ version: 'stale' });
    }
    // The dashboard's per-day counts change with the notice, in the same transaction.
    await noticeDailyStats.applyChange(trx, n, { ...n, ...patch });
    if (action === 'issue') {
      const year = docYearOf(now);
      const seq = await nextDocSeq(trx, n.office_region_id, year);
      const docNumber = formatDocNumber(String(data.officeName), String(data.docNumberPrefix), year, seq);
      await trx
        .updateTable('notices')
        .set({ doc_year: year, doc_seq: seq, doc_number: docNumber })
        .where('id', '=', n.id)
        .execute();
      data.docNumber = docNumber;
      delete data.officeName;
      delete data.docNumberPrefix;
    }
    if (action === 'close') await repo.resolveOpenFindings(trx, n.id, now.toISOString());
    await repo.insertEvent(trx, {
      noticeId: n.id,
      at: now.toISOString(),
      actor,
      action,
      fromState: n.state,
      toState: to,
      reason,
      data: Object.keys(data).length > 0 ? data : null,
    });
    await appendAudit(trx, actor, {
      action: `notice.${action}`,
      resourceType: 'notice',
      resourceId: n.id,
      regionPath: n.region_path,
      before: { state: n.state, version: n.version },
      after: { ...patch, version: n.version + 1, reason, ...data },
    });
    const topic = topicOf(action, to);
    if (topic) {
      await appendOutbox(trx, {
        topic,
        noticeId: n.id,
        dedupKey: `notice:${n.id}:v${n.version + 1}:${topic}`,
        payload: {
          noticeId: n.id,
          title: n.title,
          docNumber: (data.docNumber as string | undefined) ?? n.doc_number,
          unitId: n.unit_id,
          severity: n.severity,
          fromState: n.state,
          state: to,
          actorName: actor.displayName || actor.username,
          reason,
          signDueAt: patch.sign_due_at ?? n.sign_due_at,
          rectifyDueAt: patch.rectify_due_at ?? n.rectify_due_at,
        },
      });
    }
  });
}
