// Stage 4: single-pass online clustering. An item joins the most similar active topic (cosine between
// its TF-IDF vector and the topic's centroid) when the similarity reaches a threshold, else it starts a
// new topic. Topics that went cold expire; topics whose centroids converged are merged.

/** A unit-length sparse vector: parallel arrays of term ids and weights. */
export interface SparseVector {
  ids: number[];
  weights: number[];
}

export interface ClusterOptions {
  /** Minimum cosine to join a topic. */
  similarity: number;
  /** Minimum centroid cosine for two topics to be merged. */
  mergeSimilarity: number;
  /** A topic without items for this many buckets expires (stops taking items). */
  expireBuckets: number;
  /** Terms kept per centroid (the rest are pruned); also bounds the inverted index. */
  centroidTerms: number;
  /** Terms of an item used to look up candidate topics (its heaviest). */
  lookupTerms: number;
}

export interface Topic {
  id: number;
  /** Items assigned, near-duplicates included. */
  size: number;
  /** Items that shaped the centroid (near-duplicates excluded). */
  distinct: number;
  firstSeen: number;
  lastSeen: number;
  lastBucket: number;
  centroid: Map<number, number>;
  normSquared: number;
  /** The text closest to the centroid seen so far, as the topic's title. */
  title: string;
  titleSimilarity: number;
}

export interface ClustererSnapshot {
  nextId: number;
  mergedInto: Array<[number, number]>;
  touched: number[];
  topics: Array<Omit<Topic, 'centroid'> & { centroid: Array<[number, number]> }>;
}

export interface Assignment {
  topic: Topic;
  isNew: boolean;
  similarity: number;
}

export interface Merge {
  from: number;
  into: number;
  similarity: number;
}

export function normalise(vector: SparseVector): SparseVector {
  let sum = 0;
  for (const w of vector.weights) sum += w * w;
  if (sum === 0) return vector;
  const norm = Math.sqrt(sum);
  return { ids: vector.ids, weights: vector.weights.map((w) => w / norm) };
}

function cosineWithTopic(v: SparseVector, topic: Topic): number {
  if (topic.normSquared <= 0) return 0;
  let dot = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const c = topic.centroid.get(v.ids[i] ?? -1);
    if (c !== undefined) dot += c * (v.weights[i] ?? 0);
  }
  return dot / Math.sqrt(topic.normSquared);
}

function centroidCosine(a: Topic, b: Topic): number {
  const [small, large] = a.centroid.size <= b.centroid.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [id, w] of small.centroid) {
    const other = large.centroid.get(id);
    if (other !== undefined) dot += w * other;
  }
  const denom = Math.sqrt(a.normSquared * b.normSquared);
  return denom > 0 ? dot / denom : 0;
}

/** The online clusterer. Topic ids are never reused; merged ids resolve to the surviving topic. */
export class OnlineClusterer {
  readonly options: ClusterOptions;
  readonly #active = new Map<number, Topic>();
  readonly #index = new Map<number, Set<number>>();
  readonly #mergedInto = new Map<number, number>();
  readonly #touched = new Set<number>();
  #nextId = 1;

  constructor(options: ClusterOptions) {
    this.options = options;
  }

