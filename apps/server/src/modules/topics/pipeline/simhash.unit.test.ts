import { describe, expect, it } from 'vitest';
import { repost, seededRandom } from './eval/labelled-stream.ts';
import { normaliseText } from './normalise.ts';
import { createSegmenter, generalIdf } from './segment.ts';
import { type Fingerprint, hammingDistance, NearDuplicateIndex, simhash, termHash } from './simhash.ts';

const segmenter = createSegmenter();
const idf = generalIdf();
function fingerprint(text: string): Fingerprint {
  const terms = [...new Set(segmenter.terms(normaliseText(text)))];
  return simhash(terms.map((t) => ({ hash: termHash(t), weight: idf.get(t) })));
}

const VIRAL = [
  '紧急求助！东湖街道金桂苑附近主水管爆裂，整个片区停水了，自来水公司说抢修要到晚上，家里老人孩子没水用',
  '提醒大家：最近很多人收到冒充医保局的诈骗短信，说医保卡异常要冻结，让点链接输入银行卡密码，千万别信',
  '河口镇滨河路中段路面塌陷，出现一个两米多宽的大坑，一辆电动车差点掉进去，请绕行',
];

describe('SimHash', () => {
  it('counts differing bits exactly', () => {
    const a = { hi: 0, lo: 0 };
    expect(hammingDistance(a, a)).toBe(0);
    expect(hammingDistance(a, { hi: 0xffffffff, lo: 0xffffffff })).toBe(64);
    expect(hammingDistance({ hi: 0b1011, lo: 1 << 31 }, { hi: 0, lo: 0 })).toBe(4);
  });

  it('gives identical texts the same fingerprint, whatever their encoding', () => {
    expect(
      hammingDistance(
        fingerprint(VIRAL[0] ?? ''),
        fingerprint(
          '緊急求助！東湖街道金桂苑附近主水管爆裂，整個片區停水了，自來水公司說搶修要到晚上，家裡老人孩子沒水用',
        ),
      ),
    ).toBe(0);
  });

  it('keeps reposts with ~10% edits close and different texts far', () => {
    const random = seededRandom(42);
    const near: number[] = [];
    for (const text of VIRAL)
      for (let i = 0; i < 40; i++)
        near.push(hammingDistance(fingerprint(text), fingerprint(repost(random, text))));
    const far: number[] = [];
    for (const a of VIRAL)
      for (const b of VIRAL) if (a !== b) far.push(hammingDistance(fingerprint(a), fingerprint(b)));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(near)).toBeLessThan(10);
    expect(Math.min(...far)).toBeGreaterThan(20);
    // Short texts give noisy fingerprints: a single repost is within the default near-duplicate distance
    // (8 bits) of its original only about 40% of the time; in a burst it needs to be near any earlier copy.
    expect(near.filter((d) => d <= 8).length / near.length).toBeGreaterThan(0.35);
  });
});

describe('NearDuplicateIndex', () => {
  const flip = (fp: Fingerprint, bits: number[]): Fingerprint => {
    let { hi, lo } = fp;
    for (const b of bits) {
      if (b < 32) hi = (hi ^ (1 << b)) >>> 0;
      else lo = (lo ^ (1 << (b - 32))) >>> 0;
    }
    return { hi, lo };
  };

  it('always finds a stored fingerprint within bands-1 bits (pigeonhole) and returns the closest', () => {
    const random = seededRandom(1);
    const index = new NearDuplicateIndex({ bands: 6, capacity: 10_000 });
    const stored: Fingerprint[] = [];
    for (let i = 0; i < 5000; i++) {
      const fp = { hi: Math.floor(random() * 2 ** 32), lo: Math.floor(random() * 2 ** 32) };
      stored.push(fp);
      index.add(fp, i);
    }
    for (let i = 0; i < 200; i++) {
      const target = stored[i * 7] ?? { hi: 0, lo: 0 };
      const bits = [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * 64)))];
      const match = index.nearest(flip(target, bits), 5);
      expect(match?.value).toBe(i * 7);
      expect(match?.distance).toBe(bits.length);
    }
    expect(index.nearest({ hi: 1, lo: 2 }, 3)).toBeNull();
  });

  it('forgets fingerprints older than its capacity', () => {
    const index = new NearDuplicateIndex({ bands: 4, capacity: 3 });
    const fp = { hi: 123, lo: 456 };
    index.add(fp, 1);
    expect(index.nearest(fp, 0)?.value).toBe(1);
    for (let i = 0; i < 3; i++) index.add({ hi: 1000 + i, lo: 99 + i }, 10 + i);
    expect(index.nearest(fp, 0)).toBeNull();
  });
});
