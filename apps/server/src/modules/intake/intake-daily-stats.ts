import { dayNumberOf, dayToDate } from '@shouwang/common/calendar/index';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { INTAKE_DAILY_COUNTS } from '../../platform/db/migrations/2026-11-23T1745-intake-daily-stats.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { IntakeCaseTable } from '../../platform/db/schema-intake.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The columns of a case its daily stats are computed from. */
export type DailySource = Pick<
  Selectable<IntakeCaseTable>,
  | 'unit_id'
  | 'region_path'
  | 'dispatched_at'
  | 'signed_on_time'
  | 'reassign_count'
  | 'return_count'
  | 'rehandle_count'
  | 'replied_at'
  | 'completed_on_time'
  | 'followed_up_at'
  | 'contact_phone'
  | 'rated_at'
  | 'rating'
>;

/** Every column a DailySource needs, for selects and RETURNING clauses. */
export const DAILY_SOURCE_COLUMNS = [
  'unit_id',
  'region_path',
  'dispatched_at',
  'signed_on_time',
  'reassign_count',
  'return_count',
  'rehandle_count',
  'replied_at',
  'completed_on_time',
  'followed_up_at',
  'contact_phone',
  'rated_at',
  'rating',
] as const satisfies readonly (keyof DailySource)[];

export type DailyCount = (typeof INTAKE_DAILY_COUNTS)[number];
export type DailyCounts = Record<DailyCount, number>;
export { INTAKE_DAILY_COUNTS };

export const zeroCounts = (): DailyCounts =>
  Object.fromEntries(INTAKE_DAILY_COUNTS.map((k) => [k, 0])) as DailyCounts;

/** The China-time day of an ISO UTC instant, 'YYYY-MM-DD' (platform/db/china-day.ts computes it in SQL). */
export const chinaDayOf = (iso: string) => dayToDate(dayNumberOf(new Date(iso)));

const bit = (b: boolean) => (b ? 1 : 0);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What one case adds to its unit's stats, per (region path, day). The rule of the migration's backfill
 * (2026-11-23T1745-intake-daily-stats) and of the dashboard's live queries, which these must always equal.
 */
export function dailyContribution(c: DailySource): Map<string, DailyCounts> {
  const out = new Map<string, DailyCounts>();
  if (c.unit_id === null) return out;
  const at = (iso: string) => {
    const day = chinaDayOf(iso);
    const counts = out.get(day) ?? zeroCounts();
    out.set(day, counts);
    return counts;
  };
  if (c.dispatched_at !== null) {
    const d = at(c.dispatched_at);
    d.dispatched += 1;
    d.signed += bit(c.signed_on_time !== null);
    d.signed_on_time += bit(c.signed_on_time === 1);
    d.reassigned += bit(c.reassign_count > 0);
    d.returned += bit(c.return_count > 0);
    d.rehandled += bit(c.rehandle_count > 0);
  }
  if (c.replied_at !== null && c.completed_on_time !== null) {
    const d = at(c.replied_at);
    const anonymous = c.contact_phone === null;
    d.completed += 1;
    d.completed_on_time += bit(c.completed_on_time === 1);
    d.followed_up += bit(c.followed_up_at !== null && !anonymous);
    d.completed_anonymous += bit(anonymous);
    d.followed_up_anonymous += bit(c.followed_up_at !== null && anonymous);
  }
  if (c.rated_at !== null && c.rating !== null) {
    const d = at(c.rated_at);
    d.satisfied += bit(c.rating === 'satisfied');
    d.basically_satisfied += bit(c.rating === 'basically_satisfied');
    d.dissatisfied += bit(c.rating === 'dissatisfied');
  }
  return out;
}

export interface DailyDelta {
  unitId: number;
  regionPath: string;
  day: string;
  d: DailyCounts;
}

/** The non-zero changes a case going from `before` to `after` makes, per unit, region and day. */
export function dailyDelta(before: DailySource | null, after: DailySource): DailyDelta[] {
  const acc = new Map<string, DailyDelta>();
  const add = (c: DailySource | null, sign: 1 | -1) => {
    if (!c || c.unit_id === null) return;
    for (const [day, counts] of dailyContribution(c)) {
      const key = `${c.unit_id}\u0000${c.region_path}\u0000${day}`;
      const entry = acc.get(key) ?? { unitId: c.unit_id, regionPath: c.region_path, day, d: zeroCounts() };
      acc.set(key, entry);
      for (const k of INTAKE_DAILY_COUNTS) entry.d[k] += sign * counts[k];
    }
  };
  add(after, 1);
  add(before, -1);
  return [...acc.values()]
    .filter((e) => INTAKE_DAILY_COUNTS.some((k) => e.d[k] !== 0))
    .sort((a, b) => a.unitId - b.unitId || compare(a.day, b.day) || compare(a.regionPath, b.regionPath));
}

export const intakeDailyStats = {
  /**
   * Applies a case's change to intake_daily_stats with +/- upserts. Call it in the transaction that writes
   * the change, with the row as it was and as it is written, so the table always equals a recomputation
   * from the cases. Rows are touched in (unit, day, region) order, so two transactions never wait on each other
   * in opposite orders.
   */
  async applyChange(db: Q, before: DailySource | null, after: DailySource): Promise<void> {
    for (const { unitId, regionPath, day, d } of dailyDelta(before, after)) {
      await db
        .insertInto('intake_daily_stats')
        .values({ unit_id: unitId, region_path: regionPath, day, ...d })
        .onConflict((oc) =>
          oc
            .columns(['unit_id', 'region_path', 'day'])
            .doUpdateSet((eb) =>
              Object.fromEntries(
                INTAKE_DAILY_COUNTS.map((k) => [
                  k,
                  eb(eb.ref(`intake_daily_stats.${k}`), '+', eb.ref(`excluded.${k}`)),
                ]),
              ),
            ),
        )
        .execute();
    }
  },
};
