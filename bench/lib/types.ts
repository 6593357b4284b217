/** One number a benchmark measured, with the budget it must stay under (if any). */
export interface Measurement {
  metric: string;
  value: number;
  unit: 'ms' | 'MB' | 'count' | 'req/s' | '%';
  /** The measurement passes when value < maxExclusive; null when the metric is informational. */
  budget: { maxExclusive: number } | null;
  /** How it was measured, in a few words (e.g. "median of 5 cold loads"). */
  note?: string;
}

export interface BenchContext {
  /** Progress lines, printed as the benchmark runs. */
  log(message: string): void;
  /** `--scale=<fraction>`: a data-heavy benchmark seeds this share of its full size (quick runs); 1 by default. */
  scale?: number;
  /** A sentence for docs/performance.md under the results (e.g. what dominates a missed budget). */
  remark?(text: string): void;
}

/** A benchmark: bench/<name>.bench.ts exports `benchmark`. */
export interface Benchmark {
  title: string;
  /** What it measures and how, in a sentence or two, for docs/performance.md. */
  method: string;
  run(ctx: BenchContext): Promise<Measurement[]>;
}

export function passes(m: Measurement): boolean {
  return m.budget === null || m.value < m.budget.maxExclusive;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}
