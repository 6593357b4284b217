import { OPEN_NOTICE_STATES, SEVERITIES, type Severity } from '@shouwang/common';
import { type ExpressionBuilder, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect.ts';
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

/** A half-open period [from, to) of ISO instants, and "now" for deadlines that have passed. */
export interface DashboardPeriod {
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

/** The China-time calendar day of an ISO UTC timestamp column, as 'YYYY-MM-DD', in SQL. */
function chinaDay(db: Q, column: 'issued_at' | 'closed_at'): RawBuilder<string> {
  const ref = sql.ref(`notices.${column}`);
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char(cast(${ref} as timestamptz) at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`date(${ref}, '+8 hours')`;
}

const n = (v: unknown) => Number(v ?? 0);
const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);
const OPEN = [...OPEN_NOTICE_STATES];

/**
 * On time as the core recorded it at signing / closing (signed_on_time, rectified_on_time), falling back
 * to the same comparison of timestamps for rows written without the flag: signed (reported back) by the
 * deadline, or with no deadline at all.
 */
const SIGNED_ON_TIME = sql<number>`case when coalesce(notices.signed_on_time, case when notices.signed_at is not null
  and (notices.sign_due_at is null or notices.signed_at <= notices.sign_due_at) then 1 else 0 end) = 1 then 1 else 0 end`;
const RECTIFIED_ON_TIME = sql<number>`case when coalesce(notices.rectified_on_time, case when notices.reported_at is not null
  and (notices.rectify_due_at is null or notices.reported_at <= notices.rectify_due_at) then 1 else 0 end) = 1 then 1 else 0 end`;

export const dashboardRepository = {
  /** Open notices now: counts by severity, overdue among them, and those overdue that were issued before `to`. */
  async openBySeverity(db: Q, s: DashboardScope, to: string) {
    const rows = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.state', 'in', OPEN)
      .select([
        'notices.severity',
        (eb) => eb.fn.countAll<number>().as('open'),
        (eb) => eb.fn.sum<number>('notices.overdue').as('overdue'),
        sql<number>`sum(case when notices.overdue = 1 and notices.issued_at < ${to} then 1 else 0 end)`.as(
          'overdueBefore',
        ),
      ])
      .groupBy('notices.severity')
      .execute();
    const bySeverity: Record<Severity, number> = { I: 0, II: 0, III: 0, IV: 0 };
    let open = 0;
    let overdue = 0;
    let overdueBefore = 0;
    for (const r of rows) {
      if (isSeverity(r.severity)) bySeverity[r.severity] = n(r.open);
      open += n(r.open);
      overdue += n(r.overdue);
      overdueBefore += n(r.overdueBefore);
    }
    return { open, overdue, overdueBefore, bySeverity };
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
   * Notices issued (dispatched) in the period: how many were signed on time, and how many are decided —
   * signed, or past their signing deadline unsigned. One still inside its signing window is not yet
   * late or on time, so it counts in neither. Withdrawn notices were never the unit's to sign.
   */
  async signing(db: Q, s: DashboardScope, p: DashboardPeriod) {
    const row = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.issued_at', '>=', p.from)
      .where('notices.issued_at', '<', p.to)
      .where('notices.state', '<>', 'withdrawn')
      .select([
        sql<number>`sum(${SIGNED_ON_TIME})`.as('onTime'),
        sql<number>`sum(case when notices.signed_at is not null or notices.sign_due_at < ${p.now} then 1 else 0 end)`.as(
          'decided',
        ),
      ])
      .executeTakeFirst();
    return { onTime: n(row?.onTime), decided: n(row?.decided) };
  },

  /** Notices closed in the period, and how many of them the unit rectified (reported back) on time. */
  async closings(db: Q, s: DashboardScope, p: DashboardPeriod) {
    const row = await db
      .selectFrom('notices')
      .where(inScope(s))
      .where('notices.state', '=', 'closed')
      .where('notices.closed_at', '>=', p.from)
      .where('notices.closed_at', '<', p.to)
      .select([
        (eb) => eb.fn.countAll<number>().as('closed'),
        sql<number>`sum(${RECTIFIED_ON_TIME})`.as('onTime'),
      ])
      .executeTakeFirst();
    return { closed: n(row?.closed), onTime: n(row?.onTime) };
  },

  /** Per China-time day of the period: notices issued and notices closed (only days with any). */
  async trend(db: Q, s: DashboardScope, p: DashboardPeriod) {
    const perDay = (column: 'issued_at' | 'closed_at') => {
      const day = chinaDay(db, column);
      return db
        .selectFrom('notices')
        .where(inScope(s))
        .where(`notices.${column}`, '>=', p.from)
        .where(`notices.${column}`, '<', p.to)
        .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(day)
        .execute();
    };
    const [opened, closed] = await Promise.all([perDay('issued_at'), perDay('closed_at')]);
    return {
      opened: new Map(opened.map((r) => [r.day, n(r.n)])),
      closed: new Map(closed.map((r) => [r.day, n(r.n)])),
    };
  },

  async regionPath(db: Q, regionId: number): Promise<string | undefined> {
    const row = await db.selectFrom('regions').select('path').where('id', '=', regionId).executeTakeFirst();
    return row?.path;
  },
};
