import { parseDuration, type WorkingCalendar } from '@shouwang/common/calendar/index';
import {
  DEFAULT_INTAKE_DEADLINES,
  type HandlingType,
  type IntakeAction,
  type IntakeState,
  nextIntakeState,
} from '@shouwang/common/intake/intake';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import type { OrgService } from '../org/org.service.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';
import { type CaseFilter, type CaseListRow, intakeRepository as repo } from './intake.repository.ts';
import type { IntakeDeps, MessageInput } from './intake-public.service.ts';
import { storeCase } from './intake-store.ts';
import { maskName, maskPhone } from './query-code.ts';

export interface OfficeDeps extends IntakeDeps {
  org: OrgService;
  calendar: () => Promise<WorkingCalendar>;
}

export interface PhoneCaseInput extends MessageInput {
  kind: 'message';
}

function deadlineAfter(calendar: WorkingCalendar, from: Date, duration: string) {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(`Invalid intake deadline duration: ${duration}`);
  const result = calendar.deadline(from, parsed.value);
  return { at: result.deadline.toISOString(), provisional: result.provisional };
}

/** The handling type that sets a case's deadline: the message type, or "report". */
function handlingTypeOf(c: CaseListRow): HandlingType {
  return c.kind === 'report' ? 'report' : ((c.message_type ?? 'complaint') as HandlingType);
}

export function presentCase(actor: Actor, c: CaseListRow) {
  return {
    id: c.id,
    kind: c.kind,
    channel: c.channel,
    state: c.state,
    category: c.category,
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
    rating: c.rating,
    createdAt: c.created_at,
    abilities: {
      viewContact: intakePolicy.canSeeContact(actor, c),
      actions: intakePolicy.actions(actor, c),
    },
  };
}

export function createIntakeService(deps: OfficeDeps) {
  const { db, now, org } = deps;

  async function load(actor: Actor, id: number): Promise<CaseListRow> {
    const c = await repo.findById(db, id);
    if (!c || !intakePolicy.canRead(actor, c)) throw AppError.notFound();
    return c;
  }

  function check(actor: Actor, c: CaseListRow, action: IntakeAction): IntakeState {
    if (!intakePolicy.isDesk(actor, c)) throw AppError.forbidden();
    const next = nextIntakeState(c.state as IntakeState, action, actor.role);
    if (!next) throw new AppError('intake_transition_invalid', { state: c.state, action });
    return next;
  }

  /** Sends the case to a unit: deadlines from now on the working calendar, stored, announced. */
  async function sendToUnit(
    actor: Actor,
    id: number,
    unitId: number,
    reason: string | null,
    action: 'dispatch' | 'reassign',
  ) {
    const c = await load(actor, id);
    const next = check(actor, c, action);
    const unit = await org.getUnit(actor, unitId);
    if (action === 'reassign' && unit.id === c.unit_id)
      throw intakeFieldInvalid(actor.locale, 'unitId', 'same_unit');
    const calendar = await deps.calendar();
    const from = now();
    const sign = deadlineAfter(calendar, from, DEFAULT_INTAKE_DEADLINES.sign);
    const handle = deadlineAfter(calendar, from, DEFAULT_INTAKE_DEADLINES.handle[handlingTypeOf(c)]);
    const at = from.toISOString();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('intake_cases')
        .set({
          state: next,
          unit_id: unit.id,
          sign_due_at: sign.at,
          handle_due_at: handle.at,
          deadline_provisional: sign.provisional || handle.provisional ? 1 : 0,
          dispatched_at: at,
          signed_at: null,
          dispatch_count: c.dispatch_count + 1,
          reassign_count: c.reassign_count + (action === 'reassign' ? 1 : 0),
          updated_at: at,
          version: c.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', c.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw AppError.conflict();
      const data = {
        unitId: unit.id,
        fromUnitId: c.unit_id,
        reason,
        signDueAt: sign.at,
        handleDueAt: handle.at,
      };
      await repo.insertEvent(trx, {
        caseId: id,
        at,
        actor: { userId: actor.userId || null, name: actor.username },
        action,
        fromState: c.state,
        toState: next,
        isPublic: action === 'dispatch',
        data,
      });
      await appendAudit(trx, actor, {
        action: `intake.${action}`,
        resourceType: 'intake_case',
        resourceId: id,
        regionPath: c.region_path,
        before: { state: c.state, unitId: c.unit_id },
        after: { state: next, ...data },
      });
      await appendOutbox(trx, {
        topic: 'intake.dispatched',
        payload: {
          caseId: id,
          unitId: unit.id,
          title: c.title,
          signDueAt: sign.at,
          rectifyDueAt: handle.at,
          reason,
          regionPath: unit.regionPath,
        },
      });
    });
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
      return { items: items.map((c) => presentCase(actor, c)), total };
    },

    async detail(actor: Actor, id: number) {
      const c = await load(actor, id);
      const [events, links] = await Promise.all([repo.events(db, id, false), repo.links(db, id)]);
      return {
        ...presentCase(actor, c),
        content: c.content,
        urls: JSON.parse(c.urls) as string[],
        targetApp: c.target_app,
        reply: c.reply,
        events: events.map((e) => ({
          at: e.at,
          actorName: e.actor_name,
          action: e.action,
          fromState: e.from_state,
          toState: e.to_state,
          data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
        })),
        // Both directions: a case lists what it joined and what later joined it.
        related: links.map((l) => ({
          caseId: l.case_id === id ? l.other_case_id : l.case_id,
          reason: l.reason,
          score: l.score,
          direction: l.case_id === id ? 'to' : 'from',
        })),
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
      sendToUnit(actor, id, unitId, reason, 'dispatch'),
    reassign: (actor: Actor, id: number, unitId: number, reason: string) => {
      if (!reason.trim()) throw intakeFieldInvalid(actor.locale, 'reason', 'reason_required');
      return sendToUnit(actor, id, unitId, reason.trim(), 'reassign');
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
