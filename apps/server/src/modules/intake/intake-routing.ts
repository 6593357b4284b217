import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { OrgService } from '../org/org.service.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface RoutingRuleInput {
  regionId?: number | null;
  kind?: string | null;
  category?: string | null;
  messageType?: string | null;
  topic?: string | null;
  unitId: number;
  active?: boolean;
}

/** A rule with what matching needs: the paths of its region and office. */
export interface RoutingRule {
  id: number;
  officeRegionPath: string;
  position: number;
  regionId: number | null;
  regionPath: string | null;
  regionName: string | null;
  kind: string | null;
  category: string | null;
  messageType: string | null;
  topic: string | null;
  unitId: number;
  unitName: string;
  active: boolean;
}

export interface RoutableCase {
  region_path: string;
  kind: string;
  category: string | null;
  message_type: string | null;
  topic: string | null;
}

/** Whether every condition the rule sets holds for the case (unset conditions match anything). */
export function ruleMatches(rule: RoutingRule, c: RoutableCase): boolean {
  if (!rule.active || !c.region_path.startsWith(rule.officeRegionPath)) return false;
  if (rule.regionPath && !c.region_path.startsWith(rule.regionPath)) return false;
  if (rule.kind && rule.kind !== c.kind) return false;
  if (rule.category && rule.category !== c.category) return false;
  if (rule.messageType && rule.messageType !== c.message_type) return false;
  if (rule.topic && !(c.topic ?? '').toLowerCase().includes(rule.topic.toLowerCase())) return false;
  return true;
}

/**
 * The first matching rule: the nearest office's rules before its ancestors' (a county's own rules win
 * over the city's), then by position.
 */
export function suggestUnit(rules: readonly RoutingRule[], c: RoutableCase): RoutingRule | null {
  const ordered = [...rules].sort(
    (a, b) => b.officeRegionPath.length - a.officeRegionPath.length || a.position - b.position || a.id - b.id,
  );
  return ordered.find((r) => ruleMatches(r, c)) ?? null;
}

export const routingRepository = {
  /** Rules that can apply to cases under `path`: those of its offices above it and inside it. */
  async rulesFor(db: Q, path: string): Promise<RoutingRule[]> {
    const ancestors: string[] = [];
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) ancestors.push(`/${parts.slice(0, i).join('/')}/`);
    const rows = await db
      .selectFrom('intake_routing_rules as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .leftJoin('regions as g', 'g.id', 'r.region_id')
      .select([
        'r.id',
        'r.office_region_path',
        'r.position',
        'r.region_id',
        'g.path as region_path',
        'g.name as region_name',
        'r.kind',
        'r.category',
        'r.message_type',
        'r.topic',
        'r.unit_id',
        'u.name as unit_name',
        'r.active',
      ])
      .where((eb) =>
        eb.or([
          inRegionSubtree('r.office_region_path', path),
          ...(ancestors.length ? [eb('r.office_region_path', 'in', ancestors)] : []),
        ]),
      )
      .orderBy('r.office_region_path')
      .orderBy('r.position')
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      officeRegionPath: r.office_region_path,
      position: r.position,
      regionId: r.region_id,
      regionPath: r.region_path,
      regionName: r.region_name,
      kind: r.kind,
      category: r.category,
      messageType: r.message_type,
      topic: r.topic,
      unitId: r.unit_id,
      unitName: r.unit_name,
      active: r.active === 1,
    }));
  },

  find(db: Q, id: number) {
    return db.selectFrom('intake_routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async nextPosition(db: Q, officePath: string): Promise<number> {
    const row = await db
      .selectFrom('intake_routing_rules')
      .select((eb) => eb.fn.max<number | null>('position').as('p'))
      .where('office_region_path', '=', officePath)
      .executeTakeFirst();
    return Number(row?.p ?? 0) + 1;
  },
};

/**
 * The rules as the caller sees them, with what they may do: managers edit the rules of their own office
 * and of the offices below it (an ancestor's rules apply here but are that office's to change); the
 * order is per office, so only the caller's own office's rules are reordered.
 */
