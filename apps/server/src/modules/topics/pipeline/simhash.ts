// Stage 3: 64-bit SimHash fingerprints over weighted terms, and a banded LSH index that finds an
// earlier near-duplicate (a repost with small edits) without comparing against every earlier item.

/** A 64-bit fingerprint as two unsigned 32-bit halves (JavaScript bit operations are 32-bit). */
export interface Fingerprint {
  hi: number;
  lo: number;
}

export interface WeightedFeature {
  hash: Fingerprint;
  weight: number;
}

/** FNV-1a over UTF-16 code units with a seed; two seeds make the two halves of a 64-bit feature hash. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (from murmur3) so that short, similar words spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 64-bit hash of one term. */
export function termHash(term: string): Fingerprint {
  return { hi: fnv1a(term, 0x9e3779b9), lo: fnv1a(term, 0x7f4a7c15) };
}

/** SimHash: each bit is the sign of the weighted vote of the features' hash bits. */
export function simhash(features: readonly WeightedFeature[]): Fingerprint {
  const votes = new Float64Array(64);
  for (const { hash, weight } of features) {
    for (let bit = 0; bit < 32; bit++) {
      votes[bit] = (votes[bit] ?? 0) + ((hash.hi >>> bit) & 1 ? weight : -weight);
      votes[bit + 32] = (votes[bit + 32] ?? 0) + ((hash.lo >>> bit) & 1 ? weight : -weight);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((votes[bit] ?? 0) > 0) hi |= 1 << bit;
    if ((votes[bit + 32] ?? 0) > 0) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of differing bits between two fingerprints (0–64). */
export function hammingDistance(a: Fingerprint, b: Fingerprint): number {
  return popcount((a.hi ^ b.hi) >>> 0) + popcount((a.lo ^ b.lo) >>> 0);
}

/** Bits [start, start+width) of a fingerprint (bits 0–31 are hi's, 32–63 lo's; width <= 16). */
function bandValue(fp: Fingerprint, start: number, width: number): number {
  const mask = (1 << width) - 1;
  if (start >= 32) return (fp.lo >>> (start - 32)) & mask;
  if (start + width <= 32) return (fp.hi >>> start) & mask;
  const fromHi = 32 - start;
  return ((fp.hi >>> start) | (fp.lo << fromHi)) & mask;
}

export interface NearDuplicateIndexOptions {
  /** Number of bands the 64 bits are cut into. Any two fingerprints within bands-1 bits share a band. */
  bands: number;
  /** How many of the most recent fingerprints are kept; older ones are forgotten. */
  capacity: number;
}

export interface NearDuplicateSnapshot {
  next: number;
  /** [hi, lo, value] per fingerprint, oldest first. */
  entries: Array<[number, number, number]>;
}

export interface NearDuplicateMatch {
  /** The value stored with the earlier fingerprint. */
  value: number;
  distance: number;
}

/**
 * Banded LSH over SimHash fingerprints: a fingerprint is filed under each of its bands, and a lookup
 * compares only against fingerprints sharing at least one band value (pigeonhole: within bands-1 bits
 * they always do), so lookups stay sub-linear. Only the `capacity` most recent entries are kept.
 */
export class NearDuplicateIndex {
  readonly #bandStarts: number[] = [];
  readonly #bandWidths: number[] = [];
  readonly #buckets: Map<number, number[]>[] = [];
  readonly #fingerprints: Fingerprint[] = [];
  readonly #values: number[] = [];
  readonly #capacity: number;
  #next = 0;

  constructor(options: NearDuplicateIndexOptions) {
    const bands = Math.max(4, Math.min(32, Math.floor(options.bands)));
    this.#capacity = Math.max(1, Math.floor(options.capacity));
    let start = 0;
    for (let b = 0; b < bands; b++) {
      const width = Math.floor(64 / bands) + (b < 64 % bands ? 1 : 0);
      this.#bandStarts.push(start);
      this.#bandWidths.push(width);
      this.#buckets.push(new Map());
      start += width;
    }
  }

  /** The window's fingerprints and values, oldest first (the band buckets are rebuilt on restore). */
  snapshot(): NearDuplicateSnapshot {
    const entries: Array<[number, number, number]> = [];
    for (let seq = Math.max(0, this.#next - this.#capacity); seq < this.#next; seq++) {
      const fp = this.#fingerprints[seq % this.#capacity];
      if (fp) entries.push([fp.hi, fp.lo, this.#values[seq % this.#capacity] ?? 0]);
    }
    return { next: this.#next, entries };
  }

  static restore(options: NearDuplicateIndexOptions, snapshot: NearDuplicateSnapshot): NearDuplicateIndex {
    const index = new NearDuplicateIndex(options);
    // Sequence numbers continue where they were, so values stored with them stay meaningful.
    index.#next = Math.max(0, snapshot.next - snapshot.entries.length);
    for (const [hi, lo, value] of snapshot.entries) index.add({ hi, lo }, value);
    index.#next = Math.max(index.#next, snapshot.next);
    return index;
  }

  /** The closest stored fingerprint within maxDistance bits, or null. */
  nearest(fp: Fingerprint, maxDistance: number): NearDuplicateMatch | null {
    let best: NearDuplicateMatch | null = null;
    const oldest = this.#next - this.#capacity;
    for (let b = 0; b < this.#buckets.length; b++) {
      const bucket = this.#buckets[b]?.get(this.#key(fp, b));
      if (!bucket) continue;
      for (const seq of bucket) {
        if (seq < oldest) continue;
        const stored = this.#fingerprints[seq % this.#capacity];
        if (!stored) continue;
        const distance = hammingDistance(fp, stored);
        if (distance <= maxDistance && (!best || distance < best.distance)) {
          best = { value: this.#values[seq % this.#capacity] ?? 0, distance };
          if (distance === 0) return best;
        }
      }
    }
    return best;
  }

  /** Files a fingerprint with a value (e.g. the item's sequence number). */
  add(fp: Fingerprint, value: number): void {
    const seq = this.#next++;
    this.#fingerprints[seq % this.#capacity] = fp;
    this.#values[seq % this.#capacity] = value;
    const oldest = seq + 1 - this.#capacity;
    for (let b = 0; b < this.#buckets.length; b++) {
      const buckets = this.#buckets[b];
      if (!buckets) continue;
      const key = this.#key(fp, b);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = [];
        buckets.set(key, bucket);
      }
      // Forget entries that fell out of the window once they make up half of a bucket.
      if (bucket.length >= 8 && (bucket[bucket.length >> 1] ?? 0) < oldest) {
        bucket.splice(0, bucket.length, ...bucket.filter((s) => s >= oldest));
      }
      bucket.push(seq);
    }
  }

  #key(fp: Fingerprint, band: number): number {
    return bandValue(fp, this.#bandStarts[band] ?? 0, this.#bandWidths[band] ?? 0);
  }
}
