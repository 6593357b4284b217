import type { Insertable } from 'kysely';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { TopicAlertTable, TopicItemTable, TopicRow } from '../../platform/db/schema-topics.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { DEFAULT_TOPIC_SETTINGS, type TopicSettings } from './topic-settings.ts';

type Q = Kysely<Database> | Transaction<Database>;
type TopicEb = ExpressionBuilder<Database, 'topics'>;

export const TOPIC_STATES = ['rising', 'active', 'cooling', 'cold'] as const;
export type TopicState = (typeof TOPIC_STATES)[number];

/**
 * The jurisdiction rule for topics as SQL: a topic is visible to an office role when any of its items
 * lies in the actor's region subtree (a county sees the topics its own places talk about); unit roles
 * see no topics. Merged topics are not listed (their survivor is).
 */
export function topicVisibleTo(actor: Actor, unitRole: boolean) {
  return (eb: TopicEb): Expression<SqlBool> =>
    unitRole
      ? sql<SqlBool>`1 = 0`
      : eb.exists(
          eb
            .selectFrom('topic_regions')
            .select('topic_regions.topic_id')
            .whereRef('topic_regions.topic_id', '=', 'topics.id')
            .where(inRegionSubtree('topic_regions.region_path', actor.regionPath)),
        );
}

export interface TopicListFilter {
  q?: string;
  state?: string[];
  riskLevel?: string[];
  /** Only topics with at least one alert. */
  alerted?: boolean;
  /** Region subtree (a region inside the actor's jurisdiction). */
  regionPath?: string;
  since?: string;
}

export interface ItemMark {
  topic_id: number | null;
  place: string | null;
  duplicate_of: string | null;
  urgency: number;
  region_id: number;
  region_path: string;
}

interface CountInput {
  topicId: number;
  title: string;
  occurredAt: string;
  bucketAt: string;
  urgent: boolean;
  regionId: number;
  regionPath: string;
}

/** One batch's counts per topic, per (topic, bucket) and per (topic, region), written in one go. */
export class BatchCounts {
  readonly topics = new Map<
    number,
    {
      count: number;
      urgent: number;
      first: string;
      last: string;
      title: string;
      regionId: number;
      regionPath: string;
    }
  >();
  readonly volumes = new Map<string, { topicId: number; bucketAt: string; count: number; urgent: number }>();
  readonly regions = new Map<
    string,
    { topicId: number; regionId: number; regionPath: string; count: number }
  >();

  add(c: CountInput): void {
    const urgent = c.urgent ? 1 : 0;
    const t = this.topics.get(c.topicId);
    if (t) {
      t.count++;
      t.urgent += urgent;
      if (c.occurredAt < t.first) t.first = c.occurredAt;
      if (c.occurredAt > t.last) t.last = c.occurredAt;
    } else {
      this.topics.set(c.topicId, {
        count: 1,
        urgent,
        first: c.occurredAt,
        last: c.occurredAt,
        title: c.title,
        regionId: c.regionId,
        regionPath: c.regionPath,
      });
    }
    const vk = `${c.topicId}|${c.bucketAt}`;
    const v = this.volumes.get(vk);
    if (v) {
      v.count++;
      v.urgent += urgent;
    } else this.volumes.set(vk, { topicId: c.topicId, bucketAt: c.bucketAt, count: 1, urgent });
    const rk = `${c.topicId}|${c.regionId}`;
    const r = this.regions.get(rk);
    if (r) r.count++;
    else
      this.regions.set(rk, { topicId: c.topicId, regionId: c.regionId, regionPath: c.regionPath, count: 1 });
  }
}

