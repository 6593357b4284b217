// Stage 6: burst detection. Every series (a topic, a region) keeps its own baseline — an exponentially
// weighted mean of its count per time bucket — and a bucket is a burst when its count is improbable under
// a Poisson model with that mean, and large and fast-growing enough to matter to a person on duty.

export interface BurstOptions {
  /** Minimum surprise, as -log10 of the Poisson tail probability (6 = one in a million). */
  sensitivity: number;
  /** Minimum items in the bucket. */
  minCount: number;
  /** Minimum ratio of the bucket's count to the expected count. */
  minGrowth: number;
  /** Weight of the newest bucket in the slow baseline (0–1): the series' usual level. */
  alpha: number;
  /** Weight of the newest bucket in the fast baseline (0–1): follows daily rhythms and slow growth. */
  fastAlpha: number;
  /** Expected count per bucket never taken below this (a new series has no history). */
  floorRate: number;
  /** Buckets from the first item of the stream during which nothing fires (baselines form). */
  warmupBuckets: number;
  /** Buckets after an alert during which the same series does not fire again. */
  cooldownBuckets: number;
}

export interface BurstSignal {
  /** Items in the bucket so far. */
  count: number;
  /** Items expected in a bucket from the series' own history. */
  expected: number;
  /** count / expected. */
  growth: number;
  /** -log10 of the Poisson probability of at least `count` items when `expected` are usual. */
  surprise: number;
}

export interface BurstSnapshot {
  firstBucket: number | null;
  series: Array<[string | number, Series]>;
}

interface Series {
  bucket: number;
  count: number;
  rate: number;
  fastRate: number;
  lastAlert: number;
}

const LN10 = Math.log(10);

/** ln(n!) by Stirling's series (exact table below 16), accurate to well under 1e-10 beyond it. */
function logFactorial(n: number): number {
  if (n < 16) {
    let r = 0;
    for (let i = 2; i <= n; i++) r += Math.log(i);
    return r;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n * n * n);
}

/** -log10 P(X >= k) for X ~ Poisson(lambda); 0 when k <= 0. Stable far into the tail. */
export function poissonSurprise(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return Number.POSITIVE_INFINITY;
  if (k <= lambda) {
    // Not in the upper tail: 1 - P(X < k), summed directly (small k here only matters for tests).
    let term = Math.exp(-lambda);
    let below = 0;
    for (let i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    return -Math.log10(Math.max(1e-300, 1 - Math.min(1, below)));
  }
  // log P(X = k), then the tail as P(X = k) * sum_j lambda^j k!/(k+j)!, whose terms shrink fast.
  const logPk = k * Math.log(lambda) - lambda - logFactorial(k);
  let sum = 1;
  let term = 1;
  for (let j = 1; j < 1000; j++) {
    term *= lambda / (k + j);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return -(logPk + Math.log(sum)) / LN10;
}

/** Burst detection over many series, fed one item at a time. */
export class BurstDetector {
  readonly options: BurstOptions;
  readonly #series = new Map<string | number, Series>();
  #firstBucket: number | null = null;

  constructor(options: BurstOptions) {
    this.options = options;
  }

  /** The baselines of every series, as plain JSON. */
  snapshot(): BurstSnapshot {
    return { firstBucket: this.#firstBucket, series: [...this.#series].map(([k, s]) => [k, { ...s }]) };
  }

  static restore(options: BurstOptions, snapshot: BurstSnapshot): BurstDetector {
    const d = new BurstDetector(options);
    d.#firstBucket = snapshot.firstBucket;
    for (const [key, s] of snapshot.series) {
      // JSON has no -Infinity: a series that never alerted comes back as null.
      d.#series.set(key, { ...s, lastAlert: s.lastAlert ?? Number.NEGATIVE_INFINITY });
    }
    return d;
  }

  /**
   * Counts one item of a series in a bucket and returns a signal when this item makes the bucket a
   * burst (at most once per series per cooldown). Items of an older bucket count in the series' current one.
   */
  observe(key: string | number, bucket: number): BurstSignal | null {
    this.#firstBucket ??= bucket;
    const o = this.options;
    let s = this.#series.get(key);
    if (!s) {
      s = { bucket, count: 0, rate: o.floorRate, fastRate: o.floorRate, lastAlert: Number.NEGATIVE_INFINITY };
      this.#series.set(key, s);
    }
    if (bucket > s.bucket) this.#roll(s, bucket);
    s.count++;
    if (bucket - this.#firstBucket < o.warmupBuckets) return null;
    if (s.count < o.minCount || s.bucket - s.lastAlert <= o.cooldownBuckets) return null;
    // The larger of the two baselines: a rise the fast one already follows (a daily rhythm) is no burst.
    const expected = Math.max(s.rate, s.fastRate, o.floorRate);
    const growth = s.count / expected;
    if (growth < o.minGrowth) return null;
    const surprise = poissonSurprise(s.count, expected);
    if (surprise < o.sensitivity) return null;
    s.lastAlert = s.bucket;
    return { count: s.count, expected, growth, surprise };
  }

  /** The series' expected count per bucket (its baseline), or undefined for an unknown series. */
  baseline(key: string | number): number | undefined {
    const s = this.#series.get(key);
    return s ? Math.max(s.rate, s.fastRate, this.options.floorRate) : undefined;
  }

  /** Folds one series into another (when topics merge): counts of the same bucket and baselines add. */
  merge(from: string | number, into: string | number): void {
    const a = this.#series.get(from);
    if (!a) return;
    this.#series.delete(from);
    const b = this.#series.get(into);
    if (!b) {
      this.#series.set(into, a);
      return;
    }
    if (a.bucket > b.bucket) this.#roll(b, a.bucket);
    else if (b.bucket > a.bucket) this.#roll(a, b.bucket);
    b.count += a.count;
    b.rate += a.rate;
    b.fastRate += a.fastRate;
    b.lastAlert = Math.max(a.lastAlert, b.lastAlert);
  }

  /** Forgets a series (an expired topic). */
  forget(key: string | number): void {
    this.#series.delete(key);
  }

  #roll(s: Series, bucket: number): void {
    const { alpha, fastAlpha } = this.options;
    s.rate = (1 - alpha) * s.rate + alpha * s.count;
    s.fastRate = (1 - fastAlpha) * s.fastRate + fastAlpha * s.count;
    const empty = bucket - s.bucket - 1;
    if (empty > 0) {
      s.rate *= (1 - alpha) ** empty;
      s.fastRate *= (1 - fastAlpha) ** empty;
    }
    s.bucket = bucket;
    s.count = 0;
  }
}