  /** Everything the clusterer holds, as plain JSON (the inverted index is rebuilt on restore). */
  snapshot(): ClustererSnapshot {
    return {
      nextId: this.#nextId,
      mergedInto: [...this.#mergedInto],
      touched: [...this.#touched],
      topics: [...this.#active.values()].map((t) => ({ ...t, centroid: [...t.centroid] })),
    };
  }

  /** A clusterer in the state a snapshot recorded. */
  static restore(options: ClusterOptions, snapshot: ClustererSnapshot): OnlineClusterer {
    const c = new OnlineClusterer(options);
    c.#nextId = snapshot.nextId;
    for (const [from, into] of snapshot.mergedInto) c.#mergedInto.set(from, into);
    for (const id of snapshot.touched) c.#touched.add(id);
    for (const t of snapshot.topics) {
      const topic: Topic = { ...t, centroid: new Map(t.centroid) };
      c.#active.set(topic.id, topic);
      for (const termId of topic.centroid.keys()) {
        let topics = c.#index.get(termId);
        if (!topics) {
          topics = new Set();
          c.#index.set(termId, topics);
        }
        topics.add(topic.id);
      }
    }
    return c;
  }

  /** Ids are never reused: a fresh clusterer can be told to start above ids handed out before. */
  startIdsAbove(id: number): void {
    this.#nextId = Math.max(this.#nextId, id + 1);
  }

  /** The active topic an id now belongs to (following merges), or undefined when it expired. */
  activeTopic(id: number): Topic | undefined {
    return this.#active.get(this.resolve(id));
  }

  /** Follows merges to the surviving topic id. */
  resolve(id: number): number {
    let current = id;
    for (let next = this.#mergedInto.get(current); next !== undefined; next = this.#mergedInto.get(current)) {
      current = next;
    }
    if (current !== id) this.#mergedInto.set(id, current);
    return current;
  }

  activeTopics(): IterableIterator<Topic> {
    return this.#active.values();
  }

  /** Puts an item (a unit vector) into the most similar topic or a new one. */
  assign(vector: SparseVector, text: string, time: number, bucket: number): Assignment {
    let best: Topic | undefined;
    let bestSimilarity = 0;
    const seen = new Set<number>();
    for (const termId of this.#lookupIds(vector)) {
      const topics = this.#index.get(termId);
      if (!topics) continue;
      for (const topicId of topics) {
        if (seen.has(topicId)) continue;
        seen.add(topicId);
        const topic = this.#active.get(topicId);
        if (!topic) continue;
        const similarity = cosineWithTopic(vector, topic);
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity;
          best = topic;
        }
      }
    }
    if (best && bestSimilarity >= this.options.similarity) {
      this.#add(best, vector);
      this.touch(best, time, bucket);
      best.distinct++;
      if (bestSimilarity > best.titleSimilarity && best.distinct >= 2) {
        best.title = text;
        best.titleSimilarity = bestSimilarity;
      }
      return { topic: best, isNew: false, similarity: bestSimilarity };
    }
    const topic: Topic = {
      id: this.#nextId++,
      size: 0,
      distinct: 1,
      firstSeen: time,
      lastSeen: time,
      lastBucket: bucket,
      centroid: new Map(),
      normSquared: 0,
      title: text,
      titleSimilarity: 0,
    };
    this.#active.set(topic.id, topic);
    this.#add(topic, vector);
    this.touch(topic, time, bucket);
    return { topic, isNew: true, similarity: 1 };
  }

  /** Counts an item (e.g. a near-duplicate) in a topic's volume without changing its centroid. */
  touch(topic: Topic, time: number, bucket: number): void {
    topic.size++;
    topic.lastSeen = Math.max(topic.lastSeen, time);
    topic.lastBucket = Math.max(topic.lastBucket, bucket);
    this.#touched.add(topic.id);
  }

  /**
   * Housekeeping when a new bucket starts: expire topics cold for expireBuckets, then merge topics
   * that received items in the last bucket into an older topic whose centroid converged with theirs.
   */
  endBucket(bucket: number): { expired: Topic[]; merges: Merge[] } {
    const expired: Topic[] = [];
    for (const topic of this.#active.values()) {
      if (bucket - topic.lastBucket > this.options.expireBuckets) expired.push(topic);
    }
    for (const topic of expired) this.#remove(topic);
    const merges: Merge[] = [];
    for (const id of [...this.#touched].sort((a, b) => b - a)) {
      const topic = this.#active.get(id);
      if (!topic) continue;
      const target = this.#mergeTarget(topic);
      if (!target) continue;
      merges.push({ from: topic.id, into: target.topic.id, similarity: target.similarity });
      this.#mergeInto(topic, target.topic);
    }
    this.#touched.clear();
    return { expired, merges };
  }

  /** The heaviest terms of a topic, best first. */
  keywordIds(topic: Topic, count: number): number[] {
    return [...topic.centroid]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([id]) => id);
  }

  #lookupIds(vector: SparseVector): number[] {
    if (vector.ids.length <= this.options.lookupTerms) return vector.ids;
    return vector.ids
      .map((id, i) => [id, vector.weights[i] ?? 0] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, this.options.lookupTerms)
      .map(([id]) => id);
  }

  #mergeTarget(topic: Topic): { topic: Topic; similarity: number } | null {
    let best: { topic: Topic; similarity: number } | null = null;
    const seen = new Set<number>([topic.id]);
    for (const termId of this.keywordIds(topic, this.options.lookupTerms)) {
      for (const otherId of this.#index.get(termId) ?? []) {
        if (seen.has(otherId)) continue;
        seen.add(otherId);
        const other = this.#active.get(otherId);
        // Merge into older topics only, so the surviving id is the one analysts saw first.
        if (!other || other.id > topic.id) continue;
        const similarity = centroidCosine(topic, other);
        if (similarity >= this.options.mergeSimilarity && (!best || similarity > best.similarity)) {
          best = { topic: other, similarity };
        }
      }
    }
    return best;
  }

  #mergeInto(from: Topic, into: Topic): void {
    this.#remove(from);
    for (const [id, w] of from.centroid) this.#addTerm(into, id, w);
    this.#prune(into);
    into.size += from.size;
    into.distinct += from.distinct;
    into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
    into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
    into.lastBucket = Math.max(into.lastBucket, from.lastBucket);
    this.#mergedInto.set(from.id, into.id);
  }

  #add(topic: Topic, vector: SparseVector): void {
    for (let i = 0; i < vector.ids.length; i++)
      this.#addTerm(topic, vector.ids[i] ?? -1, vector.weights[i] ?? 0);
    if (topic.centroid.size > 2 * this.options.centroidTerms) this.#prune(topic);
  }

  #addTerm(topic: Topic, id: number, weight: number): void {
    const old = topic.centroid.get(id);
    if (old === undefined) {
      let topics = this.#index.get(id);
      if (!topics) {
        topics = new Set();
        this.#index.set(id, topics);
      }
      topics.add(topic.id);
    }
    const now = (old ?? 0) + weight;
    topic.centroid.set(id, now);
    topic.normSquared += now * now - (old ?? 0) * (old ?? 0);
  }

  /** Keeps the heaviest centroidTerms terms; light terms say little and would bloat the index. */
  #prune(topic: Topic): void {
    if (topic.centroid.size <= this.options.centroidTerms) return;
    const sorted = [...topic.centroid].sort((a, b) => b[1] - a[1]);
    for (const [id] of sorted.slice(this.options.centroidTerms)) {
      topic.centroid.delete(id);
      this.#unindex(id, topic.id);
    }
    let norm = 0;
    for (const w of topic.centroid.values()) norm += w * w;
    topic.normSquared = norm;
  }

  #remove(topic: Topic): void {
    this.#active.delete(topic.id);
    for (const id of topic.centroid.keys()) this.#unindex(id, topic.id);
  }

  #unindex(termId: number, topicId: number): void {
    const topics = this.#index.get(termId);
    if (!topics) return;
    topics.delete(topicId);
    if (topics.size === 0) this.#index.delete(termId);
  }
}