export const topicsRepository = {
  /** The region `regionId` when it lies in the actor's jurisdiction, else undefined (callers answer not found). */
  async regionInJurisdiction(db: Q, actor: Actor, regionId: number) {
    const region = await db
      .selectFrom('regions')
      .select(['id', 'path', 'parent_id', 'name'])
      .where('id', '=', regionId)
      .executeTakeFirst();
    return region?.path.startsWith(actor.regionPath) ? region : undefined;
  },

  // ---- pipeline row ----
  async pipelineRow(db: Q, at: string) {
    const row = await db.selectFrom('topic_pipeline').selectAll().where('id', '=', 1).executeTakeFirst();
    if (row) return row;
    await db
      .insertInto('topic_pipeline')
      .values({
        id: 1,
        settings: JSON.stringify(DEFAULT_TOPIC_SETTINGS),
        state: null,
        intake_cursor: 0,
        items_processed: 0,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return db.selectFrom('topic_pipeline').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  },

  /** Serialises batches across processes (PostgreSQL); SQLite transactions are serial already. */
  async lockPipeline(trx: Transaction<Database>): Promise<void> {
    await this.pipelineRow(trx, new Date().toISOString());
    if (dialectOf(trx) === 'postgres') {
      await sql`select id from topic_pipeline where id = 1 for update`.execute(trx);
    }
  },

  async savePipeline(
    db: Q,
    values: { state: string | null; intake_cursor: number; items_processed: number; updated_at: string },
  ) {
    await db.updateTable('topic_pipeline').set(values).where('id', '=', 1).execute();
  },

  async saveSettings(db: Q, settings: TopicSettings, reset: boolean, at: string) {
    await db
      .updateTable('topic_pipeline')
      .set({ settings: JSON.stringify(settings), updated_at: at, ...(reset ? { state: null } : {}) })
      .where('id', '=', 1)
      .execute();
  },

  async maxTopicId(db: Q): Promise<number> {
    const row = await db
      .selectFrom('topics')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  },

  // ---- items ----
  /** Inserts an item unless one with its external key exists; true when inserted. */
  async insertItem(
    db: Q,
    item: Omit<Insertable<TopicItemTable>, 'topic_id' | 'duplicate_of' | 'urgency' | 'processed' | 'place'>,
  ): Promise<boolean> {
    const r = await db
      .insertInto('topic_items')
      .values({ ...item, place: null, topic_id: null, duplicate_of: null, urgency: 0, processed: 0 })
      .onConflict((oc) => oc.column('external_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async pendingItems(db: Q, limit: number) {
    return db
      .selectFrom('topic_items')
      .selectAll()
      .where('processed', '=', 0)
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  async pendingCount(db: Q): Promise<number> {
    const r = await db
      .selectFrom('topic_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed', '=', 0)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  async markProcessedMany(db: Q, ids: number[], v: ItemMark) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('topic_items')
        .set({ ...v, place: v.place?.slice(0, 400) ?? null, processed: 1 })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  },

  /** Writes a batch's counts: volumes and regions by increment, then each topic's row and peak. */
  async applyCounts(db: Q, counts: BatchCounts, at: string) {
    for (const v of counts.volumes.values()) {
      await db
        .insertInto('topic_volumes')
        .values({ topic_id: v.topicId, bucket_at: v.bucketAt, item_count: v.count, urgent_count: v.urgent })
        .onConflict((oc) =>
          oc.columns(['topic_id', 'bucket_at']).doUpdateSet((eb) => ({
            item_count: eb('topic_volumes.item_count', '+', v.count),
            urgent_count: eb('topic_volumes.urgent_count', '+', v.urgent),
          })),
        )
        .execute();
    }
    for (const r of counts.regions.values()) {
      await db
        .insertInto('topic_regions')
        .values({
          topic_id: r.topicId,
          region_id: r.regionId,
          region_path: r.regionPath,
          item_count: r.count,
        })
        .onConflict((oc) =>
          oc.columns(['topic_id', 'region_id']).doUpdateSet((eb) => ({
            item_count: eb('topic_regions.item_count', '+', r.count),
          })),
        )
        .execute();
    }
    for (const [topicId, t] of counts.topics) {
      const buckets = [...counts.volumes.values()]
        .filter((v) => v.topicId === topicId)
        .map((v) => v.bucketAt);
      const peak = await db
        .selectFrom('topic_volumes')
        .select(['item_count', 'bucket_at'])
        .where('topic_id', '=', topicId)
        .where('bucket_at', 'in', buckets)
        .orderBy('item_count', 'desc')
        .orderBy('bucket_at', 'desc')
        .executeTakeFirstOrThrow();
      const existing = await db
        .selectFrom('topics')
        .select(['peak_count', 'first_seen_at', 'last_seen_at', 'state'])
        .where('id', '=', topicId)
        .executeTakeFirst();
      if (!existing) {
        await db
          .insertInto('topics')
          .values({
            id: topicId,
            title: t.title,
            keywords: '[]',
            state: 'active',
            item_count: t.count,
            urgent_count: t.urgent,
            source_count: 1,
            first_seen_at: t.first,
            last_seen_at: t.last,
            peak_count: peak.item_count,
            peak_bucket_at: peak.bucket_at,
            merged_into: null,
            risk_level: null,
            alert_count: 0,
            first_alert_at: null,
            last_alert_at: null,
            first_response_at: null,
            region_id: t.regionId,
            region_path: t.regionPath,
            created_at: at,
            updated_at: at,
          })
          .execute();
        continue;
      }
      await db
        .updateTable('topics')
        .set((eb) => ({
          item_count: eb('item_count', '+', t.count),
          urgent_count: eb('urgent_count', '+', t.urgent),
          first_seen_at: t.first < existing.first_seen_at ? t.first : existing.first_seen_at,
          last_seen_at: t.last > existing.last_seen_at ? t.last : existing.last_seen_at,
          // A cold topic that receives items again is active again (cooling is left to refreshStates).
          state: existing.state === 'cold' ? 'active' : existing.state,
          ...(peak.item_count > existing.peak_count
            ? { peak_count: peak.item_count, peak_bucket_at: peak.bucket_at }
            : {}),
          updated_at: at,
        }))
        .where('id', '=', topicId)
        .execute();
    }
  },

  async refreshTitles(db: Q, topics: Array<{ id: number; title: string; keywords: string[] }>) {
    for (const t of topics) {
      const main = await db
        .selectFrom('topic_regions')
        .select(['region_id', 'region_path'])
        .where('topic_id', '=', t.id)
        .orderBy('item_count', 'desc')
        .orderBy('region_id')
        .executeTakeFirst();
      const sources = await db
        .selectFrom('topic_items')
        .select((eb) => eb.fn.count<number>('source_label').distinct().as('n'))
        .where('topic_id', '=', t.id)
        .executeTakeFirst();
      await db
        .updateTable('topics')
        .set({
          title: t.title,
          keywords: JSON.stringify(t.keywords),
          source_count: Number(sources?.n ?? 0),
          ...(main ? { region_id: main.region_id, region_path: main.region_path } : {}),
        })
        .where('id', '=', t.id)
        .execute();
    }
  },

  async insertAlert(db: Q, alert: Insertable<TopicAlertTable>): Promise<number> {
    const r = await db.insertInto('topic_alerts').values(alert).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async topicAlertedInBucket(db: Q, topicId: number, bucketAt: string): Promise<boolean> {
    const row = await db
      .selectFrom('topic_alerts')
      .select('id')
      .where('topic_id', '=', topicId)
      .where('bucket_at', '=', bucketAt)
      .where('kind', '=', 'topic')
      .executeTakeFirst();
    return row !== undefined;
  },

  async noteAlert(db: Q, topicId: number, at: string, title: string) {
    const t = await db
      .selectFrom('topics')
      .select(['first_alert_at'])
      .where('id', '=', topicId)
      .executeTakeFirst();
    await db
      .updateTable('topics')
      .set((eb) => ({
        alert_count: eb('alert_count', '+', 1),
        first_alert_at: t?.first_alert_at ?? at,
        last_alert_at: at,
        state: 'rising',
        title,
      }))
      .where('id', '=', topicId)
      .execute();
  },

  /** Folds a merged topic into its survivor: items, volumes, regions, alerts and workflow records. */
  async mergeTopic(db: Q, from: number, into: number) {
    const source = await db.selectFrom('topics').selectAll().where('id', '=', from).executeTakeFirst();
    const target = await db.selectFrom('topics').selectAll().where('id', '=', into).executeTakeFirst();
    if (!source || !target) return;
    await db.updateTable('topic_items').set({ topic_id: into }).where('topic_id', '=', from).execute();
    for (const v of await db.selectFrom('topic_volumes').selectAll().where('topic_id', '=', from).execute()) {
      await db
        .insertInto('topic_volumes')
        .values({ ...v, topic_id: into })
        .onConflict((oc) =>
          oc.columns(['topic_id', 'bucket_at']).doUpdateSet((eb) => ({
            item_count: eb('topic_volumes.item_count', '+', v.item_count),
            urgent_count: eb('topic_volumes.urgent_count', '+', v.urgent_count),
          })),
        )
        .execute();
    }
    await db.deleteFrom('topic_volumes').where('topic_id', '=', from).execute();
    for (const r of await db.selectFrom('topic_regions').selectAll().where('topic_id', '=', from).execute()) {
      await db
        .insertInto('topic_regions')
        .values({ ...r, topic_id: into })
        .onConflict((oc) =>
          oc.columns(['topic_id', 'region_id']).doUpdateSet((eb) => ({
            item_count: eb('topic_regions.item_count', '+', r.item_count),
          })),
        )
        .execute();
    }
    await db.deleteFrom('topic_regions').where('topic_id', '=', from).execute();
    for (const table of ['topic_alerts', 'topic_assessments', 'topic_responses'] as const) {
      await db.updateTable(table).set({ topic_id: into }).where('topic_id', '=', from).execute();
    }
    // A link both topics had stays once.
    const links = await db.selectFrom('topic_links').selectAll().where('topic_id', '=', from).execute();
    for (const l of links) {
      await db
        .insertInto('topic_links')
        .values({ ...l, id: undefined, topic_id: into })
        .onConflict((oc) => oc.columns(['topic_id', 'kind', 'target_id']).doNothing())
        .execute();
    }
    await db.deleteFrom('topic_links').where('topic_id', '=', from).execute();
    const peak = await db
      .selectFrom('topic_volumes')
      .select(['item_count', 'bucket_at'])
      .where('topic_id', '=', into)
      .orderBy('item_count', 'desc')
      .orderBy('bucket_at', 'desc')
      .executeTakeFirst();
    const earliest = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));
    const latest = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));
    await db
      .updateTable('topics')
      .set({
        item_count: target.item_count + source.item_count,
        urgent_count: target.urgent_count + source.urgent_count,
        alert_count: target.alert_count + source.alert_count,
        first_seen_at: earliest(target.first_seen_at, source.first_seen_at) ?? target.first_seen_at,
        last_seen_at: latest(target.last_seen_at, source.last_seen_at) ?? target.last_seen_at,
        first_alert_at: earliest(target.first_alert_at, source.first_alert_at),
        last_alert_at: latest(target.last_alert_at, source.last_alert_at),
        first_response_at: earliest(target.first_response_at, source.first_response_at),
        risk_level: target.risk_level ?? source.risk_level,
        peak_count: peak?.item_count ?? target.peak_count,
        peak_bucket_at: peak?.bucket_at ?? target.peak_bucket_at,
      })
      .where('id', '=', into)
      .execute();
    await db.updateTable('topics').set({ merged_into: into, state: 'cold' }).where('id', '=', from).execute();
  },

  /** The state of each topic that is not cold yet, at `now`. */
  async refreshStates(db: Q, settings: TopicSettings, now: Date): Promise<number> {
    const bucketMs = settings.bucketSeconds * 1000;
    const current = Math.floor(now.getTime() / bucketMs) * bucketMs;
    const previousAt = new Date(current - bucketMs).toISOString();
    const currentAt = new Date(current).toISOString();
    const coldBefore = new Date(now.getTime() - settings.coldBuckets * bucketMs).toISOString();
    const topics = await db
      .selectFrom('topics')
      .select(['id', 'state', 'peak_count', 'last_seen_at', 'last_alert_at'])
      .where('state', '!=', 'cold')
      .where('merged_into', 'is', null)
      .execute();
    if (topics.length === 0) return 0;
    const volumes = await db
      .selectFrom('topic_volumes')
      .select(['topic_id', 'bucket_at', 'item_count'])
      .where('bucket_at', 'in', [previousAt, currentAt])
      .execute();
    const countOf = (id: number, at: string) =>
      volumes.find((v) => v.topic_id === id && v.bucket_at === at)?.item_count ?? 0;
    let changed = 0;
    for (const t of topics) {
      const state = topicState(t, {
        previous: countOf(t.id, previousAt),
        current: countOf(t.id, currentAt),
        previousAt,
        coldBefore,
        settings,
      });
      if (state === t.state) continue;
      await db.updateTable('topics').set({ state }).where('id', '=', t.id).execute();
      changed++;
    }
    return changed;
  },

  // ---- reads ----
  async listVisibleTo(
    db: Q,
    actor: Actor,
    unitRole: boolean,
    f: TopicListFilter & { limit: number; offset: number; sort?: 'recent' | 'size' | 'alerts' },
  ): Promise<{ items: TopicRow[]; total: number }> {
    const base = db
      .selectFrom('topics')
      .where('merged_into', 'is', null)
      .where(topicVisibleTo(actor, unitRole))
      .$if(!!f.q, (qb) =>
        qb.where((eb) =>
          eb.or([containsText('topics.title', f.q ?? ''), containsText('topics.keywords', f.q ?? '')]),
        ),
      )
      .$if(!!f.state?.length, (qb) => qb.where('topics.state', 'in', f.state ?? []))
      .$if(!!f.riskLevel?.length, (qb) => qb.where('topics.risk_level', 'in', f.riskLevel ?? []))
      .$if(!!f.alerted, (qb) => qb.where('topics.alert_count', '>', 0))
      .$if(!!f.since, (qb) => qb.where('topics.last_seen_at', '>=', f.since ?? ''))
      .$if(!!f.regionPath, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('topic_regions as r2')
              .select('r2.topic_id')
              .whereRef('r2.topic_id', '=', 'topics.id')
              .where(inRegionSubtree('r2.region_path', f.regionPath ?? '/')),
          ),
        ),
      );
    const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const total = Number(countRow.n);
    if (total === 0) return { items: [], total };
    const sort = f.sort ?? 'recent';
    let query = base.selectAll('topics');
    if (sort === 'size') query = query.orderBy('topics.item_count', 'desc');
    else if (sort === 'alerts') query = query.orderBy('topics.last_alert_at', 'desc');
    query = query.orderBy('topics.last_seen_at', 'desc').orderBy('topics.id', 'desc');
    const items = await query.limit(f.limit).offset(f.offset).execute();
    return { items, total };
  },

  async findVisible(db: Q, actor: Actor, unitRole: boolean, id: number): Promise<TopicRow | undefined> {
    return db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', id)
      .where(topicVisibleTo(actor, unitRole))
      .executeTakeFirst();
  },

  async regionsOf(db: Q, topicIds: number[], actor: Actor) {
    if (topicIds.length === 0) return [];
    return db
      .selectFrom('topic_regions')
      .innerJoin('regions', 'regions.id', 'topic_regions.region_id')
      .select([
        'topic_regions.topic_id as topicId',
        'topic_regions.region_id as regionId',
        'regions.name as name',
        'topic_regions.region_path as path',
        'topic_regions.item_count as count',
      ])
      .where('topic_regions.topic_id', 'in', topicIds)
      .where(inRegionSubtree('topic_regions.region_path', actor.regionPath))
      .orderBy('topic_regions.item_count', 'desc')
      .execute();
  },

  async volumesOf(db: Q, topicIds: number[], since: string) {
    if (topicIds.length === 0) return [];
    return db
      .selectFrom('topic_volumes')
      .select(['topic_id', 'bucket_at', 'item_count', 'urgent_count'])
      .where('topic_id', 'in', topicIds)
      .where('bucket_at', '>=', since)
      .orderBy('bucket_at')
      .execute();
  },

  async itemsOf(db: Q, topicId: number, actor: Actor, limit: number, offset: number) {
    const base = db
      .selectFrom('topic_items')
      .where('topic_id', '=', topicId)
      .where(inRegionSubtree('topic_items.region_path', actor.regionPath));
    const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await base
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return { items, total: Number(n.n) };
  },

  async sourcesOf(db: Q, topicId: number, actor: Actor) {
    return db
      .selectFrom('topic_items')
      .select(['source_kind', 'source_label', (eb) => eb.fn.countAll<number>().as('n')])
      .where('topic_id', '=', topicId)
      .where(inRegionSubtree('topic_items.region_path', actor.regionPath))
      .groupBy(['source_kind', 'source_label'])
      .orderBy('n', 'desc')
      .limit(20)
      .execute();
  },

  async alertsVisibleTo(
    db: Q,
    actor: Actor,
    f: { topicId?: number; unacknowledged?: boolean; limit: number; offset: number },
  ) {
    const base = db
      .selectFrom('topic_alerts')
      .where(inRegionSubtree('topic_alerts.region_path', actor.regionPath))
      .$if(f.topicId !== undefined, (qb) => qb.where('topic_id', '=', f.topicId ?? 0))
      .$if(!!f.unacknowledged, (qb) => qb.where('acknowledged_at', 'is', null));
    const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await base.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
    return { items, total: Number(n.n) };
  },

  async findAlert(db: Q, actor: Actor, id: number) {
    return db
      .selectFrom('topic_alerts')
      .selectAll()
      .where('id', '=', id)
      .where(inRegionSubtree('topic_alerts.region_path', actor.regionPath))
      .executeTakeFirst();
  },

  async acknowledgeAlert(db: Q, id: number, actor: Actor, at: string) {
    await db
      .updateTable('topic_alerts')
      .set({ acknowledged_at: at, acknowledged_by: actor.userId, acknowledged_by_name: actor.displayName })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .execute();
  },

  async assessmentsOf(db: Q, topicId: number) {
    return db
      .selectFrom('topic_assessments')
      .selectAll()
      .where('topic_id', '=', topicId)
      .orderBy('id', 'desc')
      .execute();
  },

  async linksOf(db: Q, topicId: number) {
    return db.selectFrom('topic_links').selectAll().where('topic_id', '=', topicId).orderBy('id').execute();
  },

  async responsesOf(db: Q, topicId: number) {
    return db
      .selectFrom('topic_responses')
      .selectAll()
      .where('topic_id', '=', topicId)
      .orderBy('responded_at')
      .orderBy('id')
      .execute();
  },

  /** Most frequent keywords over the given topics, weighted by their item counts. */
  topTerms(topics: Array<{ keywords: string; item_count: number }>, limit: number) {
    const weights = new Map<string, number>();
    for (const t of topics) {
      const words = JSON.parse(t.keywords) as string[];
      words.forEach((w, i) => {
        weights.set(w, (weights.get(w) ?? 0) + t.item_count / (i + 1));
      });
    }
    return [...weights]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([term, weight]) => ({ term, weight: Math.round(weight * 10) / 10 }));
  },
};

export interface StateInputs {
  previous: number;
  current: number;
  previousAt: string;
  coldBefore: string;
  settings: TopicSettings;
}

/**
 * rising: alerted in this or the previous bucket; cold: no items for coldBuckets buckets; cooling: it
 * once reached minCount in a bucket and both the last complete bucket and this one are below
 * coolingShare of that peak; otherwise active.
 */
export function topicState(
  t: { peak_count: number; last_seen_at: string; last_alert_at: string | null },
  s: StateInputs,
): TopicState {
  if (t.last_seen_at < s.coldBefore) return 'cold';
  if (t.last_alert_at && t.last_alert_at >= s.previousAt) return 'rising';
  const limit = s.settings.coolingShare * t.peak_count;
  if (t.peak_count >= s.settings.minCount && s.previous < limit && s.current < limit) return 'cooling';
  return 'active';
}
