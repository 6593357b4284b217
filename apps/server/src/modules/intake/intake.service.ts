import type { WorkingCalendar } from '@shouwang/common/calendar/index';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import type { OrgService } from '../org/org.service.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';
import { type CaseFilter, type CaseListRow, intakeRepository as repo } from './intake.repository.ts';
import { type CategoryNames, categoryNames, createCategoryService } from './intake-categories.ts';
import { createIntakeDashboardService } from './intake-dashboard.service.ts';
import type { IntakeDeps, MessageInput } from './intake-public.service.ts';
import { createPublicFormService } from './intake-public-form.ts';
import { createRoutingService, type RoutingRule, suggestUnit } from './intake-routing.ts';
import {
  checkWorkflowSettings,
  type IntakeWorkflowSettings,
  workflowSettingsStore,
} from './intake-settings.ts';
import { storeCase } from './intake-store.ts';
import { type CaseTransition, createIntakeWorkflow } from './intake-workflow.ts';
import { maskName, maskPhone } from './query-code.ts';

export interface OfficeDeps extends IntakeDeps {
  org: OrgService;
  calendar: () => Promise<WorkingCalendar>;
  notices?: NoticesService;
  /** Called after the public form's settings change (for whoever caches them). */
  onPublicFormChange?: () => void;
}

export interface PhoneCaseInput extends MessageInput {
  kind: 'message';
}

export function presentCase(actor: Actor, c: CaseListRow, names: CategoryNames) {
  return {
    id: c.id,
    kind: c.kind,
    channel: c.channel,
    state: c.state,
    category: c.category,
    categoryName: names.nameOf(c.category, actor.locale),
    messageType: c.message_type,
    topic: c.topic,
    regionId: c.region_id,
    regionName: c.region_name,
    unitId: c.unit_id,
    unitName: c.unit_name,
    title: c.title,
    contactName: maskName(c.contact_name),
    contactPhone: maskPhone(c.contact_phone),
    publishable: c.publishable === 1,
    groupId: c.group_id,
    signDueAt: c.sign_due_at,
    handleDueAt: c.handle_due_at,
    deadlineProvisional: c.deadline_provisional === 1,
    dispatchCount: c.dispatch_count,
    reassignCount: c.reassign_count,
    returnCount: c.return_count,
    rehandleCount: c.rehandle_count,
    extensionCount: c.extension_count,
    overdue: c.overdue === 1,
    supervisionLevel: c.supervision_level,
    extensionDueAt: c.extension_due_at,
    mergedInto: c.merged_into,
    noticeId: c.notice_id,
    followedUpAt: c.followed_up_at,
    publishedAt: c.published_at,
    dispatchedAt: c.dispatched_at,
    signedAt: c.signed_at,
    repliedAt: c.replied_at,
    rating: c.rating,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
    abilities: {
      viewContact: intakePolicy.canSeeContact(actor, c),
      actions: intakePolicy.actions(actor, c),
    },
  };
}

