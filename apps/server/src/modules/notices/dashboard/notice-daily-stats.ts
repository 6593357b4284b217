import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { NoticeTable } from '../../../platform/db/schema-notices.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The columns of a notice the daily stats are computed from. */
export type StatsSource = Pick<
  NoticeTable,
  | 'unit_id'
  | 'region_path'
  | 'state'
  | 'issued_at'
  | 'signed_at'
  | 'sign_due_at'
  | 'signed_on_time'
  | 'reported_at'
  | 'rectify_due_at'
  | 'rectified_on_time'
  | 'closed_at'
>;

export const STATS_COUNTS = [
  'issued',
  'withdrawn',
  'signed',
  'signed_on_time',
  'closed',
  'closed_on_time',
] as const;
export type StatsCounts = Record<(typeof STATS_COUNTS)[number], number>;

const HOUR_MS = 3_600_000;
const zero = (): StatsCounts => ({
  issued: 0,
  withdrawn: 0,
  signed: 0,
  signed_on_time: 0,
  closed: 0,
  closed_on_time: 0,
});

/** The China-time day of an ISO UTC instant, 'YYYY-MM-DD' (as platform/db/china-day.ts computes in SQL). */
export function chinaDayOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * HOUR_MS).toISOString().slice(0, 10);
}

// On time as recorded at signing / closing, else the same comparison of timestamps: the rule of the
// migration's backfill (2026-11-21T1720-notice-daily-stats), which these must always agree with.
const signedOnTime = (n: StatsSource) =>
  (n.signed_on_time ??
    (n.signed_at !== null && (n.sign_due_at === null || n.signed_at <= n.sign_due_at) ? 1 : 0)) === 1
    ? 1
    : 0;
const closedOnTime = (n: StatsSource) =>
  (n.rectified_on_time ??
    (n.reported_at !== null && (n.rectify_due_at === null || n.reported_at <= n.rectify_due_at) ? 1 : 0)) ===
  1
    ? 1
    : 0;

/** What one notice adds to the daily stats, per day (issue day, close day). */
export function statsContribution(n: StatsSource): Map<string, StatsCounts> {
  const out = new Map<string, StatsCounts>();
  const at = (day: string) => {
    const c = out.get(day) ?? zero();
    out.set(day, c);
    return c;
  };
  if (n.issued_at !== null) {
    const c = at(chinaDayOf(n.issued_at));
    c.issued += 1;
    if (n.state === 'withdrawn') c.withdrawn += 1;
    else {
      if (n.signed_at !== null) c.signed += 1;
      c.signed_on_time += signedOnTime(n);
    }
  }
  if (n.state === 'closed' && n.closed_at !== null) {
    const c = at(chinaDayOf(n.closed_at));
    c.closed += 1;
    c.closed_on_time += closedOnTime(n);
  }
  return out;
}

/** The per-day changes a notice going from `before` to `after` makes to its unit's stats (non-zero only). */
export function statsDelta(
  before: StatsSource | null,
  after: StatsSource,
): Array<{ day: string; d: StatsCounts }> {
  const plus = statsContribution(after);
  const minus = before ? statsContribution(before) : new Map<string, StatsCounts>();
  const days = new Set([...plus.keys(), ...minus.keys()]);
  const out: Array<{ day: string; d: StatsCounts }> = [];
  for (const day of [...days].sort()) {
    const d = zero();
    for (const k of STATS_COUNTS) d[k] = (plus.get(day)?.[k] ?? 0) - (minus.get(day)?.[k] ?? 0);
    if (STATS_COUNTS.some((k) => d[k] !== 0)) out.push({ day, d });
  }
  return out;
}

export const noticeDailyStats = {
  /**
   * Applies a notice's change to notice_daily_stats with +/- upserts. Call it in the transaction that
   * writes the change, so the table always equals a recomputation from the notices. The unit and region
   * of a notice do not change after it is issued.
   */
  async applyChange(db: Q, before: StatsSource | null, after: StatsSource): Promise<void> {
    for (const { day, d } of statsDelta(before, after)) {
      await db
        .insertInto('notice_daily_stats')
        .values({ unit_id: after.unit_id, region_path: after.region_path, day, ...d })
        .onConflict((oc) =>
          oc.columns(['unit_id', 'day']).doUpdateSet((eb) => ({
            issued: eb('notice_daily_stats.issued', '+', eb.ref('excluded.issued')),
            withdrawn: eb('notice_daily_stats.withdrawn', '+', eb.ref('excluded.withdrawn')),
            signed: eb('notice_daily_stats.signed', '+', eb.ref('excluded.signed')),
            signed_on_time: eb('notice_daily_stats.signed_on_time', '+', eb.ref('excluded.signed_on_time')),
            closed: eb('notice_daily_stats.closed', '+', eb.ref('excluded.closed')),
            closed_on_time: eb('notice_daily_stats.closed_on_time', '+', eb.ref('excluded.closed_on_time')),
          })),
        )
        .execute();
    }
  },
};
