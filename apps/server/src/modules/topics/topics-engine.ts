// The stored topic pipeline: takes new intake cases into topic_items, runs pending items through the
// pipeline in id order, and writes topics, their regions and volume series, and alerts — together with
// the pipeline's state and cursors in one transaction per batch, so a restart resumes exactly where the
// last committed batch ended (a failed batch is retried from the state before it).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { TopicItemRow } from '../../platform/db/schema-topics.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import { createTopicPipeline, type PipelineSnapshot, type TopicPipeline } from './pipeline/pipeline.ts';
import { pipelineOptions, readSettings, type TopicSettings } from './topic-settings.ts';
import { BatchCounts, type ItemMark, topicsRepository as repo } from './topics.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const BATCH_SIZE = 500;
const URGENT_AT = 2;

interface PlaceIndex {
  /** Place paths of names, for the tagger. */
  places: string[];
  /** Place path -> region. */
  byPlace: Map<string, { id: number; path: string }>;
  /** Region id -> place path. */
  byRegion: Map<number, string>;
  /** Region paths, to detect a changed region tree. */
  signature: string;
}

/** The jurisdiction's regions as place paths of names ("江川市/江川区/东湖街道"). */
export async function loadPlaces(db: Q): Promise<PlaceIndex> {
  const regions = await db
    .selectFrom('regions')
    .select(['id', 'parent_id', 'name', 'path'])
    .orderBy('id')
    .execute();
  const byId = new Map(regions.map((r) => [r.id, r]));
  const names = new Map<number, string>();
  const nameOf = (id: number, depth = 0): string => {
    const known = names.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id);
    if (!r || depth > 20) return '';
    const own = r.name.replaceAll('/', '-').trim();
    const parent = r.parent_id ? nameOf(r.parent_id, depth + 1) : '';
    const full = parent ? `${parent}/${own}` : own;
    names.set(id, full);
    return full;
  };
  const byPlace = new Map<string, { id: number; path: string }>();
  const byRegion = new Map<number, string>();
  for (const r of regions) {
    const place = nameOf(r.id);
    if (!place || byPlace.has(place)) continue;
    byPlace.set(place, { id: r.id, path: r.path });
    byRegion.set(r.id, place);
  }
  return {
    places: [...byPlace.keys()],
    byPlace,
    byRegion,
    signature: regions.map((r) => `${r.id}:${r.name}:${r.path}`).join('|'),
  };
}

interface Loaded {
  pipeline: TopicPipeline;
  places: PlaceIndex;
  settings: TopicSettings;
  /** updated_at of the pipeline row this memory state corresponds to. */
  version: string;
}

export interface ProcessResult {
  collected: number;
  processed: number;
  alerts: number;
  /** More pending items remain (the caller runs another batch). */
  more: boolean;
}

export interface TopicsEngine {
  /** Copies new intake cases into topic_items, then processes one batch of pending items. */
  runBatch(): Promise<ProcessResult>;
  /**
   * Batches until nothing is pending, or until `budgetMs` has passed (the job stops between batches so a
   * shutdown never waits long; `more` says whether items remain).
   */
  runUntilIdle(maxBatches?: number, budgetMs?: number): Promise<ProcessResult>;
  /** Recomputes each recent topic's state (rising, active, cooling, cold) at the current time. */
  refreshStates(): Promise<number>;
  /** Forget the in-memory pipeline (after a settings change). */
  invalidate(): void;
}

