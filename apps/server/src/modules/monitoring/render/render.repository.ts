import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { MonitorRenderRow } from '../../../platform/db/schema-monitoring.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { unitVisibleTo } from '../../org/org.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** SQL of the rendering pass's rows; the jurisdiction of a render is its monitor's unit. */
export const renderRepository = {
  async insert(db: Q, row: Omit<MonitorRenderRow, 'id'>): Promise<number> {
    const r = await db.insertInto('monitor_renders').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async setEvidence(db: Q, id: number, evidence: string): Promise<void> {
    await db.updateTable('monitor_renders').set({ evidence }).where('id', '=', id).execute();
  },

  /** The last render of one page of a monitor. */
  latestForPage(db: Q, monitorId: number, pageUrl: string): Promise<MonitorRenderRow | undefined> {
    return db
      .selectFrom('monitor_renders')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('page_url', '=', pageUrl)
      .orderBy('rendered_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** The last render of each page of a monitor, newest first (ids grow with time). */
  latestPerPage(db: Q, monitorId: number, limit = 30): Promise<MonitorRenderRow[]> {
    return db
      .selectFrom('monitor_renders')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('monitor_renders as latest')
          .select((x) => x.fn.max('latest.id').as('id'))
          .where('latest.monitor_id', '=', monitorId)
          .groupBy('latest.page_url'),
      )
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  /** A render the actor may see (its monitor's unit is in the actor's jurisdiction), with its region. */
  findVisible(db: Q, actor: Actor, id: number) {
    return db
      .selectFrom('monitor_renders')
      .innerJoin('monitors', 'monitors.id', 'monitor_renders.monitor_id')
      .innerJoin('assets', 'assets.id', 'monitors.asset_id')
      .innerJoin('units', 'units.id', 'assets.unit_id')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .selectAll('monitor_renders')
      .select(['units.id as unitId', 'r.path as regionPath'])
      .where('monitor_renders.id', '=', id)
      .where(unitVisibleTo(actor))
      .executeTakeFirst();
  },

  /**
   * Renders older than `before`, except each page's latest (the one its findings point at). Returns the
   * ids and screenshot keys, for the caller to delete the files after the rows.
   */
  async prunable(db: Q, before: string, limit = 500): Promise<Array<{ id: number; key: string | null }>> {
    const rows = await db
      .selectFrom('monitor_renders')
      .select(['id', 'screenshot_key'])
      .where('rendered_at', '<', before)
      .where('id', 'not in', (eb) =>
        eb
          .selectFrom('monitor_renders as latest')
          .select((x) => x.fn.max('latest.id').as('id'))
          .groupBy(['latest.monitor_id', 'latest.page_url']),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, key: r.screenshot_key }));
  },

  async deleteIds(db: Q, ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await db
      .deleteFrom('monitor_renders')
      .where('id', 'in', [...ids])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
