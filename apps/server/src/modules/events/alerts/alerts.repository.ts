import { isUnitRole } from '@shouwang/common';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import { inRegionSubtree } from '../../../platform/db/region-path.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type {
  AlertSampleTable,
  AlertSuppressionTable,
  AlertTable,
} from '../../../platform/db/schema-alerts.ts';
import type { Actor } from '../../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** An open alert a batch of detections may join. */
export interface OpenAlert {
  id: number;
  count: number;
  last_seen_at: string;
  window_ends_at: string;
}

/** What a batch adds to one open alert. */
export interface AlertJoin {
  id: number;
  n: number;
  /** The latest detection's matched fields (JSON), or null to keep the alert's (a late detection). */
  matchedFields: string | null;
  /** Earliest and latest event times of the batch's detections for it (ISO). */
  firstSeen: string;
  lastSeen: string;
}

/** Alerts are the office's working material: office roles see their subtree, units see none. */
export function alertVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'alerts'>) =>
    isUnitRole(actor.role) ? eb.val(false) : inRegionSubtree('alerts.region_path', actor.regionPath);
}

export function suppressionVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'alert_suppressions'>) =>
    isUnitRole(actor.role)
      ? eb.val(false)
      : inRegionSubtree('alert_suppressions.region_path', actor.regionPath);
}

export interface AlertFilter {
  state?: string;
  level?: string;
  ruleKey?: string;
  unitId?: number;
  q?: string;
  from?: string;
  to?: string;
  /** latest (default): last seen first; severity: I before IV, CII first within a severity, then latest. */
  sort?: 'latest' | 'severity';
  limit: number;
  offset: number;
}

function alertSelect(db: Q) {
  return db
    .selectFrom('alerts')
    .leftJoin('units as u', 'u.id', 'alerts.unit_id')
    .leftJoin('assets as a', 'a.id', 'alerts.asset_id')
    .selectAll('alerts')
    .select(['u.name as unit_name', 'a.name as asset_name']);
}

export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertSelect>['executeTakeFirstOrThrow']>>;

