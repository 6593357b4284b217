// The whole offline topic pipeline, one item at a time: normalise -> segment -> fingerprint (near-
// duplicates) -> cluster -> region -> burst per topic and per region, with a tone trend per topic.
// Pure computation and memory only: no database, no clock, no network. Items should come roughly in
// time order; an item older than the current bucket is counted in the current bucket.
import { BurstDetector, type BurstOptions, type BurstSnapshot } from './burst.ts';
import {
  type ClustererSnapshot,
  type ClusterOptions,
  type Merge,
  normalise,
  OnlineClusterer,
  type Topic,
} from './cluster.ts';
import type { TopicItem } from './item.ts';
import { normaliseText } from './normalise.ts';
import { createRegionTagger, type Place } from './regions.ts';
import { createSegmenter, generalIdf } from './segment.ts';
import {
  type Fingerprint,
  NearDuplicateIndex,
  type NearDuplicateSnapshot,
  simhash,
  termHash,
} from './simhash.ts';
import { addTone, describeTrend, emptyTrend, scoreTone, type ToneTrend } from './urgency.ts';

export interface PipelineOptions {
  bucketMs: number;
  cluster: ClusterOptions;
  topicBurst: BurstOptions;
  regionBurst: BurstOptions;
  /** Max Hamming distance between SimHashes of near-duplicates. */
  nearDuplicateBits: number;
  lshBands: number;
  /** Recent fingerprints kept for near-duplicate lookup. */
  lshCapacity: number;
  /** Place paths ("市/区/街道"); their names also go into the segmenter's dictionary. */
  places: readonly string[];
  /** An office's own dictionary words. */
  words: readonly string[];
  hmm: boolean;
}

const HOUR = 3600_000;

/** Defaults tuned on the labelled stream (bench/topics.bench.ts); every one is a CLI option. */
export function defaultPipelineOptions(): PipelineOptions {
  const burst: BurstOptions = {
    sensitivity: 6,
    minCount: 12,
    minGrowth: 3,
    alpha: 0.1,
    fastAlpha: 0.5,
    floorRate: 1,
    warmupBuckets: 24,
    cooldownBuckets: 6,
  };
  return {
    bucketMs: HOUR,
    cluster: { similarity: 0.35, mergeSimilarity: 0.6, expireBuckets: 48, centroidTerms: 40, lookupTerms: 6 },
    topicBurst: burst,
    regionBurst: { ...burst, minCount: 20, minGrowth: 2 },
    nearDuplicateBits: 8,
    lshBands: 6,
    lshCapacity: 20_000,
    places: [],
    words: [],
    hmm: false,
  };
}

export interface ItemResult {
  type: 'item';
  id: string;
  /** Null when the text has no topic-bearing words (e.g. only emoji or numbers). */
  topic: number | null;
  newTopic: boolean;
  /** The id of the earlier item this one nearly duplicates. */
  duplicateOf: string | null;
  region: string | null;
  urgency: number;
}

interface Count {
  name: string;
  count: number;
}

export interface Spread {
  distinct: number;
  top: Count[];
}

export interface Alert {
  type: 'alert';
  kind: 'topic' | 'region';
  topic: number | null;
  region: string | null;
  time: string;
  bucketStart: string;
  why: {
    count: number;
    expected: number;
    growth: number;
    surprise: number;
    sources: Spread;
    regions: Spread;
    topics?: Spread;
  };
  keywords: string[];
  title: string;
  tone: ReturnType<typeof describeTrend>;
}

export interface TopicSummary {
  type: 'topic';
  topic: number;
  size: number;
  distinct: number;
  firstSeen: string;
  lastSeen: string;
  keywords: string[];
  title: string;
}

/** Per-series tallies of the current bucket: where the items come from, for an alert's "why". */
interface BucketSpread {
  bucket: number;
  sources: Map<string, number>;
  regions: Map<string, number>;
  topics: Map<string, number>;
  tone: ToneTrend;
}

function bump(map: Map<string, number>, key: string | null): void {
  if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
}

function spreadOf(map: Map<string, number>): Spread {
  const top = [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, count]) => ({ name, count }));
  return { distinct: map.size, top };
}

interface TermInfo {
  id: number;
  hash: Fingerprint;
  /** General-language IDF (jieba's table). */
  idf: number;
  /** Items of this stream containing the term. */
  df: number;
}

