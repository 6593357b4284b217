import { describe, expect, it } from 'vitest';
import { BurstDetector, type BurstOptions, poissonSurprise } from './burst.ts';
import { seededRandom } from './eval/labelled-stream.ts';

const OPTIONS: BurstOptions = {
  sensitivity: 6,
  minCount: 12,
  minGrowth: 3,
  alpha: 0.1,
  fastAlpha: 0.5,
  floorRate: 1,
  warmupBuckets: 24,
  cooldownBuckets: 6,
};

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

describe('poissonSurprise', () => {
  it('matches known Poisson tail probabilities', () => {
    // P(X >= 1 | 1) = 1 - e^-1 ≈ 0.632; P(X >= 10 | 2) ≈ 4.65e-5; P(X >= 50 | 5) ≈ 2.2e-32.
    expect(poissonSurprise(1, 1)).toBeCloseTo(-Math.log10(1 - Math.exp(-1)), 6);
    expect(10 ** -poissonSurprise(10, 2)).toBeCloseTo(4.65e-5, 6);
    expect(poissonSurprise(50, 5)).toBeGreaterThan(31.5);
    expect(poissonSurprise(50, 5)).toBeLessThan(31.8);
    expect(poissonSurprise(0, 3)).toBe(0);
    expect(poissonSurprise(5000, 4000)).toBeGreaterThan(40);
  });
});

describe('BurstDetector', () => {
  it('fires within 2 buckets of an injected burst of 50 near-duplicates, with why', () => {
    const random = seededRandom(3);
    const d = new BurstDetector(OPTIONS);
    const signals: Array<{ bucket: number; count: number; growth: number }> = [];
    for (let bucket = 0; bucket < 100; bucket++) {
      // 4 per bucket usual; from bucket 60, 50 more items over two buckets.
      const extra = bucket === 60 ? 20 : bucket === 61 ? 30 : 0;
      for (let i = 0; i < poisson(random, 4) + extra; i++) {
        const s = d.observe('topic', bucket);
        if (s) signals.push({ bucket, count: s.count, growth: s.growth });
      }
    }
    expect(signals.length).toBe(1);
    expect(signals[0]?.bucket).toBeGreaterThanOrEqual(60);
    expect(signals[0]?.bucket).toBeLessThanOrEqual(62);
    expect(signals[0]?.growth).toBeGreaterThanOrEqual(3);
  });

  it('never fires on steady Poisson background, including a daily rhythm, over many series', () => {
    const random = seededRandom(9);
    const d = new BurstDetector(OPTIONS);
    let fired = 0;
    for (let bucket = 0; bucket < 24 * 30; bucket++) {
      const rhythm = 1 - 0.6 * Math.cos((bucket / 24) * 2 * Math.PI);
      for (let series = 0; series < 40; series++) {
        const mean = (1 + (series % 10) * 3) * rhythm;
        for (let i = poisson(random, mean); i > 0; i--) if (d.observe(series, bucket)) fired++;
      }
    }
    expect(fired).toBe(0);
  });

  it('stays quiet during warm-up and for the cooldown after an alert', () => {
    const d = new BurstDetector({ ...OPTIONS, warmupBuckets: 2, cooldownBuckets: 2 });
    const burst = (bucket: number) => {
      let fired = 0;
      for (let i = 0; i < 40; i++) if (d.observe('k', bucket)) fired++;
      return fired;
    };
    expect(burst(0)).toBe(0); // warm-up
    expect(burst(2)).toBe(1);
    expect(burst(3)).toBe(0); // cooldown (and the baseline rose)
  });

  it('requires the minimum count and growth', () => {
    const d = new BurstDetector({ ...OPTIONS, warmupBuckets: 0 });
    let fired = 0;
    for (let i = 0; i < 11; i++) if (d.observe('small', 0)) fired++;
    expect(fired).toBe(0);
    expect(d.observe('small', 0)).not.toBeNull();
  });

  it('adds counts and baselines when series merge', () => {
    const d = new BurstDetector({ ...OPTIONS, warmupBuckets: 0, sensitivity: 1 });
    for (let i = 0; i < 8; i++) d.observe('a', 0);
    for (let i = 0; i < 3; i++) d.observe('b', 0);
    d.merge('b', 'a');
    expect(d.baseline('b')).toBeUndefined();
    // 8 + 3 merged, one more makes 12 (the minimum count) against both floors added (1 + 1).
    expect(d.observe('a', 0)).toMatchObject({ count: 12, expected: 2 });
  });
});
