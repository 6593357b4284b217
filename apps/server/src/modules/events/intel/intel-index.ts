// Compact lookup structures for the indicator matcher. A million indicators must fit in a few hundred MB
// and one event must be matched in microseconds, so nothing here keeps an object per indicator:
// networks live in sorted typed arrays, hashes as bytes in an open-addressing table.

/** A growable Int32Array / Uint32Array / Float64Array. */
export class Growable<T extends Int32Array | Uint32Array | Float64Array | Uint8Array> {
  length = 0;
  data: T;
  private readonly make: (n: number) => T;
  constructor(data: T, make: (n: number) => T) {
    this.data = data;
    this.make = make;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const growInt32 = () => new Growable(new Int32Array(16), (n) => new Int32Array(n));
export const growFloat64 = () => new Growable(new Float64Array(16), (n) => new Float64Array(n));
export const growUint8 = () => new Growable(new Uint8Array(16), (n) => new Uint8Array(n));

/**
 * Networks that are nested or disjoint (CIDR blocks always are): sorted by start (wider first on a tie),
 * each with its innermost enclosing network as parent. A point query is one binary search for the last
 * network starting at or before the address, then a walk up its parents: the first that contains the
 * address and all of its ancestors are the matches.
 */
export class NetworkIndex<K extends number | bigint> {
  private readonly starts: ArrayLike<K>;
  private readonly ends: ArrayLike<K>;
  private readonly parents: Int32Array;
  private readonly termOffsets: Int32Array;
  private readonly terms: Int32Array;
  private readonly prefixes: Uint8Array;

  private constructor(
    starts: ArrayLike<K>,
    ends: ArrayLike<K>,
    parents: Int32Array,
    termOffsets: Int32Array,
    terms: Int32Array,
    prefixes: Uint8Array,
  ) {
    this.starts = starts;
    this.ends = ends;
    this.parents = parents;
    this.termOffsets = termOffsets;
    this.terms = terms;
    this.prefixes = prefixes;
  }

  get size(): number {
    return this.parents.length;
  }

  static build<K extends number | bigint>(
    entries: { start: K; end: K; prefix: number; term: number }[],
    makeKeys: (values: K[]) => ArrayLike<K>,
  ): NetworkIndex<K> {
    entries.sort((a, b) =>
      a.start < b.start ? -1 : a.start > b.start ? 1 : a.prefix - b.prefix || a.term - b.term,
    );
    const starts: K[] = [];
    const ends: K[] = [];
    const prefixes: number[] = [];
    const offsets: number[] = [];
    const terms = new Int32Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as (typeof entries)[number];
      const last = starts.length - 1;
      if (last < 0 || starts[last] !== e.start || prefixes[last] !== e.prefix) {
        starts.push(e.start);
        ends.push(e.end);
        prefixes.push(e.prefix);
        offsets.push(i);
      }
      terms[i] = e.term;
    }
    offsets.push(entries.length);
    const parents = new Int32Array(starts.length);
    const stack: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as K;
      while (stack.length > 0 && (ends[stack[stack.length - 1] as number] as K) < start) stack.pop();
      parents[i] = stack.length > 0 ? (stack[stack.length - 1] as number) : -1;
      stack.push(i);
    }
    return new NetworkIndex(
      makeKeys(starts),
      makeKeys(ends),
      parents,
      Int32Array.from(offsets),
      terms,
      Uint8Array.from(prefixes),
    );
  }

  /** Calls `hit(term, prefix)` for every term of every network containing `address`. */
  /**
   * For IPv4 (number keys): bucket b holds the index of the first network starting at or after b << 16,
   * so a lookup binary-searches only the networks starting in its /16 (a few cache lines, not 20 hops
   * over megabytes), falling back to the last network before the bucket.
   */
  private buckets: Int32Array | null = null;

