import { PassThrough, type Readable } from 'node:stream';
import type { Locale } from '@shouwang/common';
import { dateToDay, dayNumberOf, dayToDate, startOfDay } from '@shouwang/common/calendar/index';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import {
  type BacklogRow,
  type DashboardScope,
  KpiRows,
  intakeDashboardRepository as repo,
  type UnitKpiRow,
  ZERO_KPIS,
} from './intake-dashboard.repository.ts';
import { writeDashboardXlsx } from './intake-dashboard-sheet.ts';

export const INTAKE_DASHBOARD_MAX_DAYS = 366;
export const INTAKE_DASHBOARD_DEFAULT_DAYS = 30;

export interface IntakeDashboardQuery {
  regionId?: number;
  from?: string;
  to?: string;
  /** How many units the backlog and KPI tables list (most backlog first). */
  top?: number;
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/** Each KPI of a unit or of the whole scope, from its counts (DOMAIN.md "KPIs"). */
export function kpisOf(c: Omit<UnitKpiRow, 'unitId'>) {
  const ratings = c.satisfied + c.basicallySatisfied + c.dissatisfied;
  return {
    ...c,
    // Signed by the sign deadline / dispatched (undecided: unsigned and still inside the window).
    onTimeSigningRate: ratio(c.signedOnTime, c.dispatched - c.undecidedSigning),
    // Completed on time / (completed + open and already overdue) — not / completed.
    onTimeCompletionRate: ratio(c.completedOnTime, c.completed + c.openOverdue),
    // Followed up / completed, over cases with a phone to call; anonymous ones counted apart.
    followUpRate: ratio(c.followedUp, c.completed - c.completedAnonymous),
    // (satisfied + basically satisfied) / valid ratings.
    satisfactionRate: ratio(c.satisfied + c.basicallySatisfied, ratings),
    ratings,
    reassignRate: ratio(c.reassigned, c.dispatched),
    returnRate: ratio(c.returned, c.dispatched),
  };
}

function sum(rows: UnitKpiRow[]): Omit<UnitKpiRow, 'unitId'> {
  const total: Omit<UnitKpiRow, 'unitId'> = { ...ZERO_KPIS };
  for (const r of rows) {
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  }
  return total;
}

/**
 * The 清零 dashboard: the backlog by unit and age (live), and the period KPIs per unit and overall, over
 * the caller's jurisdiction (office roles) or their own unit's cases (unit roles); XLSX export of both.
 */
export function createIntakeDashboardService(db: Db, now: () => Date) {
  function period(q: IntakeDashboardQuery, locale: Locale) {
    const today = dayNumberOf(now());
    const parse = (field: 'from' | 'to', value: string | undefined) => {
      if (value === undefined) return undefined;
      const day = dateToDay(value);
      if (day === null) throw intakeFieldInvalid(locale, field, 'not_a_date');
      return day;
    };
    const toDay = parse('to', q.to) ?? today;
    const fromDay = parse('from', q.from) ?? toDay - (INTAKE_DASHBOARD_DEFAULT_DAYS - 1);
    if (fromDay > toDay) throw intakeFieldInvalid(locale, 'from', 'from_after_to');
    if (toDay - fromDay + 1 > INTAKE_DASHBOARD_MAX_DAYS)
      throw intakeFieldInvalid(locale, 'from', 'period_too_long', { max: INTAKE_DASHBOARD_MAX_DAYS });
    return { fromDay, toDay };
  }

  async function scopeOf(actor: Actor, regionId: number | undefined): Promise<DashboardScope> {
    if (regionId === undefined) return { actor };
    const path = await repo.regionPath(db, regionId);
    if (!path?.startsWith(actor.regionPath)) throw AppError.notFound();
    return { actor, regionPath: path };
  }

  /**
   * The period's KPI counts per unit: whole past days from intake_daily_stats (kept by the workflow in
   * each change's transaction), today from the cases, and the two counts that depend on the time
   * (undecided signing, open and overdue) live. Equal to repo.unitKpis over the period.
   */
  async function periodKpis(
    scope: DashboardScope,
    fromDay: number,
    toDay: number,
    p: { from: string; to: string; now: string },
    today: number,
  ): Promise<UnitKpiRow[]> {
    const lastWholeDay = Math.min(toDay, today - 1);
    const liveFrom = Math.max(fromDay, today);
    const parts = await Promise.all([
      fromDay <= lastWholeDay ? repo.dailyCounts(db, scope, dayToDate(fromDay), dayToDate(lastWholeDay)) : [],
      liveFrom <= toDay
        ? repo.periodCounts(db, scope, { from: new Date(startOfDay(liveFrom)).toISOString(), to: p.to })
        : [],
      repo.undecidedSigning(db, scope, p),
      repo.openOverdue(db, scope, p),
    ]);
    const rows = new KpiRows();
    for (const part of parts) rows.add(part);
    return rows.list();
  }

  async function build(actor: Actor, q: IntakeDashboardQuery, locale: Locale, all: boolean) {
    const { fromDay, toDay } = period(q, locale);
    const scope = await scopeOf(actor, q.regionId);
    const at = now();
    const today = dayNumberOf(at);
    const edge = (days: number) => new Date(startOfDay(today - days + 1)).toISOString();
    const p = {
      from: new Date(startOfDay(fromDay)).toISOString(),
      to: new Date(startOfDay(toDay + 1)).toISOString(),
      now: at.toISOString(),
    };
    // Age in calendar days since dispatch, counted in China time: today and the 3 days before are "0–3".
    const [backlog, kpiRows] = await Promise.all([
      repo.backlog(db, scope, { d3: edge(4), d7: edge(8), d15: edge(16), d30: edge(31) }),
      periodKpis(scope, fromDay, toDay, p, today),
    ]);
    const totals = backlog.reduce(
      (t, r) => {
        t.total += r.total;
        t.overdue += r.overdue;
        t.supervised += r.supervised;
        t.byAge.d0_3 += r.d0_3;
        t.byAge.d4_7 += r.d4_7;
        t.byAge.d8_15 += r.d8_15;
        t.byAge.d16_30 += r.d16_30;
        t.byAge.d31_plus += r.d31_plus;
        return t;
      },
      { total: 0, overdue: 0, supervised: 0, byAge: { d0_3: 0, d4_7: 0, d8_15: 0, d16_30: 0, d31_plus: 0 } },
    );
    const top = all ? Number.POSITIVE_INFINITY : (q.top ?? 20);
    const ordered = [...backlog].sort(
      (a, b) => b.total - a.total || b.overdue - a.overdue || a.unitId - b.unitId,
    );
    const backlogUnits: BacklogRow[] = ordered.slice(0, top);
    const kpiUnits = [...kpiRows]
      .sort((a, b) => b.dispatched - a.dispatched || a.unitId - b.unitId)
      .slice(0, top);
    const names = await repo.unitNames(db, [
      ...new Set([...backlogUnits.map((r) => r.unitId), ...kpiUnits.map((r) => r.unitId)]),
    ]);
    return {
      from: dayToDate(fromDay),
      to: dayToDate(toDay),
      backlog: {
        ...totals,
        units: backlog.length,
        byUnit: backlogUnits.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? String(r.unitId) })),
      },
      kpis: kpisOf(sum(kpiRows)),
      kpisByUnit: kpiUnits.map((r) => ({
        unitId: r.unitId,
        unitName: names.get(r.unitId) ?? String(r.unitId),
        ...kpisOf(r),
      })),
    };
  }

  return {
    get: (actor: Actor, q: IntakeDashboardQuery, locale: Locale) => build(actor, q, locale, false),

    /** Both tables for every unit in scope as an XLSX workbook (audited). */
    async exportXlsx(actor: Actor, q: IntakeDashboardQuery, locale: Locale): Promise<Readable> {
      const data = await build(actor, q, locale, true);
      await db.transaction().execute((trx) =>
        appendAudit(trx, actor, {
          action: 'intake.dashboard_export',
          resourceType: 'intake_case',
          regionPath: actor.regionPath,
          after: { from: data.from, to: data.to, regionId: q.regionId ?? null },
        }),
      );
      const out = new PassThrough();
      writeDashboardXlsx(out, locale, data).catch((err: unknown) => {
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return out;
    },
  };
}

export type IntakeDashboardService = ReturnType<typeof createIntakeDashboardService>;
export type IntakeDashboard = Awaited<ReturnType<IntakeDashboardService['get']>>;
