import { type Kysely, sql, type Transaction } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { IntelFeedTable, IntelIndicatorTable } from '../../../platform/db/schema-intel.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type IndicatorStatus = 'active' | 'expired' | 'revoked' | 'unmatchable' | 'pending';

export interface IndicatorFilter {
  q?: string;
  type?: string;
  feedId?: number;
  status?: IndicatorStatus;
  limit: number;
  offset: number;
}

export type IndicatorInsert = Omit<IntelIndicatorTable, 'id'>;

const FEED_COUNTS = sql<number>`count(*)`;

/** Every column an upsert writes, with its PostgreSQL array element type (for unnest). */
const UPSERT_COLUMNS: readonly (readonly [keyof IndicatorInsert, string])[] = [
  ['feed_id', 'int'],
  ['external_id', 'text'],
  ['version', 'text'],
  ['type', 'text'],
  ['value', 'text'],
  ['name', 'text'],
  ['description', 'text'],
  ['pattern', 'text'],
  ['clauses', 'text'],
  ['matchable', 'int'],
  ['unmatchable_reason', 'text'],
  ['valid_from', 'text'],
  ['valid_until', 'text'],
  ['expires_at', 'text'],
  ['revoked', 'int'],
  ['confidence', 'int'],
  ['level', 'text'],
  ['labels', 'text'],
  ['source_time', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
];

/**
 * All SQL of threat intelligence. Indicators are office-wide (no jurisdiction column): who may read them
 * is decided by role in the policy.
 */
export const intelRepository = {
  /** Feeds (all, or one) with their indicator counts; one feed counts only its own rows (by index). */
  async listFeeds(db: Q, now: string, onlyId?: number) {
    let feedQuery = db.selectFrom('intel_feeds').selectAll().orderBy('name');
    if (onlyId !== undefined) feedQuery = feedQuery.where('id', '=', onlyId);
    const feeds = await feedQuery.execute();
    let countQuery = db.selectFrom('intel_indicators');
    if (onlyId !== undefined) countQuery = countQuery.where('feed_id', '=', onlyId);
    const counts = await countQuery
      .select([
        'feed_id',
        FEED_COUNTS.as('total'),
        sql<number>`sum(case when matchable = 1 and revoked = 0 and (expires_at is null or expires_at > ${now}) then 1 else 0 end)`.as(
          'active',
        ),
      ])
      .groupBy('feed_id')
      .execute();
    const byFeed = new Map(counts.map((c) => [c.feed_id, c]));
    return feeds.map((f) => ({
      feed: f,
      total: Number(byFeed.get(f.id)?.total ?? 0),
      active: Number(byFeed.get(f.id)?.active ?? 0),
    }));
  },

  findFeed(db: Q, id: number) {
    return db.selectFrom('intel_feeds').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findFeedByName(db: Q, name: string) {
    return db.selectFrom('intel_feeds').select('id').where('name', '=', name).executeTakeFirst();
  },

  async insertFeed(db: Q, values: Omit<IntelFeedTable, 'id'>): Promise<number> {
    const row = await db.insertInto('intel_feeds').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  async updateFeed(db: Q, id: number, values: Partial<Omit<IntelFeedTable, 'id'>>): Promise<void> {
    await db.updateTable('intel_feeds').set(values).where('id', '=', id).execute();
  },

  /** Marks a feed queued unless an import is already queued or running; false when one is. */
  async claimImport(db: Q, id: number, at: string): Promise<boolean> {
    const r = await db
      .updateTable('intel_feeds')
      .set({ import_state: 'queued', import_progress: null, import_started_at: at, updated_at: at })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('import_state', 'is', null),
          // A claim older than an hour belongs to a worker that died.
          eb('import_started_at', '<', new Date(Date.parse(at) - 3_600_000).toISOString()),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async deleteFeed(db: Q, id: number): Promise<void> {
    await db.deleteFrom('intel_indicators').where('feed_id', '=', id).execute();
    await db.deleteFrom('intel_feeds').where('id', '=', id).execute();
  },

  /** Enabled URL feeds whose scheduled import is due. */
  dueFeeds(db: Q, now: string) {
    return db
      .selectFrom('intel_feeds')
      .select(['id', 'refresh_minutes'])
      .where('enabled', '=', 1)
      .where('url', 'is not', null)
      .where('refresh_minutes', 'is not', null)
      .where('next_run_at', '<=', now)
      .execute();
  },

  /** Stored versions and expiry of the given external ids of one feed. */
  async versions(
    db: Q,
    feedId: number,
    externalIds: string[],
  ): Promise<Map<string, { version: string; expiresAt: string | null }>> {
    if (externalIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('intel_indicators')
      .select(['external_id', 'version', 'expires_at'])
      .where('feed_id', '=', feedId)
      .where(
        dialectOf(db) === 'postgres'
          ? sql<boolean>`external_id = any(${externalIds}::text[])`
          : sql<boolean>`external_id in (${sql.join(externalIds)})`,
      )
      .execute();
    return new Map(rows.map((r) => [r.external_id, { version: r.version, expiresAt: r.expires_at }]));
  },

  /** Inserts new indicators and replaces changed ones, keyed by (feed, external id), in one statement. */
  async upsert(db: Q, rows: IndicatorInsert[]): Promise<void> {
    if (rows.length === 0) return;
    if (dialectOf(db) === 'postgres') {
      // One array parameter per column (unnest) instead of 22 parameters per row: PostgreSQL parses and
      // plans a 1,000-row batch several times faster this way.
      const arrays = UPSERT_COLUMNS.map(
        ([column, type]) => sql`${rows.map((r) => r[column])}::${sql.raw(type)}[]`,
      );
      const names = sql.join(UPSERT_COLUMNS.map(([column]) => sql.ref(column)));
      const updates = sql.join(
        UPSERT_COLUMNS.filter(([c]) => c !== 'feed_id' && c !== 'external_id' && c !== 'created_at').map(
          ([c]) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`,
        ),
      );
      await sql`insert into intel_indicators (${names})
        select * from unnest(${sql.join(arrays)})
        on conflict (feed_id, external_id) do update set ${updates}`.execute(db);
      return;
    }
    await db
      .insertInto('intel_indicators')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['feed_id', 'external_id']).doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          type: eb.ref('excluded.type'),
          value: eb.ref('excluded.value'),
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          pattern: eb.ref('excluded.pattern'),
          clauses: eb.ref('excluded.clauses'),
          matchable: eb.ref('excluded.matchable'),
          unmatchable_reason: eb.ref('excluded.unmatchable_reason'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_until: eb.ref('excluded.valid_until'),
          expires_at: eb.ref('excluded.expires_at'),
          revoked: eb.ref('excluded.revoked'),
          confidence: eb.ref('excluded.confidence'),
          level: eb.ref('excluded.level'),
          labels: eb.ref('excluded.labels'),
          source_time: eb.ref('excluded.source_time'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  },

  async listIndicators(db: Q, filter: IndicatorFilter, now: string) {
    let query = db.selectFrom('intel_indicators as i').innerJoin('intel_feeds as f', 'f.id', 'i.feed_id');
    if (filter.type) query = query.where('i.type', '=', filter.type);
    if (filter.feedId) query = query.where('i.feed_id', '=', filter.feedId);
    if (filter.q) {
      const q = filter.q.trim().toLowerCase();
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('i.value', '=', q),
          eb('i.value', 'like', `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
          eb(eb.fn('lower', ['i.name']), 'like', like),
          eb('i.external_id', '=', q),
        ]),
      );
    }
    switch (filter.status) {
      case 'active':
        query = query
          .where('i.matchable', '=', 1)
          .where('i.revoked', '=', 0)
          .where((eb) => eb.or([eb('i.expires_at', 'is', null), eb('i.expires_at', '>', now)]))
          .where((eb) => eb.or([eb('i.valid_from', 'is', null), eb('i.valid_from', '<=', now)]));
        break;
      case 'pending':
        query = query.where('i.valid_from', '>', now);
        break;
      case 'expired':
        query = query.where('i.expires_at', '<=', now);
        break;
      case 'revoked':
        query = query.where('i.revoked', '=', 1);
        break;
      case 'unmatchable':
        query = query.where('i.matchable', '=', 0);
        break;
      default:
        break;
    }
    const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const items = await query
      .selectAll('i')
      .select('f.name as feed_name')
      .orderBy('i.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { items, total: Number(total.n) };
  },

  findIndicator(db: Q, id: number) {
    return db
      .selectFrom('intel_indicators as i')
      .innerJoin('intel_feeds as f', 'f.id', 'i.feed_id')
      .selectAll('i')
      .select('f.name as feed_name')
      .where('i.id', '=', id)
      .executeTakeFirst();
  },

  /** One page (by id) of what the matcher loads: matchable, not revoked, feed enabled, not yet expired. */
  matcherPage(db: Q, afterId: number, limit: number, now: string) {
    return db
      .selectFrom('intel_indicators as i')
      .innerJoin('intel_feeds as f', 'f.id', 'i.feed_id')
      .select(['i.id', 'i.name', 'i.level', 'i.valid_from', 'i.expires_at', 'i.clauses'])
      .where('i.id', '>', afterId)
      .where('i.matchable', '=', 1)
      .where('i.revoked', '=', 0)
      .where('f.enabled', '=', 1)
      .where((eb) => eb.or([eb('i.expires_at', 'is', null), eb('i.expires_at', '>', now)]))
      .orderBy('i.id')
      .limit(limit)
      .execute();
  },

  async version(db: Q): Promise<number> {
    const row = await db.selectFrom('intel_state').select('version').where('id', '=', 1).executeTakeFirst();
    return row?.version ?? 0;
  },

  /** Moves the matcher's version on, in the transaction of the change. */
  async bumpVersion(db: Q): Promise<void> {
    await db
      .updateTable('intel_state')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  },
};
