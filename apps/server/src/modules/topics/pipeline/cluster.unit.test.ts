import { describe, expect, it } from 'vitest';
import { type ClusterOptions, normalise, OnlineClusterer, type SparseVector } from './cluster.ts';

const OPTIONS: ClusterOptions = {
  similarity: 0.5,
  mergeSimilarity: 0.8,
  expireBuckets: 3,
  centroidTerms: 10,
  lookupTerms: 4,
};
const vec = (terms: Record<number, number>): SparseVector =>
  normalise({ ids: Object.keys(terms).map(Number), weights: Object.values(terms) });

describe('OnlineClusterer', () => {
  it('puts similar items together and starts a new topic for a dissimilar one', () => {
    const c = new OnlineClusterer(OPTIONS);
    const a = c.assign(vec({ 1: 1, 2: 1, 3: 1 }), 'water', 0, 0);
    const b = c.assign(vec({ 1: 1, 2: 1, 4: 0.5 }), 'water again', 1, 0);
    const d = c.assign(vec({ 7: 1, 8: 1 }), 'noise', 2, 0);
    expect(a.isNew).toBe(true);
    expect(b.isNew).toBe(false);
    expect(b.topic.id).toBe(a.topic.id);
    expect(b.similarity).toBeGreaterThan(0.5);
    expect(d.isNew).toBe(true);
    expect(d.topic.id).not.toBe(a.topic.id);
    expect(a.topic.size).toBe(2);
  });

  it('clusters a synthetic stream of three interleaved issues into three topics', () => {
    const c = new OnlineClusterer(OPTIONS);
    const issues = [
      [1, 2, 3, 4],
      [10, 11, 12, 13],
      [20, 21, 22, 23],
    ];
    const ids = new Map<number, Set<number>>();
    for (let i = 0; i < 300; i++) {
      const issue = i % 3;
      const core = issues[issue] ?? [];
      // Each item has three of its issue's four words and one word of its own.
      const terms: Record<number, number> = { [1000 + i]: 1 };
      for (const [k, t] of core.entries()) if (k !== i % 4) terms[t] = 1;
      const { topic } = c.assign(vec(terms), `item ${i}`, i, 0);
      ids.set(issue, (ids.get(issue) ?? new Set()).add(topic.id));
    }
    expect([...ids.values()].map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set([...ids.values()].flatMap((s) => [...s])).size).toBe(3);
  });

  it('counts a near-duplicate as volume without changing the centroid', () => {
    const c = new OnlineClusterer(OPTIONS);
    const { topic } = c.assign(vec({ 1: 1, 2: 1 }), 'x', 0, 0);
    const before = new Map(topic.centroid);
    c.touch(topic, 5, 0);
    expect(topic.size).toBe(2);
    expect(topic.distinct).toBe(1);
    expect(topic.centroid).toEqual(before);
  });

  it('expires a topic that went cold, so a later similar item starts a new topic', () => {
    const c = new OnlineClusterer(OPTIONS);
    const first = c.assign(vec({ 1: 1, 2: 1 }), 'x', 0, 0);
    expect(c.endBucket(3).expired).toEqual([]);
    expect(c.endBucket(4).expired.map((t) => t.id)).toEqual([first.topic.id]);
    expect(c.activeTopic(first.topic.id)).toBeUndefined();
    expect(c.assign(vec({ 1: 1, 2: 1 }), 'x', 10, 4).isNew).toBe(true);
  });

  it('merges a newer topic into an older one once their centroids converge', () => {
    const c = new OnlineClusterer({ ...OPTIONS, similarity: 0.9 });
    const old = c.assign(vec({ 1: 1, 2: 1, 3: 1 }), 'a', 0, 0).topic;
    const young = c.assign(vec({ 1: 1, 2: 1, 4: 1 }), 'b', 1, 0).topic;
    expect(young.id).not.toBe(old.id);
    for (let i = 0; i < 5; i++) c.assign(vec({ 1: 1, 2: 1, 3: 1, 4: 1 }), 'c', 2, 0);
    const { merges } = c.endBucket(1);
    expect(merges).toContainEqual(expect.objectContaining({ from: young.id, into: old.id }));
    expect(c.resolve(young.id)).toBe(old.id);
    expect(c.activeTopic(young.id)?.id).toBe(old.id);
    expect(old.size).toBe(7);
  });

  it('prunes centroids to their heaviest terms', () => {
    const c = new OnlineClusterer({ ...OPTIONS, similarity: 0.01 });
    const terms: Record<number, number> = { 1: 5 };
    for (let i = 2; i < 40; i++) terms[i] = 0.1;
    const { topic } = c.assign(vec(terms), 'x', 0, 0);
    expect(topic.centroid.size).toBe(OPTIONS.centroidTerms);
    expect(c.keywordIds(topic, 1)).toEqual([1]);
  });
});