function filtered(db: Q, actor: Actor, f: Omit<AlertFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('alerts').where(alertVisibleTo(actor));
  if (f.state) q = q.where('alerts.state', '=', f.state);
  if (f.level) q = q.where('alerts.level', '=', f.level);
  if (f.ruleKey) q = q.where('alerts.rule_key', '=', f.ruleKey);
  if (f.unitId !== undefined) q = q.where('alerts.unit_id', '=', f.unitId);
  if (f.from) q = q.where('alerts.last_seen_at', '>=', f.from);
  if (f.to) q = q.where('alerts.first_seen_at', '<', f.to);
  if (f.q) {
    const like = `%${f.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['alerts.title']), 'like', like),
        eb(eb.fn('lower', ['alerts.group_key']), 'like', like),
        eb(eb.fn('lower', ['alerts.rule_key']), 'like', like),
      ]),
    );
  }
  return q;
}

/**
 * The related alerts of one alert: both branches of the OR are index lookups (alerts_key_idx and
 * alerts_group_key_idx), so the cost does not grow with the jurisdiction's alerts.
 */
export function relatedQuery(
  db: Q,
  actor: Actor,
  a: Pick<AlertTable, 'alert_key' | 'group_key' | 'asset_id' | 'unit_id'> & { id: number },
) {
  return alertSelect(db)
    .where(alertVisibleTo(actor))
    .where('alerts.id', '<>', a.id)
    .where((eb) =>
      eb.or([
        eb('alerts.alert_key', '=', a.alert_key),
        a.group_key === ''
          ? eb.val(false)
          : eb.and([
              eb('alerts.group_key', '=', a.group_key),
              a.asset_id === null
                ? eb('alerts.unit_id', '=', a.unit_id ?? -1)
                : eb('alerts.asset_id', '=', a.asset_id),
            ]),
      ]),
    )
    .orderBy('alerts.last_seen_at', 'desc')
    .limit(20);
}

export const alertsRepository = {
  // --- recording (inside the ingest transaction) ---
  activeSuppressions(db: Q, at: string) {
    return db
      .selectFrom('alert_suppressions')
      .selectAll()
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .orderBy('id')
      .execute();
  },
  async unitsOf(db: Q, ids: number[]) {
    if (ids.length === 0) return new Map<number, { path: string; is_cii: number }>();
    const rows = await db
      .selectFrom('units')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select(['units.id', 'r.path', 'units.is_cii'])
      .where('units.id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, { path: r.path, is_cii: r.is_cii }]));
  },
  async assetsOf(db: Q, ids: number[]) {
    if (ids.length === 0) return new Map<number, { is_cii: number; mlps_level: number | null }>();
    const rows = await db
      .selectFrom('assets')
      .select(['id', 'is_cii', 'mlps_level'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, { is_cii: r.is_cii, mlps_level: r.mlps_level }]));
  },
  async rootPath(db: Q): Promise<string> {
    const r = await db
      .selectFrom('regions')
      .select('path')
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    return r?.path ?? '/';
  },
  /**
   * The open alerts (state new or acknowledged) of each key whose window ends after `after` (the earliest
   * event time of a batch), oldest first.
   */
  async openAlertsForKeys(db: Q, keys: readonly string[], after: string) {
    const out = new Map<string, OpenAlert[]>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db
        .selectFrom('alerts')
        .select(['id', 'count', 'alert_key', 'last_seen_at', 'window_ends_at'])
        .where('alert_key', 'in', keys.slice(i, i + 500))
        .where('window_ends_at', '>', after)
        .where('state', 'in', ['new', 'acknowledged'])
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.alert_key);
        const open = {
          id: r.id,
          count: r.count,
          last_seen_at: r.last_seen_at,
          window_ends_at: r.window_ends_at,
        };
        if (list) list.push(open);
        else out.set(r.alert_key, [open]);
      }
    }
    return out;
  },
  /** Inserts alerts 100 rows a statement; answers their ids in the order of `rows`. */
  async insertAlerts(db: Q, rows: readonly Insertable<AlertTable>[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const inserted = await db
        .insertInto('alerts')
        .values(chunk)
        .returning(['id', 'alert_key', 'window_ends_at'])
        .execute();
      // RETURNING's row order is not promised: match rows back by key and window end (ids ascending
      // within equal pairs, as both databases number one statement's rows in order).
      const byRow = new Map<string, number[]>();
      for (const r of [...inserted].sort((a, b) => a.id - b.id)) {
        const k = `${r.alert_key}\u0000${r.window_ends_at}`;
        byRow.set(k, [...(byRow.get(k) ?? []), r.id]);
      }
      for (const row of chunk) {
        const id = byRow.get(`${row.alert_key}\u0000${row.window_ends_at}`)?.shift();
        if (id === undefined) throw new Error('insertAlerts: an inserted alert was not returned');
        ids.push(id);
      }
    }
    return ids;
  },
  async insertSamples(db: Q, rows: readonly Insertable<AlertSampleTable>[]) {
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('alert_samples')
        .values(rows.slice(i, i + 200))
        .execute();
  },
  /**
   * Adds detections to open alerts, 200 alerts a statement: each gets its own count increment, latest
   * matched fields and widened first/last seen times (CASE on the id, which both databases run the same
   * way; times are ISO text, so they compare as text).
   */
  async joinMany(db: Q, joins: readonly AlertJoin[], at: string) {
    for (let i = 0; i < joins.length; i += 200) {
      const chunk = joins.slice(i, i + 200);
      const cases = (f: (j: AlertJoin) => RawBuilder<unknown>, of: readonly AlertJoin[] = chunk) =>
        sql.join(
          of.map((j) => sql`when ${j.id} then ${f(j)}`),
          sql` `,
        );
      const withFields = chunk.filter((j) => j.matchedFields !== null);
      await db
        .updateTable('alerts')
        .set({
          count: sql<number>`count + case id ${cases((j) => sql`${j.n}`)} else 0 end`,
          ...(withFields.length > 0
            ? {
                matched_fields: sql<string>`case id ${cases(
                  (j) => sql`${j.matchedFields}`,
                  withFields,
                )} else matched_fields end`,
              }
            : {}),
          first_seen_at: sql<string>`case id ${cases(
            (j) => sql`case when first_seen_at > ${j.firstSeen} then ${j.firstSeen} else first_seen_at end`,
          )} else first_seen_at end`,
          last_seen_at: sql<string>`case id ${cases(
            (j) => sql`case when last_seen_at < ${j.lastSeen} then ${j.lastSeen} else last_seen_at end`,
          )} else last_seen_at end`,
          updated_at: at,
        })
        .where(
          'id',
          'in',
          chunk.map((j) => j.id),
        )
        .execute();
    }
  },
  async insertAlert(db: Q, row: Insertable<AlertTable>): Promise<number> {
    const r = await db.insertInto('alerts').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async countSuppressed(db: Q, id: number, n: number, at: string) {
    await db
      .updateTable('alert_suppressions')
      .set((eb) => ({ hits: eb('hits', '+', n), last_hit_at: at }))
      .where('id', '=', id)
      .execute();
  },

  // --- reading ---
  find(db: Q, id: number) {
    return alertSelect(db).where('alerts.id', '=', id).executeTakeFirst();
  },
  async listVisibleTo(db: Q, actor: Actor, f: AlertFilter) {
    const q = filtered(db, actor, f);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const base = q.select('alerts.id');
    // Severity strings sort as the scale does: I < II < III < IV.
    const bySeverity =
      f.sort === 'severity' ? base.orderBy('alerts.severity', 'asc').orderBy('alerts.is_cii', 'desc') : base;
    const ids = await bySeverity
      .orderBy('alerts.last_seen_at', 'desc')
      .orderBy('alerts.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    if (ids.length === 0) return { items: [], total: Number(total.n) };
    const rows = await alertSelect(db)
      .where(
        'alerts.id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    const position = new Map(ids.map((r, i) => [r.id, i]));
    rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
    return { items: rows, total: Number(total.n) };
  },
  /** Alerts (and the detections they aggregate) per state and per level, under the same filters. */
  async counts(db: Q, actor: Actor, f: Omit<AlertFilter, 'limit' | 'offset' | 'state' | 'level'>) {
    return filtered(db, actor, f)
      .select([
        'alerts.state',
        'alerts.level',
        (eb) => eb.fn.countAll<number>().as('alerts'),
        (eb) => eb.fn.sum<number>('alerts.count').as('detections'),
      ])
      .groupBy(['alerts.state', 'alerts.level'])
      .execute();
  },
  /** Alerts opened per bucket (hour: 13 characters of the ISO time, day: 10) and level, within [from, to). */
  async series(
    db: Q,
    actor: Actor,
    f: Omit<AlertFilter, 'limit' | 'offset' | 'from' | 'to'> & { from: string; to: string },
    width: 10 | 13,
  ) {
    const bucket = sql<string>`substr(alerts.first_seen_at, 1, ${sql.lit(width)})`;
    const { from, to, ...rest } = f;
    return filtered(db, actor, rest)
      .where('alerts.first_seen_at', '>=', from)
      .where('alerts.first_seen_at', '<', to)
      .select([bucket.as('bucket'), 'alerts.level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy([bucket, 'alerts.level'])
      .orderBy(bucket)
      .execute();
  },
  samples(db: Q, alertId: number) {
    return db.selectFrom('alert_samples').selectAll().where('alert_id', '=', alertId).orderBy('id').execute();
  },
  /** Other alerts with the same key (earlier or later windows) and other rules on the same key and asset. */
  related(
    db: Q,
    actor: Actor,
    a: Pick<AlertTable, 'alert_key' | 'group_key' | 'asset_id' | 'unit_id'> & { id: number },
  ) {
    return relatedQuery(db, actor, a).execute();
  },
  // --- triage ---
  async updateIfVersion(db: Q, id: number, version: number, patch: Updateable<AlertTable>) {
    const r = await db
      .updateTable('alerts')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  pendingFindings(db: Q, limit: number) {
    return alertSelect(db)
      .where('alerts.finding_pending', '=', 1)
      .orderBy('alerts.id')
      .limit(limit)
      .execute();
  },
  async setFinding(db: Q, id: number, findingId: number | null) {
    await db
      .updateTable('alerts')
      .set({ finding_pending: 0, finding_id: findingId })
      .where('id', '=', id)
      .execute();
  },

  // --- suppressions ---
  async listSuppressions(
    db: Q,
    actor: Actor,
    f: { ruleKey?: string; active?: boolean; at: string; limit: number; offset: number },
  ) {
    let q = db.selectFrom('alert_suppressions').where(suppressionVisibleTo(actor));
    if (f.ruleKey) q = q.where('rule_key', '=', f.ruleKey);
    if (f.active === true)
      q = q.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', f.at)]));
    if (f.active === false) q = q.where('expires_at', '<=', f.at);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .leftJoin('units as u', 'u.id', 'alert_suppressions.unit_id')
      .leftJoin('assets as a', 'a.id', 'alert_suppressions.asset_id')
      .selectAll('alert_suppressions')
      .select(['u.name as unit_name', 'a.name as asset_name'])
      .orderBy('alert_suppressions.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total: Number(total.n) };
  },
  findSuppression(db: Q, id: number) {
    return db
      .selectFrom('alert_suppressions')
      .leftJoin('units as u', 'u.id', 'alert_suppressions.unit_id')
      .leftJoin('assets as a', 'a.id', 'alert_suppressions.asset_id')
      .selectAll('alert_suppressions')
      .select(['u.name as unit_name', 'a.name as asset_name'])
      .where('alert_suppressions.id', '=', id)
      .executeTakeFirst();
  },
  async insertSuppression(db: Q, row: Insertable<AlertSuppressionTable>): Promise<number> {
    const r = await db.insertInto('alert_suppressions').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },
  async updateSuppression(db: Q, id: number, patch: Updateable<AlertSuppressionTable>) {
    await db.updateTable('alert_suppressions').set(patch).where('id', '=', id).execute();
  },
  async deleteSuppression(db: Q, id: number) {
    await db.deleteFrom('alert_suppressions').where('id', '=', id).execute();
  },
};

export type SuppressionListRow = NonNullable<Awaited<ReturnType<typeof alertsRepository.findSuppression>>>;
