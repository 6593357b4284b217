import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { MonitorRow, OutageRow, PageBaselineRow } from '../../platform/db/schema-monitoring.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type DueMonitor = Pick<MonitorRow, 'id' | 'host' | 'next_run_at' | 'interval_seconds'>;

/** SQL of runs, claims, baselines and outages. Claims are conditional updates: one winner per slot. */
export const monitorStateRepository = {
  async findDue(db: Q, now: string, limit: number): Promise<DueMonitor[]> {
    return db
      .selectFrom('monitors')
      .select(['id', 'host', 'next_run_at', 'interval_seconds'])
      .where('enabled', '=', 1)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('next_run_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** Runs in flight per host (claims whose lease has not run out). */
  async runningByHost(db: Q, now: string): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('monitors')
      .select(['host', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('claimed_until', '>', now)
      .groupBy('host')
      .execute();
    return new Map(rows.map((r) => [r.host, Number(r.n)]));
  },

  /**
   * Takes the slot `m.next_run_at` for one run; false when another scheduler took it first, or when the
   * host already has `perHost` runs in flight (re-checked here, as the caller's count may be stale).
   */
  async claimSlot(
    db: Q,
    m: DueMonitor,
    now: string,
    token: string,
    leaseUntil: string,
    nextRunAt: string,
    perHost: number,
  ) {
    if (m.next_run_at === null) return false;
    const r = await db
      .updateTable('monitors')
      .set({ claim_token: token, claimed_until: leaseUntil, next_run_at: nextRunAt })
      .where('id', '=', m.id)
      .where('enabled', '=', 1)
      .where('next_run_at', '=', m.next_run_at)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .where(
        sql<SqlBool>`(select count(*) from monitors busy where busy.host = ${m.host} and busy.claimed_until > ${now}) < ${perHost}`,
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** A run on demand: taken unless a run is in flight; the schedule is left as it is. */
  async claimNow(db: Q, id: number, now: string, token: string, leaseUntil: string) {
    const r = await db
      .updateTable('monitors')
      .set({ claim_token: token, claimed_until: leaseUntil })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Ends a run: writes its results and drops the claim, only if the claim is still this run's. */
  async release(db: Q, id: number, token: string, patch: Partial<Omit<MonitorRow, 'id'>>) {
    const r = await db
      .updateTable('monitors')
      .set({ ...patch, claim_token: null, claimed_until: null })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async insertRun(
    db: Q,
    row: {
      monitor_id: number;
      at: string;
      ok: number;
      status_code: number | null;
      latency_ms: number | null;
      findings_count: number;
      error_kind: string | null;
      trigger: string;
    },
  ): Promise<number> {
    const r = await db.insertInto('monitor_runs').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async addHourly(db: Q, monitorId: number, hour: string, up: boolean, latencyMs: number) {
    await db
      .insertInto('monitor_hourly')
      .values({ monitor_id: monitorId, hour, checks: 1, up: up ? 1 : 0, latency_sum: latencyMs })
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'hour']).doUpdateSet({
          checks: sql`monitor_hourly.checks + 1`,
          up: sql`monitor_hourly.up + ${up ? 1 : 0}`,
          latency_sum: sql`monitor_hourly.latency_sum + ${latencyMs}`,
        }),
      )
      .execute();
  },

  async runsBetween(db: Q, monitorId: number, from: string, to: string, limit: number) {
    return db
      .selectFrom('monitor_runs')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('at')
      .limit(limit)
      .execute();
  },

  async hourlyBetween(db: Q, monitorId: number, from: string, to: string) {
    return db
      .selectFrom('monitor_hourly')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('hour', '>=', from)
      .where('hour', '<=', to)
      .orderBy('hour')
      .execute();
  },

  /** Housekeeping: runs and hourly counters older than the retention. */
  async prune(db: Q, runsBefore: string, hourlyBefore: string) {
    const runs = await db.deleteFrom('monitor_runs').where('at', '<', runsBefore).executeTakeFirst();
    const hourly = await db.deleteFrom('monitor_hourly').where('hour', '<', hourlyBefore).executeTakeFirst();
    return { runs: Number(runs.numDeletedRows), hourly: Number(hourly.numDeletedRows) };
  },

  async baselines(db: Q, monitorId: number): Promise<PageBaselineRow[]> {
    return db
      .selectFrom('page_baselines')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .orderBy('id')
      .execute();
  },

  async baseline(db: Q, monitorId: number, pageUrl: string): Promise<PageBaselineRow | undefined> {
    return db
      .selectFrom('page_baselines')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('page_url', '=', pageUrl)
      .executeTakeFirst();
  },

  /** Stores the first baseline of a page; a concurrent first run that got there first wins. */
  async insertBaseline(db: Q, row: Omit<PageBaselineRow, 'id'>): Promise<void> {
    await db
      .insertInto('page_baselines')
      .values(row)
      .onConflict((oc) => oc.columns(['monitor_id', 'page_url']).doNothing())
      .execute();
  },

  async updateBaseline(db: Q, id: number, patch: Partial<Omit<PageBaselineRow, 'id'>>) {
    await db.updateTable('page_baselines').set(patch).where('id', '=', id).execute();
  },

  async openOutages(db: Q, monitorId: number): Promise<OutageRow[]> {
    return db
      .selectFrom('outages')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('resolved_at', 'is', null)
      .orderBy('id')
      .execute();
  },

  async insertOutage(db: Q, row: Omit<OutageRow, 'id'>): Promise<number> {
    const r = await db.insertInto('outages').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async updateOutage(db: Q, id: number, patch: Partial<Omit<OutageRow, 'id'>>) {
    await db.updateTable('outages').set(patch).where('id', '=', id).execute();
  },

  /** Declared outages (confirmed), newest first. */
  async recentOutages(db: Q, monitorId: number, limit: number): Promise<OutageRow[]> {
    return db
      .selectFrom('outages')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('confirmed_at', 'is not', null)
      .orderBy('first_seen_at', 'desc')
      .limit(limit)
      .execute();
  },

  async openMonitoringFindings(db: Q, assetId: number) {
    return db
      .selectFrom('findings')
      .select([
        'id',
        'dedup_key',
        'detector',
        'page_url',
        'severity',
        'title',
        'first_seen_at',
        'last_seen_at',
        'is_homepage',
        'notice_id',
      ])
      .where('asset_id', '=', assetId)
      .where('status', '=', 'open')
      .where('source', '=', 'monitoring')
      .orderBy('id')
      .execute();
  },
};
