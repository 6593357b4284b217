import { isUnitRole, OPEN_NOTICE_STATES, SEVERITIES, type Severity } from '@shouwang/common';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import { inRegionSubtree } from '../../../platform/db/region-path.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { noticeVisibleTo } from '../notices.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Where the dashboard looks: the actor's jurisdiction, optionally narrowed to a region subtree. */
export interface DashboardScope {
  actor: Actor;
  regionPath?: string;
}

/**
 * A period: its first and last China-time days ('YYYY-MM-DD'), the same as a half-open range [from, to)
 * of ISO instants, and "now" for deadlines that have passed.
 */
export interface DashboardPeriod {
  fromDay: string;
  toDay: string;
  from: string;
  to: string;
  now: string;
}

function inScope(s: DashboardScope) {
  return (eb: ExpressionBuilder<Database, 'notices'>) =>
    s.regionPath === undefined
      ? noticeVisibleTo(s.actor)(eb)
      : eb.and([noticeVisibleTo(s.actor)(eb), inRegionSubtree('notices.region_path', s.regionPath)]);
}

/** The same scope over notice_daily_stats: a unit's own rows, or a region subtree. */
function statsInScope(s: DashboardScope) {
  return (eb: ExpressionBuilder<Database, 'notice_daily_stats'>) => {
    const who = isUnitRole(s.actor.role)
      ? eb('notice_daily_stats.unit_id', '=', s.actor.unitId ?? -1)
      : inRegionSubtree('notice_daily_stats.region_path', s.actor.regionPath);
    return s.regionPath === undefined
      ? who
      : eb.and([who, inRegionSubtree('notice_daily_stats.region_path', s.regionPath)]);
  };
}

const n = (v: unknown) => Number(v ?? 0);
const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);
const OPEN = [...OPEN_NOTICE_STATES];

export const dashboardRepository = {
  /** Open notices now: counts by severity and overdue among them, from the open-notice index alone. */
  async openBySeverity(db: Q, s: DashboardScope) {
    const rows = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.state', 'in', OPEN)
      .select([
        'notices.severity',
        (eb) => eb.fn.countAll<number>().as('open'),
        (eb) => eb.fn.sum<number>('notices.overdue').as('overdue'),
      ])
      .groupBy('notices.severity')
      .execute();
    const bySeverity: Record<Severity, number> = { I: 0, II: 0, III: 0, IV: 0 };
    let open = 0;
    let overdue = 0;
    for (const r of rows) {
      if (isSeverity(r.severity)) bySeverity[r.severity] = n(r.open);
      open += n(r.open);
      overdue += n(r.overdue);
    }
    return { open, overdue, bySeverity };
  },

  /** Open notices overdue now that were issued before `to` (for a period that ended before today). */
  async overdueIssuedBefore(db: Q, s: DashboardScope, to: string) {
    const row = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.state', 'in', OPEN)
      .where('notices.overdue', '=', 1)
      .where('notices.issued_at', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return n(row?.n);
  },

  /** The units with the most open notices (then the most overdue), with both counts. */
  async topUnits(db: Q, s: DashboardScope, limit: number) {
    const rows = await db
      .selectFrom('notices')
      .innerJoin('units', 'units.id', 'notices.unit_id')
      .where(inScope(s))
      .where('notices.state', 'in', OPEN)
      .select([
        'notices.unit_id as unitId',
        'units.name as unitName',
        (eb) => eb.fn.countAll<number>().as('open'),
        (eb) => eb.fn.sum<number>('notices.overdue').as('overdue'),
      ])
      .groupBy(['notices.unit_id', 'units.name'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(sql`sum(notices.overdue)`, 'desc')
      .orderBy('notices.unit_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      open: n(r.open),
      overdue: n(r.overdue),
    }));
  },

  /**
   * The period's counts from notice_daily_stats, per China-time day and in total: issued (for units,
   * without withdrawn notices, which they cannot see), signed and signed on time among those issued in
   * the period (withdrawn ones excluded), closed and closed on time (reported back by the deadline).
   */
  async periodStats(db: Q, s: DashboardScope, p: DashboardPeriod) {
    const rows = await db
      .selectFrom('notice_daily_stats')
      .where(statsInScope(s))
      .where('notice_daily_stats.day', '>=', p.fromDay)
      .where('notice_daily_stats.day', '<=', p.toDay)
      .select((eb) => [
        'notice_daily_stats.day',
        eb.fn.sum<number>('notice_daily_stats.issued').as('issued'),
        eb.fn.sum<number>('notice_daily_stats.withdrawn').as('withdrawn'),
        eb.fn.sum<number>('notice_daily_stats.signed').as('signed'),
        eb.fn.sum<number>('notice_daily_stats.signed_on_time').as('signedOnTime'),
        eb.fn.sum<number>('notice_daily_stats.closed').as('closed'),
        eb.fn.sum<number>('notice_daily_stats.closed_on_time').as('closedOnTime'),
      ])
      .groupBy('notice_daily_stats.day')
      .execute();
    const unit = isUnitRole(s.actor.role);
    const totals = { signed: 0, signedOnTime: 0, closed: 0, closedOnTime: 0 };
    const opened = new Map<string, number>();
    const closed = new Map<string, number>();
    for (const r of rows) {
      opened.set(r.day, n(r.issued) - (unit ? n(r.withdrawn) : 0));
      closed.set(r.day, n(r.closed));
      totals.signed += n(r.signed);
      totals.signedOnTime += n(r.signedOnTime);
      totals.closed += n(r.closed);
      totals.closedOnTime += n(r.closedOnTime);
    }
    return { totals, opened, closed };
  },

  /**
   * Notices issued in the period, still unsigned and past their signing deadline at `now`: late whatever
   * happens next, so decided for the signing rate. Time moves this count, not a transition, so it is live.
   * An unsigned notice that is not withdrawn is in state issued (sign is the only other way out), which
   * the open-notice index (state, region_path, ...) narrows to.
   */
  async unsignedPastDue(db: Q, s: DashboardScope, p: DashboardPeriod) {
    const row = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.state', '=', 'issued')
      .where('notices.signed_at', 'is', null)
      .where('notices.sign_due_at', '<', p.now)
      .where('notices.issued_at', '>=', p.from)
      .where('notices.issued_at', '<', p.to)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return n(row?.n);
  },

  async regionPath(db: Q, regionId: number): Promise<string | undefined> {
    const row = await db.selectFrom('regions').select('path').where('id', '=', regionId).executeTakeFirst();
    return row?.path;
  },
};
