import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { RawEventTable } from '../../../platform/db/schema-events-ingest.ts';
import { containsText } from '../../../platform/db/text-search.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { unitVisibleTo } from '../../org/org.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type RawEventInsert = Omit<RawEventTable, 'id'>;

export interface RawEventFilter {
  from?: string;
  to?: string;
  sourceId?: number;
  unitId?: number;
  q?: string;
  sourceIp?: string;
  destinationIp?: string;
  hostName?: string;
  userName?: string;
  eventAction?: string;
  failed?: boolean;
  limit: number;
  offset: number;
}

/**
 * Rows per insert statement, largest first. SQLite binds at most 32,766 variables per statement: 17 columns
 * x 500 rows stays well below. Only these few row counts are used (a batch of 437 is 4 x 100, 20, 3 x 5,
 * 2 x 1), so the few statement texts stay prepared; a text per row count meant hundreds of large
 * statements (2 MB of native memory each at 500 rows) prepared, cached, evicted and left for the GC.
 */
const INSERT_CHUNKS = [500, 100, 20, 5, 1];

function rawSelect(db: Q) {
  return db
    .selectFrom('raw_events')
    .innerJoin('event_sources as s', 's.id', 'raw_events.source_id')
    .innerJoin('units', 'units.id', 'raw_events.unit_id')
    .innerJoin('regions as r', 'r.id', 'units.region_id');
}

/** SQL of the bounded raw event store. */
export const rawRepository = {
  async insertMany(db: Q, rows: readonly RawEventInsert[]): Promise<void> {
    let i = 0;
    for (const chunk of INSERT_CHUNKS) {
      for (; rows.length - i >= chunk; i += chunk) {
        await db
          .insertInto('raw_events')
          .values(rows.slice(i, i + chunk))
          .execute();
      }
    }
  },

  /** A page of events visible to the actor (jurisdiction of the source's unit), newest first. */
  async search(db: Q, actor: Actor, f: RawEventFilter) {
    let q = rawSelect(db).where((eb) => {
      const conds: Expression<SqlBool>[] = [unitVisibleTo(actor)(eb)];
      if (f.from) conds.push(eb('raw_events.ts', '>=', f.from));
      if (f.to) conds.push(eb('raw_events.ts', '<', f.to));
      if (f.sourceId) conds.push(eb('raw_events.source_id', '=', f.sourceId));
      if (f.unitId) conds.push(eb('raw_events.unit_id', '=', f.unitId));
      if (f.sourceIp) conds.push(eb('raw_events.source_ip', '=', f.sourceIp));
      if (f.destinationIp) conds.push(eb('raw_events.destination_ip', '=', f.destinationIp));
      if (f.hostName) conds.push(eb('raw_events.host_name', '=', f.hostName));
      if (f.userName) conds.push(eb('raw_events.user_name', '=', f.userName));
      if (f.eventAction) conds.push(eb('raw_events.event_action', '=', f.eventAction));
      if (f.failed === true) conds.push(eb('raw_events.parse_error', 'is not', null));
      if (f.failed === false) conds.push(eb('raw_events.parse_error', 'is', null));
      if (f.q) conds.push(containsText('raw_events.raw', f.q));
      return eb.and(conds);
    });
    const total = await q
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
    q = q.orderBy('raw_events.ts', 'desc').orderBy('raw_events.id', 'desc');
    const items = await q
      .selectAll('raw_events')
      .select(['s.name as sourceName', 's.kind as sourceKind', 'units.name as unitName'])
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total };
  },

  /** One event, only when the actor may read it (the same jurisdiction rule as `search`, in SQL). */
  async findVisible(db: Q, actor: Actor, id: number) {
    return rawSelect(db)
      .selectAll('raw_events')
      .select(['s.name as sourceName', 's.kind as sourceKind', 'units.name as unitName'])
      .where('raw_events.id', '=', id)
      .where(unitVisibleTo(actor))
      .executeTakeFirst();
  },

  /**
   * Keeps the store within its bounds: deletes events older than `before`, then the oldest beyond
   * `maxCount` rows and beyond `maxBytes` of stored records. Returns how many were deleted.
   */
  async prune(db: Q, bounds: { before: string; maxCount: number; maxBytes: number }): Promise<number> {
    let deleted = 0;
    const byAge = await db
      .deleteFrom('raw_events')
      .where('received_at', '<', bounds.before)
      .executeTakeFirst();
    deleted += Number(byAge.numDeletedRows);
    const top = await db
      .selectFrom('raw_events')
      .select((eb) => [eb.fn.max('id').as('maxId'), eb.fn.countAll<number>().as('n')])
      .executeTakeFirst();
    const maxId = Number(top?.maxId ?? 0);
    if (Number(top?.n ?? 0) > bounds.maxCount) {
      // Ids grow with arrival, so the newest maxCount rows are those above maxId - maxCount (or fewer).
      const r = await db
        .deleteFrom('raw_events')
        .where('id', '<=', maxId - bounds.maxCount)
        .executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    const bytes = await db
      .selectFrom('raw_events')
      .select((eb) => [eb.fn.sum<number>('size').as('bytes'), eb.fn.min('id').as('minId')])
      .executeTakeFirst();
    const total = Number(bytes?.bytes ?? 0);
    const minId = Number(bytes?.minId ?? 0);
    if (total > bounds.maxBytes && maxId > minId) {
      // Delete the oldest share of rows that brings the total under the bound (sizes are similar enough).
      const share = (total - bounds.maxBytes) / total;
      const cut = minId + Math.ceil((maxId - minId + 1) * share);
      const r = await db.deleteFrom('raw_events').where('id', '<', cut).executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    return deleted;
  },

  async countForSource(db: Q, sourceId: number): Promise<number> {
    const r = await db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};