  /** Builds the /16 bucket table (IPv4 only). */
  withBuckets(): this {
    const starts = this.starts as ArrayLike<number>;
    const buckets = new Int32Array(65_537);
    let i = 0;
    for (let b = 0; b <= 65_536; b++) {
      const base = b * 65_536;
      while (i < starts.length && (starts[i] as number) < base) i++;
      buckets[b] = i;
    }
    this.buckets = buckets;
    return this;
  }

  lookup(address: K, hit: (term: number, prefix: number) => void): void {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    if (this.buckets !== null && typeof address === 'number') {
      const b = address >>> 16;
      lo = this.buckets[b] as number;
      hi = (this.buckets[b + 1] as number) - 1;
    }
    // Nothing starts in the bucket at or before the address: the candidate is the one just before.
    let found = lo - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as K) <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let node = found;
    while (node >= 0 && (this.ends[node] as K) < address) node = this.parents[node] as number;
    while (node >= 0) {
      const prefix = this.prefixes[node] as number;
      for (let t = this.termOffsets[node] as number; t < (this.termOffsets[node + 1] as number); t++) {
        hit(this.terms[t] as number, prefix);
      }
      node = this.parents[node] as number;
    }
  }
}

/**
 * Hashes of one algorithm as bytes: packed into one buffer, found through an open-addressing table
 * (linear probing, at most half full) over a hash of every byte.
 */
export class DigestTable {
  private readonly bytes: Uint8Array;
  private readonly terms: Int32Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly width: number;

  constructor(width: number, hexes: string[], terms: number[]) {
    this.width = width;
    const n = hexes.length;
    this.bytes = new Uint8Array(n * width);
    this.terms = Int32Array.from(terms);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < n; i++) {
      const hex = hexes[i] as string;
      this.bytes.set(Buffer.from(hex, 'hex').subarray(0, width), i * width);
      let slot = this.slotOf(this.bytes, i * width);
      while ((this.table[slot] as number) >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = i;
    }
  }

  get size(): number {
    return this.terms.length;
  }

  // Every byte counts (a feed may hold non-random "hashes", or someone may plant colliding prefixes):
  // 32-bit words mixed murmur-style.
  private slotOf(bytes: Uint8Array, at: number): number {
    let h = 0x9747b28c;
    for (let i = 0; i < this.width; i += 4) {
      let k =
        (bytes[at + i] as number) |
        ((bytes[at + i + 1] as number) << 8) |
        ((bytes[at + i + 2] as number) << 16) |
        ((bytes[at + i + 3] as number) << 24);
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return (h >>> 0) & this.mask;
  }

  /** Calls `hit(term)` for every entry equal to the first `length` bytes of `query` (the digest). */
  lookup(query: Uint8Array, length: number, hit: (term: number) => void): void {
    if (this.terms.length === 0 || length !== this.width) return;
    let slot = this.slotOf(query, 0);
    const w = this.width;
    for (;;) {
      const entry = this.table[slot] as number;
      if (entry < 0) return;
      let equal = true;
      const base = entry * w;
      for (let b = 0; b < w; b++) {
        if (this.bytes[base + b] !== query[b]) {
          equal = false;
          break;
        }
      }
      if (equal) hit(this.terms[entry] as number);
      slot = (slot + 1) & this.mask;
    }
  }
}

/** Term ids by string key, with the single-term case (nearly all keys) stored without an array. */
export class KeyIndex {
  private readonly map = new Map<string, number | number[]>();
  add(key: string, term: number): void {
    const existing = this.map.get(key);
    if (existing === undefined) this.map.set(key, term);
    else if (typeof existing === 'number') this.map.set(key, [existing, term]);
    else existing.push(term);
  }
  get size(): number {
    return this.map.size;
  }
  lookup(key: string, hit: (term: number) => void): void {
    const found = this.map.get(key);
    if (found === undefined) return;
    if (typeof found === 'number') hit(found);
    else for (const t of found) hit(t);
  }
}