export function presentRules(actor: Actor, rules: readonly RoutingRule[]) {
  const manage = intakePolicy.canManage(actor);
  return {
    items: rules.map((r) => ({
      ...r,
      abilities: {
        update: manage && r.officeRegionPath.startsWith(actor.regionPath),
        reorder: manage && r.officeRegionPath === actor.regionPath,
      },
    })),
    abilities: { create: manage },
  };
}

/** Office-editable routing rules (region + category/topic → unit), ordered, audited. */
export function createRoutingService(db: Db, org: OrgService, now: () => Date) {
  async function checkInput(actor: Actor, input: RoutingRuleInput) {
    const unit = await org.getUnit(actor, input.unitId);
    let regionId: number | null = null;
    if (input.regionId) regionId = (await org.getRegion(actor, input.regionId)).id;
    return {
      region_id: regionId,
      kind: input.kind || null,
      category: input.category?.trim() || null,
      message_type: input.messageType || null,
      topic: input.topic?.trim() || null,
      unit_id: unit.id,
      active: input.active === false ? 0 : 1,
    };
  }

  async function loadOwn(actor: Actor, id: number) {
    const rule = await routingRepository.find(db, id);
    if (!rule?.office_region_path.startsWith(actor.regionPath)) throw AppError.notFound();
    if (!intakePolicy.canManage(actor)) throw AppError.forbidden();
    return rule;
  }

  return {
    list: async (actor: Actor) => presentRules(actor, await routingRepository.rulesFor(db, actor.regionPath)),

    /** The rules that can apply to cases under a region path (for many cases at once). */
    rulesUnder: (path: string) => routingRepository.rulesFor(db, path),

    async suggestFor(c: RoutableCase) {
      return suggestUnit(await routingRepository.rulesFor(db, c.region_path), c);
    },

    async create(actor: Actor, input: RoutingRuleInput) {
      if (!intakePolicy.canManage(actor)) throw AppError.forbidden();
      const values = await checkInput(actor, input);
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const position = await routingRepository.nextPosition(trx, actor.regionPath);
        const row = await trx
          .insertInto('intake_routing_rules')
          .values({
            ...values,
            office_region_path: actor.regionPath,
            position,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, actor, {
          action: 'intake.routing_rule.create',
          resourceType: 'intake_routing_rule',
          resourceId: row.id,
          regionPath: actor.regionPath,
          after: { ...values, position },
        });
        return row.id;
      });
    },

    async update(actor: Actor, id: number, input: RoutingRuleInput) {
      const before = await loadOwn(actor, id);
      const values = await checkInput(actor, input);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('intake_routing_rules')
          .set({ ...values, updated_at: now().toISOString() })
          .where('id', '=', id)
          .execute();
        await appendAudit(trx, actor, {
          action: 'intake.routing_rule.update',
          resourceType: 'intake_routing_rule',
          resourceId: id,
          regionPath: before.office_region_path,
          before,
          after: values,
        });
      });
    },

    async remove(actor: Actor, id: number) {
      const before = await loadOwn(actor, id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('intake_routing_rules').where('id', '=', id).execute();
        await appendAudit(trx, actor, {
          action: 'intake.routing_rule.delete',
          resourceType: 'intake_routing_rule',
          resourceId: id,
          regionPath: before.office_region_path,
          before,
        });
      });
    },

    /** Puts the caller's office's rules in the given order (ids of that office, each once). */
    async reorder(actor: Actor, ids: number[]) {
      if (!intakePolicy.canManage(actor)) throw AppError.forbidden();
      const own = await db
        .selectFrom('intake_routing_rules')
        .select('id')
        .where('office_region_path', '=', actor.regionPath)
        .execute();
      const ownIds = new Set(own.map((r) => r.id));
      if (ids.length !== ownIds.size || new Set(ids).size !== ids.length || !ids.every((i) => ownIds.has(i)))
        throw intakeFieldInvalid(actor.locale, 'ids', 'order_invalid');
      await db.transaction().execute(async (trx) => {
        for (const [i, id] of ids.entries()) {
          await trx
            .updateTable('intake_routing_rules')
            .set({ position: i + 1 })
            .where('id', '=', id)
            .execute();
        }
        await appendAudit(trx, actor, {
          action: 'intake.routing_rule.reorder',
          resourceType: 'intake_routing_rule',
          resourceId: null,
          regionPath: actor.regionPath,
          after: { ids },
        });
      });
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