export function createIntakeService(deps: OfficeDeps) {
  const { db, now, org } = deps;

  const workflow = createIntakeWorkflow(deps);
  const routing = createRoutingService(db, org, now);
  const load = workflow.load;

  async function suggestionFor(c: CaseListRow): Promise<number | null> {
    return (await routing.suggestFor(c))?.unitId ?? null;
  }

  async function visibleRegion(actor: Actor, regionId: number | undefined) {
    const region = await org.getRegion(actor, regionId ?? actor.regionId);
    if (!region.path.startsWith(actor.regionPath)) throw AppError.notFound();
    return region;
  }

  return {
    load,
    async list(actor: Actor, f: CaseFilter & { regionId?: number; limit: number; offset: number }) {
      let regionPath: string | undefined;
      if (f.regionId !== undefined) {
        const r = await db
          .selectFrom('regions')
          .select('path')
          .where('id', '=', f.regionId)
          .executeTakeFirst();
        regionPath = r?.path ?? '/none/';
      }
      const { items, total } = await repo.list(db, actor, { ...f, regionPath });
      const names = await categoryNames(db);
      // Routing suggestions for the cases still waiting for the office: the rules are few, read once.
      let rules: RoutingRule[] | null = null;
      const presented = [];
      for (const c of items) {
        let suggestion: { unitId: number; unitName: string; ruleId: number } | null = null;
        if (c.state === 'received') {
          rules ??= await routing.rulesUnder(actor.regionPath);
          const rule = suggestUnit(rules, c);
          if (rule) suggestion = { unitId: rule.unitId, unitName: rule.unitName, ruleId: rule.id };
        }
        presented.push({ ...presentCase(actor, c, names), suggestion });
      }
      return { items: presented, total };
    },

    async detail(actor: Actor, id: number) {
      const c = await load(actor, id);
      const [events, links, names] = await Promise.all([
        repo.events(db, id, false),
        repo.links(db, id),
        categoryNames(db),
      ]);
      return {
        ...presentCase(actor, c, names),
        content: c.content,
        urls: JSON.parse(c.urls) as string[],
        targetApp: c.target_app,
        reply: c.reply,
        replyDraft: c.reply_draft,
        extensionReason: c.extension_reason,
        followUpNote: c.follow_up_note,
        forwardTarget: c.forward_target,
        forwardTo: c.forward_to,
        forwardOutcome: c.forward_outcome,
        transferredTo: c.transferred_to,
        ratingComment: c.rating_comment,
        suggestion: await (async () => {
          const rule = c.state === 'received' ? await routing.suggestFor(c) : null;
          return rule ? { unitId: rule.unitId, unitName: rule.unitName, ruleId: rule.id } : null;
        })(),
        events: events.map((e) => ({
          at: e.at,
          actorName: e.actor_name,
          action: e.action,
          fromState: e.from_state,
          toState: e.to_state,
          data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
        })),
        // Both directions: a case lists what it joined and what later joined it.
        related: links.map((l) => {
          const direction: 'to' | 'from' = l.case_id === id ? 'to' : 'from';
          return {
            caseId: direction === 'to' ? l.other_case_id : l.case_id,
            reason: l.reason,
            score: l.score,
            direction,
          };
        }),
      };
    },

    /** The unmasked contact: only roles that need it, and every view is audited. */
    async revealContact(actor: Actor, id: number) {
      const c = await load(actor, id);
      if (!intakePolicy.canSeeContact(actor, c)) throw AppError.forbidden();
      await db.transaction().execute((trx) =>
        appendAudit(trx, actor, {
          action: 'intake.contact_view',
          resourceType: 'intake_case',
          resourceId: id,
          regionPath: c.region_path,
        }),
      );
      return { contactName: c.contact_name, contactPhone: c.contact_phone };
    },

    /** A phone call typed in by staff; the code goes back to the caller over the phone. */
    async createFromPhone(actor: Actor, input: MessageInput) {
      const region = await org.getRegion(actor, input.regionId);
      if (!intakePolicy.canEnter(actor, region.path)) throw AppError.forbidden();
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const stored = await storeCase(
          trx,
          {
            kind: 'message',
            channel: 'phone',
            category: null,
            messageType: input.type,
            topic: input.topic.trim(),
            region: { id: region.id, path: region.path },
            title: input.title.trim(),
            content: input.content.trim(),
            urls: [],
            rawUrls: [],
            targetApp: null,
            contactName: input.contactName?.trim() || null,
            contactPhone: input.contactPhone?.trim() || null,
            publishable: input.publishable,
            createdBy: actor.userId || null,
            actorName: actor.username,
          },
          at,
        );
        await appendAudit(trx, actor, {
          action: 'intake.create',
          resourceType: 'intake_case',
          resourceId: stored.id,
          regionPath: region.path,
          after: { channel: 'phone', type: input.type, regionId: region.id, title: input.title },
        });
        return stored;
      });
    },

    dispatch: (actor: Actor, id: number, unitId: number, reason: string | null) =>
      workflow.transition(actor, id, { action: 'dispatch', unitId, reason: reason ?? undefined }),
    reassign: (actor: Actor, id: number, unitId: number, reason: string) => {
      if (!reason.trim()) throw intakeFieldInvalid(actor.locale, 'reason', 'reason_required');
      return workflow.transition(actor, id, { action: 'reassign', unitId, reason });
    },
    transition: (actor: Actor, id: number, req: CaseTransition) => workflow.transition(actor, id, req),
    /** Dispatches received cases to one unit, or each to its routing suggestion. */
    bulkDispatch: (actor: Actor, ids: number[], unitId: number | null) =>
      workflow.bulkDispatch(actor, ids, unitId, suggestionFor),

    routing,
    dashboard: createIntakeDashboardService(db, now),
    publicForm: createPublicFormService(db, now, deps.onPublicFormChange),
    // The public form offers the active ones, so a change is told to its cache like a settings change.
    categories: createCategoryService(db, now, deps.onPublicFormChange),

    /** The office's workflow settings (deadlines per type, extension limit, two-step approval). */
    async settings(actor: Actor, regionId?: number) {
      const region = await visibleRegion(actor, regionId);
      const resolved = await workflowSettingsStore.resolve(db, region.path);
      return {
        regionId: region.id,
        inheritedFromRegionId: resolved.fromRegionId,
        ...resolved.settings,
        abilities: { update: intakePolicy.canManage(actor) },
      };
    },

    async saveSettings(actor: Actor, regionId: number | undefined, input: IntakeWorkflowSettings) {
      const region = await visibleRegion(actor, regionId);
      if (!intakePolicy.canManage(actor)) throw AppError.forbidden();
      const checked = checkWorkflowSettings(input, actor.locale);
      if (!checked.ok) throw AppError.invalid(checked.issues);
      await db.transaction().execute(async (trx) => {
        const before = await workflowSettingsStore.findOwn(trx, region.id);
        await workflowSettingsStore.save(trx, region.id, checked.value, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'intake.settings.update',
          resourceType: 'intake_settings',
          resourceId: region.id,
          regionPath: region.path,
          before,
          after: checked.value,
        });
      });
      return this.settings(actor, region.id);
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