// Words in more than 1% of this stream's items (greetings, calls for help, the city's name) are
// weighed down, whatever the general-language table says; applied once the stream is large enough.
const STREAM_IDF_AFTER = 2000;
function streamFactor(df: number, documents: number): number {
  if (documents < STREAM_IDF_AFTER) return 1;
  return Math.min(1, Math.max(0.1, Math.log((documents + 1) / (df + 1)) / Math.log(100)));
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const MAX_TERMS = 2_000_000;
const MAX_TERMS_PER_ITEM = 64;
const TITLE_LENGTH = 60;

/** What happened to topics when this item opened a new bucket: merged ones and expired ones. */
export interface BucketChanges {
  merges: Merge[];
  expired: number[];
}

/** The whole state of a pipeline as plain JSON, so a service can persist it and resume after a restart. */
export interface PipelineSnapshot {
  version: 1;
  bucketMs: number;
  currentBucket: number | null;
  documents: number;
  /** [word, general idf, document frequency]; a term's id is its index. */
  terms: Array<[string, number, number]>;
  seq: number;
  /** [seq, topic, item id] of the near-duplicate window. */
  window: Array<[number, number, string]>;
  clusterer: ClustererSnapshot;
  topicBursts: BurstSnapshot;
  regionBursts: BurstSnapshot;
  nearDuplicates: NearDuplicateSnapshot;
  topicSpread: Array<[number, SpreadSnapshot]>;
  regionSpread: Array<[string, SpreadSnapshot]>;
}

interface SpreadSnapshot {
  bucket: number;
  sources: Array<[string, number]>;
  regions: Array<[string, number]>;
  topics: Array<[string, number]>;
  tone: ToneTrend;
}

export interface TopicPipeline {
  /**
   * Runs one item through every stage. With `history`, the item is clustered and tagged but not counted
   * by burst detection (an import of last month's items must not look like a burst now).
   */
  process(
    item: TopicItem,
    options?: { history?: boolean },
  ): { result: ItemResult; alerts: Alert[]; changes: BucketChanges };
  /** The bucket the stream has reached (null before the first item). */
  currentBucket(): number | null;
  snapshot(): PipelineSnapshot;
  /** Topic ids of a fresh pipeline start above this (ids handed out by an earlier pipeline). */
  startTopicIdsAbove(id: number): void;
  /** The keywords of an active topic (empty when it expired). */
  keywordsOf(topicId: number): string[];
  /** Active topics, largest first. */
  topics(): TopicSummary[];
  /** The surviving topic of a (possibly merged) topic id. */
  resolve(topicId: number): number;
}

/** Builds a pipeline; building loads jieba's dictionaries (about a second), so build once per stream. */
export function createTopicPipeline(
  options: PipelineOptions = defaultPipelineOptions(),
  state: PipelineSnapshot | null = null,
): TopicPipeline {
  const tagger = createRegionTagger(options.places);
  const segmenter = createSegmenter({ words: [...tagger.names, ...options.words], hmm: options.hmm });
  const idf = generalIdf();
  const lsh = { bands: options.lshBands, capacity: options.lshCapacity };
  const clusterer = state
    ? OnlineClusterer.restore(options.cluster, state.clusterer)
    : new OnlineClusterer(options.cluster);
  const topicBursts = state
    ? BurstDetector.restore(options.topicBurst, state.topicBursts)
    : new BurstDetector(options.topicBurst);
  const regionBursts = state
    ? BurstDetector.restore(options.regionBurst, state.regionBursts)
    : new BurstDetector(options.regionBurst);
  const nearDuplicates = state
    ? NearDuplicateIndex.restore(lsh, state.nearDuplicates)
    : new NearDuplicateIndex(lsh);
  const terms = new Map<string, TermInfo>();
  let documents = state?.documents ?? 0;
  const termNames: string[] = [];
  for (const [word, wordIdf, df] of state?.terms ?? []) {
    terms.set(word, { id: termNames.length, hash: termHash(word), idf: wordIdf, df });
    termNames.push(word);
  }
  // What each fingerprint in the LSH window stood for: ring buffers indexed by sequence number.
  const seqTopic = new Int32Array(options.lshCapacity);
  const seqId: string[] = new Array(options.lshCapacity);
  for (const [s, topic, id] of state?.window ?? []) {
    seqTopic[s % options.lshCapacity] = topic;
    seqId[s % options.lshCapacity] = id;
  }
  const fromSpread = (s: SpreadSnapshot): BucketSpread => ({
    bucket: s.bucket,
    sources: new Map(s.sources),
    regions: new Map(s.regions),
    topics: new Map(s.topics),
    tone: s.tone,
  });
  const toSpread = (s: BucketSpread): SpreadSnapshot => ({
    bucket: s.bucket,
    sources: [...s.sources],
    regions: [...s.regions],
    topics: [...s.topics],
    tone: s.tone,
  });
  const topicSpread = new Map<number, BucketSpread>(
    (state?.topicSpread ?? []).map(([k, s]) => [k, fromSpread(s)]),
  );
  const regionSpread = new Map<string, BucketSpread>(
    (state?.regionSpread ?? []).map(([k, s]) => [k, fromSpread(s)]),
  );
  let seq = state?.seq ?? 0;
  let currentBucket = state?.currentBucket ?? Number.NEGATIVE_INFINITY;
  let changes: BucketChanges = { merges: [], expired: [] };

  function spreadFor<K>(map: Map<K, BucketSpread>, key: K, bucket: number): BucketSpread {
    let s = map.get(key);
    if (!s || s.bucket < bucket) {
      const tone = s?.tone ?? emptyTrend(bucket);
      s = { bucket, sources: new Map(), regions: new Map(), topics: new Map(), tone };
      map.set(key, s);
    }
    return s;
  }

  function vectorise(words: string[]) {
    const tf = new Map<number, number>();
    const info: TermInfo[] = [];
    for (const word of words) {
      let t = terms.get(word);
      if (!t) {
        if (terms.size >= MAX_TERMS) continue;
        t = { id: terms.size, hash: termHash(word), idf: idf.get(word), df: 0 };
        terms.set(word, t);
        termNames.push(word);
      }
      const n = tf.get(t.id);
      if (n === undefined) info.push(t);
      tf.set(t.id, (n ?? 0) + 1);
    }
    documents++;
    let weighted = info.map((t) => {
      t.df++;
      return { t, weight: (1 + Math.log(tf.get(t.id) ?? 1)) * t.idf * streamFactor(t.df, documents) };
    });
    if (weighted.length > MAX_TERMS_PER_ITEM) {
      weighted = weighted.sort((a, b) => b.weight - a.weight).slice(0, MAX_TERMS_PER_ITEM);
    }
    const vector = normalise({ ids: weighted.map((w) => w.t.id), weights: weighted.map((w) => w.weight) });
    const fingerprint = simhash(weighted.map((w) => ({ hash: w.t.hash, weight: w.weight })));
    return { vector, fingerprint };
  }

  function keywords(topic: Topic): string[] {
    return clusterer.keywordIds(topic, 6).map((id) => termNames[id] ?? '');
  }

  function startBucket(bucket: number) {
    const { expired, merges } = clusterer.endBucket(bucket);
    for (const topic of expired) {
      topicBursts.forget(topic.id);
      topicSpread.delete(topic.id);
    }
    for (const merge of merges) {
      topicBursts.merge(merge.from, merge.into);
      topicSpread.delete(merge.from);
    }
    changes = { merges, expired: expired.map((t) => t.id) };
    currentBucket = bucket;
  }

  function alertBase(bucket: number, time: number) {
    return {
      time: new Date(time).toISOString(),
      bucketStart: new Date(bucket * options.bucketMs).toISOString(),
    };
  }

  return {
    process(item, processOptions) {
      const history = processOptions?.history === true;
      const text = normaliseText(item.text);
      const tone = scoreTone(text);
      const { vector, fingerprint } = vectorise(segmenter.terms(text));
      const bucket = Math.max(Math.floor(item.time / options.bucketMs), currentBucket);
      changes = { merges: [], expired: [] };
      if (bucket > currentBucket) startBucket(bucket);
      const place: Place | null = (item.region ? tagger.lookup(item.region) : null) ?? tagger.tag(text);
      const region = place?.path ?? null;
      const result: ItemResult = {
        type: 'item',
        id: item.id,
        topic: null,
        newTopic: false,
        duplicateOf: null,
        region,
        urgency: tone.urgency,
      };
      const alerts: Alert[] = [];
      if (vector.ids.length === 0) return { result, alerts, changes };

      // Short texts give unstable fingerprints: only exact fingerprint matches count for them.
      const maxBits = vector.ids.length >= 4 ? options.nearDuplicateBits : 0;
      const match = nearDuplicates.nearest(fingerprint, maxBits);
      let topic: Topic | undefined;
      if (match) {
        topic = clusterer.activeTopic(seqTopic[match.value % options.lshCapacity] ?? 0);
        if (topic) {
          clusterer.touch(topic, item.time, bucket);
          result.duplicateOf = seqId[match.value % options.lshCapacity] ?? null;
        }
      }
      if (!topic) {
        const assignment = clusterer.assign(vector, item.text.slice(0, TITLE_LENGTH), item.time, bucket);
        topic = assignment.topic;
        result.newTopic = assignment.isNew;
      }
      result.topic = topic.id;
      nearDuplicates.add(fingerprint, seq);
      seqTopic[seq % options.lshCapacity] = topic.id;
      seqId[seq % options.lshCapacity] = item.id;
      seq++;

      const ts = spreadFor(topicSpread, topic.id, bucket);
      bump(ts.sources, item.source);
      bump(ts.regions, region);
      addTone(ts.tone, bucket, tone);
      const topicSignal = history ? null : topicBursts.observe(topic.id, bucket);
      if (topicSignal) {
        alerts.push({
          type: 'alert',
          kind: 'topic',
          topic: topic.id,
          region: ts.regions.size > 0 ? (spreadOf(ts.regions).top[0]?.name ?? null) : null,
          ...alertBase(bucket, item.time),
          why: {
            count: topicSignal.count,
            expected: round(topicSignal.expected, 2),
            growth: round(topicSignal.growth, 1),
            surprise: round(topicSignal.surprise, 1),
            sources: spreadOf(ts.sources),
            regions: spreadOf(ts.regions),
          },
          keywords: keywords(topic),
          title: topic.title,
          tone: describeTrend(ts.tone),
        });
      }
      for (const path of place?.lineage ?? []) {
        const rs = spreadFor(regionSpread, path, bucket);
        bump(rs.sources, item.source);
        bump(rs.topics, String(topic.id));
        bump(rs.regions, region);
        addTone(rs.tone, bucket, tone);
        const signal = history ? null : regionBursts.observe(path, bucket);
        if (!signal) continue;
        const topTopic = Number(spreadOf(rs.topics).top[0]?.name ?? topic.id);
        const leading = clusterer.activeTopic(topTopic) ?? topic;
        alerts.push({
          type: 'alert',
          kind: 'region',
          topic: leading.id,
          region: path,
          ...alertBase(bucket, item.time),
          why: {
            count: signal.count,
            expected: round(signal.expected, 2),
            growth: round(signal.growth, 1),
            surprise: round(signal.surprise, 1),
            sources: spreadOf(rs.sources),
            regions: spreadOf(rs.regions),
            topics: spreadOf(rs.topics),
          },
          keywords: keywords(leading),
          title: leading.title,
          tone: describeTrend(rs.tone),
        });
      }
      return { result, alerts, changes };
    },
    snapshot() {
      const window: Array<[number, number, string]> = [];
      for (let s = Math.max(0, seq - options.lshCapacity); s < seq; s++) {
        window.push([s, seqTopic[s % options.lshCapacity] ?? 0, seqId[s % options.lshCapacity] ?? '']);
      }
      return {
        version: 1,
        bucketMs: options.bucketMs,
        currentBucket: Number.isFinite(currentBucket) ? currentBucket : null,
        documents,
        terms: termNames.map((w) => {
          const t = terms.get(w);
          return [w, t?.idf ?? 0, t?.df ?? 0];
        }),
        seq,
        window,
        clusterer: clusterer.snapshot(),
        topicBursts: topicBursts.snapshot(),
        regionBursts: regionBursts.snapshot(),
        nearDuplicates: nearDuplicates.snapshot(),
        topicSpread: [...topicSpread].map(([k, s]) => [k, toSpread(s)]),
        regionSpread: [...regionSpread].map(([k, s]) => [k, toSpread(s)]),
      };
    },
    startTopicIdsAbove: (id) => clusterer.startIdsAbove(id),
    currentBucket: () => (Number.isFinite(currentBucket) ? currentBucket : null),
    keywordsOf(topicId) {
      const topic = clusterer.activeTopic(topicId);
      return topic ? keywords(topic) : [];
    },
    topics() {
      return [...clusterer.activeTopics()]
        .sort((a, b) => b.size - a.size)
        .map((t) => ({
          type: 'topic' as const,
          topic: t.id,
          size: t.size,
          distinct: t.distinct,
          firstSeen: new Date(t.firstSeen).toISOString(),
          lastSeen: new Date(t.lastSeen).toISOString(),
          keywords: keywords(t),
          title: t.title,
        }));
    },
    resolve: (id) => clusterer.resolve(id),
  };
}
