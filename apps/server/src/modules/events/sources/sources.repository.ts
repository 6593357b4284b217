import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import { parseStringList } from '../../../platform/db/json-columns.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { EventSourceTable } from '../../../platform/db/schema-events-ingest.ts';
import { containsText } from '../../../platform/db/text-search.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { unitVisibleTo } from '../../org/org.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type SourceInsert = Omit<EventSourceTable, 'id'>;
export type SourceUpdate = Partial<Omit<EventSourceTable, 'id' | 'created_at' | 'created_by'>>;

/** A source with its unit, region path, asset and token prefix, as services and presenters need it. */
export interface SourceWithUnit {
  id: number;
  name: string;
  kind: string;
  unitId: number;
  unitName: string;
  regionPath: string;
  assetId: number | null;
  assetName: string | null;
  transport: string;
  allowedSenders: string[];
  timezone: string;
  filePath: string | null;
  tokenId: number | null;
  tokenPrefix: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SourceFilter {
  q?: string;
  kind?: string;
  transport?: string;
  unitId?: number;
  enabled?: boolean;
}

function sourceSelect(db: Q) {
  return db
    .selectFrom('event_sources')
    .innerJoin('units', 'units.id', 'event_sources.unit_id')
    .innerJoin('regions as r', 'r.id', 'units.region_id')
    .leftJoin('assets', 'assets.id', 'event_sources.asset_id')
    .leftJoin('api_tokens as t', 't.id', 'event_sources.token_id')
    .selectAll('event_sources')
    .select([
      'units.name as unitName',
      'r.path as regionPath',
      'assets.name as assetName',
      't.prefix as tokenPrefix',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof sourceSelect>['executeTakeFirstOrThrow']>>;

function toSource(row: Row): SourceWithUnit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    unitId: row.unit_id,
    unitName: row.unitName,
    regionPath: row.regionPath,
    assetId: row.asset_id,
    assetName: row.assetName,
    transport: row.transport,
    allowedSenders: parseStringList(row.allowed_senders),
    timezone: row.timezone,
    filePath: row.file_path,
    tokenId: row.token_id,
    tokenPrefix: row.tokenPrefix,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL of the event source registry; lists are filtered by the caller's jurisdiction in SQL. */
export const sourcesRepository = {
  async insert(db: Q, values: SourceInsert): Promise<number> {
    const r = await db.insertInto('event_sources').values(values).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async update(db: Q, id: number, values: SourceUpdate): Promise<void> {
    await db.updateTable('event_sources').set(values).where('id', '=', id).execute();
  },

  async delete(db: Q, id: number): Promise<void> {
    await db.deleteFrom('ingest_tail_offsets').where('source_id', '=', id).execute();
    await db.deleteFrom('event_source_minutes').where('source_id', '=', id).execute();
    await db.deleteFrom('raw_events').where('source_id', '=', id).execute();
    await db.deleteFrom('event_sources').where('id', '=', id).execute();
  },

  async find(db: Q, id: number): Promise<SourceWithUnit | undefined> {
    const row = await sourceSelect(db).where('event_sources.id', '=', id).executeTakeFirst();
    return row ? toSource(row) : undefined;
  },

  async list(db: Q, actor: Actor, f: SourceFilter, page: { limit: number; offset: number }) {
    const q = sourceSelect(db).where((eb) => {
      const conds: Expression<SqlBool>[] = [unitVisibleTo(actor)(eb)];
      if (f.q) conds.push(eb.or([containsText('event_sources.name', f.q), containsText('units.name', f.q)]));
      if (f.kind) conds.push(eb('event_sources.kind', '=', f.kind));
      if (f.transport) conds.push(eb('event_sources.transport', '=', f.transport));
      if (f.unitId) conds.push(eb('event_sources.unit_id', '=', f.unitId));
      if (f.enabled !== undefined) conds.push(eb('event_sources.enabled', '=', f.enabled ? 1 : 0));
      return eb.and(conds);
    });
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
    const rows = await q
      .orderBy('event_sources.name')
      .orderBy('event_sources.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return { items: rows.map(toSource), total };
  },

  /** Every source, for the ingest process's in-memory directory. */
  async all(db: Q): Promise<SourceWithUnit[]> {
    const rows = await sourceSelect(db).orderBy('event_sources.id').execute();
    return rows.map(toSource);
  },

  /** The source an API token is bound to (HTTP ingest). */
  async findByTokenHash(db: Q, tokenHash: string): Promise<SourceWithUnit | undefined> {
    const row = await sourceSelect(db).where('t.token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toSource(row) : undefined;
  },

  async unitWithPath(db: Q, unitId: number) {
    return db
      .selectFrom('units')
      .innerJoin('regions as r', 'r.id', 'units.region_id')
      .select(['units.id', 'units.name', 'r.path as regionPath'])
      .where('units.id', '=', unitId)
      .executeTakeFirst();
  },

  async assetUnit(db: Q, assetId: number): Promise<number | undefined> {
    const row = await db.selectFrom('assets').select('unit_id').where('id', '=', assetId).executeTakeFirst();
    return row?.unit_id;
  },

  /** Per source and minute since `fromMinute`: the counters, for live numbers and sparklines. */
  async minutesSince(db: Q, sourceIds: readonly number[], fromMinute: string) {
    if (sourceIds.length === 0) return [];
    const rows = await db
      .selectFrom('event_source_minutes')
      .selectAll()
      .where('source_id', 'in', sourceIds)
      .where('minute', '>=', fromMinute)
      .orderBy('minute')
      .execute();
    return rows.map((r) => ({
      sourceId: r.source_id,
      minute: r.minute,
      received: Number(r.received),
      parsed: Number(r.parsed),
      failed: Number(r.failed),
      dropped: Number(r.dropped),
    }));
  },

  /** The last minute each source received anything in (kept for 30 days). */
  async lastActiveMinutes(db: Q, sourceIds: readonly number[]): Promise<Map<number, string>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('event_source_minutes')
      .select((eb) => ['source_id', eb.fn.max('minute').as('minute')])
      .where('source_id', 'in', sourceIds)
      .where('received', '>', 0)
      .groupBy('source_id')
      .execute();
    return new Map(rows.map((r) => [r.source_id, `${r.minute}:00.000Z`]));
  },

  async unregistered(db: Q, limit: number) {
    const rows = await db
      .selectFrom('ingest_unregistered')
      .selectAll()
      .orderBy('last_seen_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      address: r.address,
      transport: r.transport,
      events: Number(r.events),
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
      sample: r.sample,
    }));
  },
};
