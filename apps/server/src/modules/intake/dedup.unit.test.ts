import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandKeys,
  bigrams,
  jaccard,
  MIN_SHARED_BANDS,
  normaliseUrl,
  SIMILAR_TEXT_THRESHOLD,
} from './dedup.ts';

/** A key as first stored ("band:hex"), as the band-keys migration converts it. */
const stored = (keys: string[]) =>
  keys.map((k) => {
    const [band = '', hash = ''] = k.split(':');
    return Number(band) * 2 ** 32 + Number.parseInt(hash, 16);
  });

/** A deterministic generator of pseudo-random integers below n (xorshift32). */
function randomInts(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

describe('intake dedup', () => {
  it('keeps the band keys already stored in databases (the hash of each two-character string)', () => {
    // Computed by the first implementation, which hashed bigrams as strings: a change here would make
    // every stored case invisible to the duplicate suggestion.
    expect(
      bandKeys(
        bigrams('本人于昨日在某购物平台购买商品后，收到自称客服的电话，对方以退款为由诱导我下载会议软件'),
      ),
    ).toEqual(
      stored([
        '0:328b1f2f',
        '1:12cb4f52',
        '2:71898d9a',
        '3:d8632bee',
        '4:b278793e',
        '5:9eec432',
        '6:22841e45',
        '7:49961897',
        '8:a4aef062',
        '9:b2925b12',
        '10:eca8d413',
        '11:7071b2d',
        '12:2acd6ad5',
        '13:6797b7cc',
        '14:a1f5ba46',
        '15:3b3344d3',
      ]),
    );
    // Astral characters (two UTF-16 code units) hash as their surrogate pair did.
    expect(bandKeys(bigrams('𠀀𪚥 路灯坏了 Street light broken near 𠀀 the school'))).toEqual(
      stored([
        '0:fee55d85',
        '1:83a025ce',
        '2:fbf213e7',
        '3:48d235ed',
        '4:7d0d0632',
        '5:43ded430',
        '6:836a16cd',
        '7:e6e202e0',
        '8:c78c0622',
        '9:813520db',
        '10:b3277bd8',
        '11:87f1cebb',
        '12:4e63d94c',
        '13:59466741',
        '14:f11f71f1',
        '15:bc800caa',
      ]),
    );
  });

  it('compares texts by their bigrams after normalising width, case, spaces and punctuation', () => {
    expect(bigrams('ＡＢ ab，ab').size).toBe(2); // "ab", "ba"
    expect(jaccard(bigrams('路灯坏了很久'), bigrams('路灯坏了，很久！'))).toBe(1);
    expect(jaccard(bigrams('路灯坏了很久'), bigrams('路灯坏了好久'))).toBeCloseTo(3 / 7);
    expect(jaccard(bigrams('𠀀𪚥路灯'), bigrams('𠀀𪚥路'))).toBeCloseTo(2 / 3);
    expect(bandKeys(bigrams('太短了'))).toEqual([]);
  });

  it('makes texts with 10% of characters changed candidates of each other (shared bands), and not unrelated ones', () => {
    // Synthetic complaints from a 3,000-character alphabet, 40 to 200 characters long, with 10% of their
    // characters substituted, deleted or inserted: each must share MIN_SHARED_BANDS bands with its original and
    // reach the suggestion threshold; unrelated texts of the same kind must not.
    const next = randomInts(20261122);
    const text = (length: number) =>
      Array.from({ length }, () => String.fromCodePoint(0x4e00 + next(3000))).join('');
    const shared = (a: number[], b: number[]) => a.filter((k) => b.includes(k)).length;
    let missed = 0;
    let unrelatedCandidates = 0;
    const TEXTS = 1000;
    for (let t = 0; t < TEXTS; t++) {
      const original = text(40 + next(161));
      const chars = [...original];
      for (let e = 0; e < Math.round(chars.length / 10); e++) {
        const at = next(chars.length);
        const kind = next(3);
        if (kind === 0) chars[at] = String.fromCodePoint(0x4e00 + next(3000));
        else if (kind === 1) chars.splice(at, 1);
        else chars.splice(at, 0, String.fromCodePoint(0x4e00 + next(3000)));
      }
      const a = bigrams(original);
      const b = bigrams(chars.join(''));
      const [ka, kb] = [bandKeys(a), bandKeys(b)];
      expect(ka).toHaveLength(BANDS);
      if (shared(ka, kb) < MIN_SHARED_BANDS || jaccard(a, b) < SIMILAR_TEXT_THRESHOLD) missed++;
      if (shared(ka, bandKeys(bigrams(text(40 + next(161))))) >= MIN_SHARED_BANDS) unrelatedCandidates++;
    }
    expect({ missed, unrelatedCandidates }).toEqual({ missed: 0, unrelatedCandidates: 0 });
  });

  it('normalises URLs for the same-URL grouping', () => {
    expect(normaliseUrl('https://www.Casino.example/play/?utm_source=x&b=2&a=1#top')).toBe(
      'casino.example/play?a=1&b=2',
    );
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
  });
});
