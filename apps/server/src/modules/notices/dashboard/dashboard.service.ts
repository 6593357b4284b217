import type { Locale } from '@shouwang/common';
import { dateToDay, dayNumberOf, dayToDate, startOfDay } from '@shouwang/common/calendar/index';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { type DashboardScope, dashboardRepository as repo } from './dashboard.repository.ts';
import { dashboardText } from './dashboard-text.ts';

/** The longest period the dashboard aggregates over, in days. */
export const DASHBOARD_MAX_DAYS = 366;
export const DASHBOARD_DEFAULT_DAYS = 30;

export interface DashboardQuery {
  regionId?: number;
  /** First and last China-time day of the period, 'YYYY-MM-DD', both included. */
  from?: string;
  to?: string;
  /** How many units to list. */
  top?: number;
}

export interface NoticeDashboard {
  from: string;
  to: string;
  open: number;
  overdue: number;
  bySeverity: { I: number; II: number; III: number; IV: number };
  byUnit: { unitId: number; unitName: string; open: number; overdue: number }[];
  onTimeSigningRate: number | null;
  onTimeRectificationRate: number | null;
  trend: { date: string; opened: number; closed: number }[];
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/**
 * The notice dashboard (DOMAIN.md KPIs), aggregated in SQL over the caller's jurisdiction:
 * - open / overdue / bySeverity / byUnit: notices open now; overdue is the flag the overdue sweep sets.
 * - on-time signing = signed by the sign deadline / issued in the period (those still inside their
 *   signing window and unsigned are undecided and left out of both).
 * - on-time rectification = closed in the period on time / (closed in the period + open and already
 *   overdue, issued before the period ended) — not / closed, which would read 100% while late work stays
 *   open. "On time" is the core's signed_on_time / rectified_on_time flag (reported back by the
 *   deadline), or the same comparison of timestamps where the flag is missing.
 * Rates are 0..1, or null when the denominator is 0. The period counts come from notice_daily_stats,
 * which every transition keeps up to date; what "now" decides (open, overdue, unsigned past the signing
 * deadline) is counted live from the notices.
 */
export function createNoticeDashboardService(db: Kysely<Database>, now: () => Date) {
  function period(q: DashboardQuery, locale: Locale) {
    const t = dashboardText(locale);
    const today = dayNumberOf(now());
    const parse = (field: 'from' | 'to', value: string | undefined) => {
      if (value === undefined) return undefined;
      const day = dateToDay(value);
      if (day === null) throw AppError.invalid([{ field, message: t.notADate }]);
      return day;
    };
    const toDay = parse('to', q.to) ?? today;
    const fromDay = parse('from', q.from) ?? toDay - (DASHBOARD_DEFAULT_DAYS - 1);
    if (fromDay > toDay) throw AppError.invalid([{ field: 'from', message: t.fromAfterTo }]);
    if (toDay - fromDay + 1 > DASHBOARD_MAX_DAYS) {
      throw AppError.invalid([{ field: 'from', message: t.tooLong(DASHBOARD_MAX_DAYS) }]);
    }
    return { fromDay, toDay };
  }

  async function scopeOf(actor: Actor, regionId: number | undefined): Promise<DashboardScope> {
    if (regionId === undefined) return { actor };
    const path = await repo.regionPath(db, regionId);
    // A region outside the caller's jurisdiction is not visible: 404, as for any resource.
    if (!path?.startsWith(actor.regionPath)) throw AppError.notFound();
    return { actor, regionPath: path };
  }

  return {
    async get(actor: Actor, q: DashboardQuery, locale: Locale): Promise<NoticeDashboard> {
      const { fromDay, toDay } = period(q, locale);
      const scope = await scopeOf(actor, q.regionId);
      const p = {
        fromDay: dayToDate(fromDay),
        toDay: dayToDate(toDay),
        from: new Date(startOfDay(fromDay)).toISOString(),
        to: new Date(startOfDay(toDay + 1)).toISOString(),
        now: now().toISOString(),
      };
      const [open, byUnit, stats, unsignedPastDue] = await Promise.all([
        repo.openBySeverity(db, scope),
        repo.topUnits(db, scope, q.top ?? 10),
        repo.periodStats(db, scope, p),
        repo.unsignedPastDue(db, scope, p),
      ]);
      // Every notice was issued by now, so for a period that runs into the future (the usual one, ending
      // today) the open overdue notices issued before its end are all of them: no second look needed.
      const overdueBefore = p.to > p.now ? open.overdue : await repo.overdueIssuedBefore(db, scope, p.to);
      const days = [];
      for (let d = fromDay; d <= toDay; d++) {
        const date = dayToDate(d);
        days.push({ date, opened: stats.opened.get(date) ?? 0, closed: stats.closed.get(date) ?? 0 });
      }
      return {
        from: p.fromDay,
        to: p.toDay,
        open: open.open,
        overdue: open.overdue,
        bySeverity: open.bySeverity,
        byUnit,
        onTimeSigningRate: ratio(stats.totals.signedOnTime, stats.totals.signed + unsignedPastDue),
        onTimeRectificationRate: ratio(stats.totals.closedOnTime, stats.totals.closed + overdueBefore),
        trend: days,
      };
    },
  };
}

export type NoticeDashboardService = ReturnType<typeof createNoticeDashboardService>;
