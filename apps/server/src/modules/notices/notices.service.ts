import { errorMessage, isUnitRole, type Locale, type NoticeAction, type Severity } from '@shouwang/common';
import type { WorkingCalendar } from '@shouwang/common/calendar/index';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { FindingRow } from '../../platform/db/schema-notices.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import type { OrgService } from '../org/org.service.ts';
import { createNoticeAttachments } from './notice-attachments.ts';
import { createNoticePolicyService } from './notice-policy.ts';
import { applyTransition, type TransitionRequest, transitionInvalid } from './notice-transitions.ts';
import { fieldInvalid } from './notices.i18n.ts';
import { noticesPolicy } from './notices.policy.ts';
import { type NoticeDetailView, presentNoticeDetail } from './notices.presenter.ts';
import {
  type NoticeListRow,
  type NoticeQuery,
  type NoticeSort,
  noticesRepository as repo,
  resolveNoticeFilter,
} from './notices.repository.ts';
import { createRecheckRegistry, type Rechecker } from './rechecks.ts';

export interface NoticeInput {
  unitId: number;
  assetId?: number | null;
  category: string;
  severity: Severity;
  title: string;
  description: string;
  requiredActions: string;
  tlp?: string;
  requiresLeaderApproval?: boolean;
}

export interface NoticeCreateInput extends NoticeInput {
  findingIds?: number[];
}

export interface NoticeServiceDeps {
  db: Db;
  org: OrgService;
  now: () => Date;
  calendar: () => Promise<WorkingCalendar>;
  /** Attachments live under <dataDir>/files/notices/<id>/. */
  dataDir: string;
}

type Trx = Transaction<Database>;