export function createTopicsEngine(db: Kysely<Database>, now: () => Date): TopicsEngine {
  let loaded: Loaded | null = null;

  async function load(trx: Q): Promise<Loaded> {
    const row = await repo.pipelineRow(trx, now().toISOString());
    const places = await loadPlaces(trx);
    if (loaded && loaded.version === row.updated_at && loaded.places.signature === places.signature) {
      return loaded;
    }
    const settings = readSettings(row.settings);
    const options = pipelineOptions(settings, places.places);
    let snapshot: PipelineSnapshot | null = null;
    if (row.state) {
      const parsed = JSON.parse(row.state) as PipelineSnapshot;
      if (parsed.version === 1 && parsed.bucketMs === options.bucketMs) snapshot = parsed;
    }
    const pipeline = createTopicPipeline(options, snapshot);
    if (!snapshot) pipeline.startTopicIdsAbove(await repo.maxTopicId(trx));
    loaded = { pipeline, places, settings, version: row.updated_at };
    return loaded;
  }

  async function collectIntake(
    trx: Transaction<Database>,
    cursor: number,
  ): Promise<{ n: number; cursor: number }> {
    const cases = await trx
      .selectFrom('intake_cases')
      .select(['id', 'kind', 'channel', 'title', 'content', 'region_id', 'region_path', 'created_at'])
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(BATCH_SIZE)
      .execute();
    const at = now().toISOString();
    for (const c of cases) {
      await repo.insertItem(trx, {
        source_kind: 'intake',
        source_label: `intake.${c.kind}`,
        external_key: `intake:${c.id}`,
        occurred_at: c.created_at,
        title: c.title.slice(0, 300),
        text: `${c.title}\n${c.content}`.slice(0, 5000),
        url: null,
        region_id: c.region_id,
        region_path: c.region_path,
        intake_case_id: c.id,
        feed_id: null,
        created_at: at,
      });
    }
    return { n: cases.length, cursor: cases.at(-1)?.id ?? cursor };
  }

  async function runBatch(): Promise<ProcessResult> {
    try {
      return await db.transaction().execute(async (trx) => {
        await repo.lockPipeline(trx);
        const state = await load(trx);
        const row = await repo.pipelineRow(trx, now().toISOString());
        const collected = await collectIntake(trx, row.intake_cursor);
        const items = await repo.pendingItems(trx, BATCH_SIZE);
        let alerts = 0;
        if (items.length > 0) alerts = await processItems(trx, state, items);
        const at = nextVersion(row.updated_at, now());
        await repo.savePipeline(trx, {
          state: items.length > 0 ? JSON.stringify(state.pipeline.snapshot()) : row.state,
          intake_cursor: collected.cursor,
          items_processed: row.items_processed + items.length,
          updated_at: at,
        });
        state.version = at;
        const more = items.length === BATCH_SIZE || collected.n === BATCH_SIZE;
        return { collected: collected.n, processed: items.length, alerts, more };
      });
    } catch (err) {
      // The memory state may be ahead of what was committed: rebuild it from the stored snapshot.
      loaded = null;
      throw err;
    }
  }

  async function processItems(
    trx: Transaction<Database>,
    state: Loaded,
    items: TopicItemRow[],
  ): Promise<number> {
    const { pipeline, places, settings } = state;
    const bucketMs = settings.bucketSeconds * 1000;
    let alertCount = 0;
    const touched = new Set<number>();
    // Counts and item updates are gathered in memory and written once per topic, bucket and region; they
    // are flushed before anything that reads or moves them (a merge, an alert) and at the end.
    let counts = new BatchCounts();
    let marks = new Map<string, { values: ItemMark; ids: number[] }>();
    const flush = async () => {
      for (const { values, ids } of marks.values()) await repo.markProcessedMany(trx, ids, values);
      marks = new Map();
      await repo.applyCounts(trx, counts, now().toISOString());
      counts = new BatchCounts();
    };
    for (const item of items) {
      // Intake cases name their region: a hint the text's own place names refine only when absent.
      const hint = item.source_kind === 'intake' ? (places.byRegion.get(item.region_id) ?? null) : null;
      const time = Date.parse(item.occurred_at);
      // History (an import of last month, a feed's old entries, items arriving far behind the stream) is
      // clustered and counted in its own buckets' volumes, but never makes a burst now.
      const history = isHistory(time, pipeline.currentBucket(), bucketMs, now().getTime());
      const { result, alerts, changes } = pipeline.process(
        { id: String(item.id), time, text: item.text, source: item.source_label, region: hint },
        { history },
      );
      if (changes.merges.length > 0) {
        await flush();
        for (const merge of changes.merges) await repo.mergeTopic(trx, merge.from, merge.into);
      }
      const tagged = result.region ? places.byPlace.get(result.region) : undefined;
      // A place inside the item's own region is more precise; one outside it does not move the item.
      const region = tagged?.path.startsWith(item.region_path)
        ? tagged
        : { id: item.region_id, path: item.region_path };
      const mark: ItemMark = {
        topic_id: result.topic,
        place: result.region,
        duplicate_of: result.duplicateOf,
        urgency: result.urgency,
        region_id: region.id,
        region_path: region.path,
      };
      const key = JSON.stringify(mark);
      const group = marks.get(key);
      if (group) group.ids.push(item.id);
      else marks.set(key, { values: mark, ids: [item.id] });
      if (result.topic === null) continue;
      touched.add(result.topic);
      counts.add({
        topicId: result.topic,
        title: item.title,
        occurredAt: item.occurred_at,
        bucketAt: new Date(Math.floor(time / bucketMs) * bucketMs).toISOString(),
        urgent: result.urgency >= URGENT_AT,
        regionId: region.id,
        regionPath: region.path,
      });
      if (alerts.length > 0) await flush();
      for (const alert of alerts) {
        if (alert.topic === null) continue;
        // A region that is loud because of one topic that already alerted in this bucket says nothing new.
        if (alert.kind === 'region' && (await repo.topicAlertedInBucket(trx, alert.topic, alert.bucketStart)))
          continue;
        const place = alert.region ? places.byPlace.get(alert.region) : undefined;
        const where = place ?? region;
        const alertId = await repo.insertAlert(trx, {
          topic_id: alert.topic,
          kind: alert.kind,
          region_id: where.id,
          region_path: where.path,
          place: alert.region,
          fired_at: alert.time,
          bucket_at: alert.bucketStart,
          why: JSON.stringify({ ...alert.why, tone: alert.tone }),
          title: alert.title.slice(0, 300),
          keywords: JSON.stringify(alert.keywords),
          acknowledged_at: null,
          acknowledged_by: null,
          acknowledged_by_name: null,
          created_at: now().toISOString(),
        });
        await repo.noteAlert(trx, alert.topic, alert.time, alert.title.slice(0, 300));
        await appendOutbox(trx, {
          topic: 'topic.alert',
          payload: {
            regionPath: where.path,
            findingTitle: alert.title.slice(0, 80),
            topicId: alert.topic,
            alertId,
            reason: alert.kind === 'region' ? (alert.region ?? '') : alert.keywords.join('、'),
          },
          dedupKey: `topic-alert:${alertId}`,
        });
        alertCount++;
      }
    }
    await flush();
    // Titles and keywords sharpen as a topic grows: write the pipeline's current ones for touched topics.
    await repo.refreshTitles(
      trx,
      pipeline
        .topics()
        .filter((t) => touched.has(t.topic))
        .map((t) => ({ id: t.topic, title: t.title.slice(0, 300), keywords: t.keywords })),
    );
    return alertCount;
  }

  return {
    runBatch,
    async runUntilIdle(maxBatches = 1000, budgetMs = Number.POSITIVE_INFINITY) {
      const total: ProcessResult = { collected: 0, processed: 0, alerts: 0, more: false };
      const started = Date.now();
      for (let i = 0; i < maxBatches; i++) {
        const r = await runBatch();
        total.collected += r.collected;
        total.processed += r.processed;
        total.alerts += r.alerts;
        total.more = r.more;
        if (!r.more || Date.now() - started >= budgetMs) break;
      }
      return total;
    },
    async refreshStates() {
      const row = await repo.pipelineRow(db, now().toISOString());
      const settings = readSettings(row.settings);
      return repo.refreshStates(db, settings, now());
    },
    invalidate() {
      loaded = null;
    },
  };
}

/** Items this far behind the stream (or more than a day old) are history; the margin covers job latency. */
const STREAM_MARGIN_MS = 10 * 60_000;
const HISTORY_AGE_MS = 24 * 3_600_000;

export function isHistory(
  time: number,
  reachedBucket: number | null,
  bucketMs: number,
  nowMs: number,
): boolean {
  const behindStream =
    reachedBucket !== null && time < reachedBucket * bucketMs - Math.max(bucketMs, STREAM_MARGIN_MS);
  const old = time < nowMs - Math.max(HISTORY_AGE_MS, 2 * bucketMs);
  return behindStream || old;
}

/** A version stamp that always moves forward, even when two batches commit in the same millisecond. */
function nextVersion(previous: string, at: Date): string {
  const stamp = at.toISOString();
  if (stamp > previous.slice(0, 24)) return stamp;
  const [, n] = previous.split('#');
  return `${previous.slice(0, 24)}#${Number(n ?? 0) + 1}`;
}
