import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { MonitorRow } from '../../platform/db/schema-monitoring.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { unitVisibleTo } from '../org/org.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** An asset as monitoring needs it: its URLs and its unit's jurisdiction. */
export interface AssetForMonitor {
  id: number;
  name: string;
  kind: string;
  urls: string;
  unitId: number;
  unitName: string;
  regionPath: string;
}

export interface MonitorWithAsset extends MonitorRow {
  assetName: string;
  unitId: number;
  unitName: string;
  regionPath: string;
}

export interface SiteFilter {
  q?: string;
  status?: string;
  unitId?: number;
  regionId?: number;
  limit: number;
  offset: number;
}

export interface SiteListRow {
  monitorId: number;
  assetId: number;
  assetName: string;
  unitId: number;
  unitName: string;
  regionPath: string;
  pages: string;
  enabled: number;
  status: string;
  lastLatencyMs: number | null;
  lastRunAt: string | null;
  intervalSeconds: number;
  openFindings: number | string;
  checks24h: number | string | null;
  up24h: number | string | null;
  checks7d: number | string | null;
  up7d: number | string | null;
}

const OPEN_MONITORING_FINDINGS = sql<number>`(select count(*) from findings f where f.asset_id = monitors.asset_id and f.status = 'open' and f.source = 'monitoring')`;

function hourly(column: 'checks' | 'up', since: string) {
  return sql<
    number | null
  >`(select sum(h.${sql.ref(column)}) from monitor_hourly h where h.monitor_id = monitors.id and h.hour >= ${since})`;
}

function monitorSelect(db: Q) {
  return db
    .selectFrom('monitors')
    .innerJoin('assets', 'assets.id', 'monitors.asset_id')
    .innerJoin('units', 'units.id', 'assets.unit_id')
    .innerJoin('regions as r', 'r.id', 'units.region_id');
}

/** SQL of the monitors and the site list / status wall; jurisdiction filtered in SQL. */
export const monitoringRepository = {
  async assetForMonitor(db: Q, assetId: number): Promise<AssetForMonitor | undefined> {
    return db
      .selectFrom('assets')
      .innerJoin('units', 'units.id', 'assets.unit_id')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select([
        'assets.id',
        'assets.name',
        'assets.kind',
        'assets.urls',
        'units.id as unitId',
        'units.name as unitName',
        'r.path as regionPath',
      ])
      .where('assets.id', '=', assetId)
      .executeTakeFirst();
  },

  async find(db: Q, id: number): Promise<MonitorWithAsset | undefined> {
    return monitorSelect(db)
      .selectAll('monitors')
      .select([
        'assets.name as assetName',
        'units.id as unitId',
        'units.name as unitName',
        'r.path as regionPath',
      ])
      .where('monitors.id', '=', id)
      .executeTakeFirst();
  },

  async findByAsset(db: Q, assetId: number): Promise<MonitorRow | undefined> {
    return db.selectFrom('monitors').selectAll().where('asset_id', '=', assetId).executeTakeFirst();
  },

  async insert(db: Q, row: Omit<MonitorRow, 'id'>): Promise<number> {
    const r = await db.insertInto('monitors').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async update(db: Q, id: number, patch: Partial<Omit<MonitorRow, 'id'>>): Promise<void> {
    await db.updateTable('monitors').set(patch).where('id', '=', id).execute();
  },

  async listVisibleTo(
    db: Q,
    actor: Actor,
    f: SiteFilter,
    now: Date,
  ): Promise<{ items: SiteListRow[]; total: number }> {
    let q = monitorSelect(db).where(unitVisibleTo(actor));
    if (f.q) {
      const text = f.q;
      q = q.where((eb) =>
        eb.or([
          containsText('assets.name', text),
          containsText('monitors.pages', text),
          containsText('units.name', text),
        ]),
      );
    }
    if (f.status) q = q.where('monitors.status', '=', f.status);
    if (f.unitId !== undefined) q = q.where('units.id', '=', f.unitId);
    if (f.regionId !== undefined) {
      const regionId = f.regionId;
      q = q.where(sql<SqlBool>`r.path like (select path || '%' from regions where id = ${regionId})`);
    }
    const day = new Date(now.getTime() - 24 * 3600_000).toISOString();
    const week = new Date(now.getTime() - 7 * 24 * 3600_000).toISOString();
    const [items, count] = await Promise.all([
      q
        .select([
          'monitors.id as monitorId',
          'monitors.asset_id as assetId',
          'assets.name as assetName',
          'units.id as unitId',
          'units.name as unitName',
          'r.path as regionPath',
          'monitors.pages',
          'monitors.enabled',
          'monitors.status',
          'monitors.last_latency_ms as lastLatencyMs',
          'monitors.last_run_at as lastRunAt',
          'monitors.interval_seconds as intervalSeconds',
          OPEN_MONITORING_FINDINGS.as('openFindings'),
          hourly('checks', day).as('checks24h'),
          hourly('up', day).as('up24h'),
          hourly('checks', week).as('checks7d'),
          hourly('up', week).as('up7d'),
        ])
        // Problems first: down, degraded, then the rest; by name within.
        .orderBy(sql`case monitors.status when 'down' then 0 when 'degraded' then 1 else 2 end`)
        .orderBy('assets.name')
        .orderBy('monitors.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },

  /** The status wall: enabled monitors by status, and per unit; two grouped queries. */
  async summaryVisibleTo(db: Q, actor: Actor) {
    const visible = monitorSelect(db).where(unitVisibleTo(actor)).where('monitors.enabled', '=', 1);
    const [byStatus, byUnit] = await Promise.all([
      visible
        .select(['monitors.status', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy('monitors.status')
        .execute(),
      visible
        .select([
          'units.id as unitId',
          'units.name as unitName',
          (eb) => eb.fn.countAll<number | string>().as('total'),
          sql<number | string>`sum(case when monitors.status = 'down' then 1 else 0 end)`.as('down'),
          sql<
            number | string
          >`(select count(*) from findings f where f.unit_id = units.id and f.status = 'open' and f.source = 'monitoring')`.as(
            'openFindings',
          ),
        ])
        .groupBy(['units.id', 'units.name'])
        .orderBy('units.name')
        .execute(),
    ]);
    return { byStatus, byUnit };
  },
};