export function createNoticesService(deps: NoticeServiceDeps) {
  const { db, org, now } = deps;
  const rechecks = createRecheckRegistry();
  const transitionDeps = { db, now, calendar: deps.calendar, rechecks };

  async function load(actor: Actor, id: number): Promise<NoticeListRow> {
    const n = await repo.findById(db, id);
    if (!n || !noticesPolicy.canRead(actor, n)) throw AppError.notFound();
    return n;
  }

  async function detail(actor: Actor, id: number): Promise<NoticeDetailView> {
    const notice = await load(actor, id);
    const [createdBy, findings, attachments, events] = await Promise.all([
      repo.userName(db, notice.created_by),
      repo.listFindings(db, id),
      repo.listAttachments(db, id),
      repo.listEvents(db, id),
    ]);
    return presentNoticeDetail(actor, { notice, createdBy, findings, attachments, events });
  }

  /** The unit (404 when not visible) and asset (400 when not the unit's) of a notice being written. */
  async function checkTarget(actor: Actor, input: NoticeInput) {
    const unit = await org.getUnit(actor, input.unitId);
    if (!noticesPolicy.canCreate(actor, unit.regionPath)) throw AppError.forbidden();
    if (input.assetId) {
      const asset = await repo.findAsset(db, input.assetId);
      if (!asset || asset.unit_id !== unit.id)
        throw fieldInvalid(actor.locale, 'assetId', 'asset_not_of_unit');
    }
    return unit;
  }

  /** Findings that may be raised into a new notice: visible, open, and not on another open notice. */
  async function checkFindings(trx: Trx, actor: Actor, ids: readonly number[]): Promise<FindingRow[]> {
    const rows: FindingRow[] = [];
    for (const id of ids) {
      const f = await trx.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
      const linked = f?.notice_id ? await repo.findById(trx, f.notice_id) : undefined;
      const linkedOpen = linked && linked.state !== 'closed' && linked.state !== 'withdrawn';
      if (!f?.region_path.startsWith(actor.regionPath) || f.status !== 'open' || linkedOpen) {
        throw fieldInvalid(actor.locale, 'findingIds', 'finding_unavailable', { id });
      }
      rows.push(f);
    }
    return rows;
  }

  async function create(actor: Actor, input: NoticeCreateInput): Promise<number> {
    const unit = await checkTarget(actor, input);
    const officeRegionId =
      actor.via !== 'system' && !isUnitRole(actor.role) && actor.regionId > 0
        ? actor.regionId
        : await repo.officeRegionFor(db, unit.regionPath);
    const createdBy = actor.userId || (await repo.systemCreatorId(db));
    if (!createdBy) throw new Error('No user to record as the creator of a notice raised by the system');
    const at = now().toISOString();
    return db.transaction().execute(async (trx) => {
      const findings = await checkFindings(trx, actor, input.findingIds ?? []);
      const id = await repo.insert(trx, {
        office_region_id: officeRegionId,
        doc_year: null,
        doc_seq: null,
        doc_number: null,
        unit_id: unit.id,
        asset_id: input.assetId ?? null,
        region_path: unit.regionPath,
        category: input.category.trim(),
        severity: input.severity,
        title: input.title.trim(),
        description: input.description,
        required_actions: input.requiredActions,
        tlp: input.tlp ?? 'AMBER',
        state: 'draft',
        source: findings.length > 0 ? 'finding' : 'manual',
        requires_leader_approval: input.requiresLeaderApproval ? 1 : 0,
        sign_due_at: null,
        rectify_due_at: null,
        deadline_provisional: 0,
        deadline_reason: null,
        overdue: 0,
        overdue_since: null,
        supervision_level: 0,
        last_reminder_at: null,
        return_count: 0,
        reopen_count: 0,
        signed_on_time: null,
        rectified_on_time: null,
        created_by: createdBy,
        issued_at: null,
        signed_at: null,
        reported_at: null,
        closed_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      if (findings.length > 0) {
        await trx
          .updateTable('findings')
          .set({ notice_id: id, updated_at: at })
          .where(
            'id',
            'in',
            findings.map((f) => f.id),
          )
          .execute();
      }
      await repo.insertEvent(trx, {
        noticeId: id,
        at,
        actor,
        action: 'create',
        fromState: null,
        toState: 'draft',
        data: findings.length > 0 ? { findingIds: findings.map((f) => f.id) } : null,
      });
      await appendAudit(trx, actor, {
        action: 'notice.create',
        resourceType: 'notice',
        resourceId: id,
        regionPath: unit.regionPath,
        after: { ...input, officeRegionId, state: 'draft' },
      });
      return id;
    });
  }

  const attachments = createNoticeAttachments({ db, now, dataDir: deps.dataDir, load });

  return {
    load,
    detail,
    create,
    attachments,
    policy: createNoticePolicyService(db, now),

    list(
      actor: Actor,
      query: NoticeQuery & { sort?: NoticeSort; order?: 'asc' | 'desc'; limit: number; offset: number },
    ) {
      return resolveNoticeFilter(db, query).then((f) =>
        repo.listVisibleTo(db, actor, {
          ...f,
          sort: query.sort,
          order: query.order,
          limit: query.limit,
          offset: query.offset,
        }),
      );
    },

    async update(actor: Actor, id: number, input: NoticeInput & { version: number }): Promise<void> {
      const before = await load(actor, id);
      if (!noticesPolicy.isOfficeWriter(actor, before)) throw AppError.forbidden();
      if (before.state !== 'draft') throw transitionInvalid(actor, before, 'edit');
      if (input.version !== before.version) throw AppError.conflict({ version: before.version });
      const unit = await checkTarget(actor, input);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const patch = {
          unit_id: unit.id,
          region_path: unit.regionPath,
          asset_id: input.assetId ?? null,
          category: input.category.trim(),
          severity: input.severity,
          title: input.title.trim(),
          description: input.description,
          required_actions: input.requiredActions,
          tlp: input.tlp ?? before.tlp,
          requires_leader_approval: input.requiresLeaderApproval ? 1 : 0,
          updated_at: at,
        };
        if (!(await repo.updateIfVersion(trx, id, before.version, patch))) throw AppError.conflict();
        await repo.insertEvent(trx, {
          noticeId: id,
          at,
          actor,
          action: 'edit',
          fromState: 'draft',
          toState: 'draft',
        });
        await appendAudit(trx, actor, {
          action: 'notice.update',
          resourceType: 'notice',
          resourceId: id,
          regionPath: unit.regionPath,
          before,
          after: patch,
        });
      });
    },

    async transition(actor: Actor, id: number, req: TransitionRequest): Promise<void> {
      await applyTransition(transitionDeps, actor, await load(actor, id), req);
    },

    async changeDeadline(
      actor: Actor,
      id: number,
      input: { signDueAt?: string; rectifyDueAt?: string; reason: string },
    ): Promise<void> {
      const n = await load(actor, id);
      if (!noticesPolicy.isOfficeWriter(actor, n)) throw AppError.forbidden();
      if (!noticesPolicy.canChangeDeadline(actor, n)) throw AppError.conflict({ state: n.state });
      const reason = input.reason.trim();
      if (!reason) throw fieldInvalid(actor.locale, 'reason', 'reason_required');
      if (!input.signDueAt && !input.rectifyDueAt)
        throw fieldInvalid(actor.locale, 'rectifyDueAt', 'deadline_missing');
      const current = now();
      const at = current.toISOString();
      for (const field of ['signDueAt', 'rectifyDueAt'] as const) {
        const value = input[field];
        if (value && new Date(value).getTime() <= current.getTime()) {
          throw fieldInvalid(actor.locale, field, 'must_be_future');
        }
      }
      const sign = input.signDueAt ? new Date(input.signDueAt).toISOString() : n.sign_due_at;
      const rectify = input.rectifyDueAt ? new Date(input.rectifyDueAt).toISOString() : n.rectify_due_at;
      const patch = {
        sign_due_at: sign,
        rectify_due_at: rectify,
        deadline_reason: reason,
        deadline_provisional: input.rectifyDueAt && input.signDueAt ? 0 : n.deadline_provisional,
        updated_at: at,
        // A later deadline lifts the overdue flag; the sweep sets it again if this one passes too.
        ...(rectify && rectify > at ? { overdue: 0, overdue_since: null, supervision_level: 0 } : {}),
      };
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateIfVersion(trx, id, n.version, patch))) throw AppError.conflict();
        const data = {
          signDueAt: sign,
          rectifyDueAt: rectify,
          before: { signDueAt: n.sign_due_at, rectifyDueAt: n.rectify_due_at },
        };
        await repo.insertEvent(trx, {
          noticeId: id,
          at,
          actor,
          action: 'deadline_changed',
          fromState: n.state,
          toState: n.state,
          reason,
          data,
        });
        await appendAudit(trx, actor, {
          action: 'notice.deadline_change',
          resourceType: 'notice',
          resourceId: id,
          regionPath: n.region_path,
          before: { signDueAt: n.sign_due_at, rectifyDueAt: n.rectify_due_at },
          after: { ...patch, reason },
        });
        if (n.state !== 'draft') {
          await appendOutbox(trx, {
            topic: 'notice.deadline_changed',
            noticeId: id,
            dedupKey: `notice:${id}:v${n.version + 1}:notice.deadline_changed`,
            payload: {
              noticeId: id,
              title: n.title,
              docNumber: n.doc_number,
              unitId: n.unit_id,
              reason,
              signDueAt: sign,
              rectifyDueAt: rectify,
            },
          });
        }
      });
    },

    /** One action over many notices, each in its own transaction; one failure does not stop the rest. */
    async bulk(
      actor: Actor,
      input: { ids: number[]; action: NoticeAction; reason?: string },
      locale: Locale,
    ): Promise<{ id: number; ok: boolean; code?: string; message?: string }[]> {
      const results = [];
      for (const id of [...new Set(input.ids)]) {
        try {
          const n = await load(actor, id);
          await applyTransition(transitionDeps, actor, n, {
            action: input.action,
            version: n.version,
            reason: input.reason,
          });
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({
            id,
            ok: false,
            code: err.code,
            message: errorMessage(locale, err.code, err.params),
          });
        }
      }
      return results;
    },

    /** A detector registers how to re-run its check; closing a notice born from its findings runs it. */
    registerRechecker(detector: string, fn: Rechecker): void {
      rechecks.register(detector, fn);
    },

    /** Notes a finding event on a notice's timeline inside the caller's transaction (findings module). */
    async noteOnTimeline(
      trx: Trx,
      actor: Actor,
      noticeId: number,
      action: 'finding_attached' | 'finding_resolved' | 'finding_dismissed' | 'intake_case_linked',
      data: Record<string, unknown>,
    ): Promise<void> {
      const n = await repo.findById(trx, noticeId);
      if (!n) return;
      await repo.insertEvent(trx, {
        noticeId,
        at: now().toISOString(),
        actor,
        action,
        fromState: n.state,
        toState: n.state,
        data,
      });
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
