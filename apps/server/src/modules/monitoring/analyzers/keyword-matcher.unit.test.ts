import { describe, expect, it } from 'vitest';
import {
  createDefaultKeywordMatcher,
  createKeywordMatcher,
  defaultKeywordCategories,
} from './keyword-matcher.ts';
import fraud from './keywords/fraud.json' with { type: 'json' };
import gambling from './keywords/gambling.json' with { type: 'json' };
import phishing from './keywords/phishing.json' with { type: 'json' };
import pornography from './keywords/pornography.json' with { type: 'json' };

const found = (hits: { category: string; keyword: string }[]) =>
  hits.map((h) => `${h.category}:${h.keyword}`);

describe('KeywordMatcher (Aho-Corasick)', () => {
  it('finds every keyword with its index, span and context', () => {
    const m = createKeywordMatcher([{ category: 'gambling', keywords: ['博彩', '百家乐'] }]);
    const text = '欢迎访问本站。在线百家乐与博彩平台';
    const hits = m.scan(text);
    expect(hits.map((h) => [h.keyword, h.index, h.length, h.matched])).toEqual([
      ['百家乐', 9, 3, '百家乐'],
      ['博彩', 13, 2, '博彩'],
    ]);
    expect(hits[0]?.context).toContain('在线百家乐与博彩');
  });

  it('reports overlapping and nested patterns', () => {
    const m = createKeywordMatcher([
      { category: 'c', keywords: ['he', 'she', 'his', 'hers', '六合彩', '合彩'] },
    ]);
    expect(m.scan('ushers').map((h) => `${h.keyword}@${h.index}`)).toEqual(['she@1', 'he@2', 'hers@2']);
    expect(m.scan('买六合彩').map((h) => h.keyword)).toEqual(['六合彩', '合彩']);
  });

  it('reports a keyword once per category that lists it', () => {
    const m = createKeywordMatcher([
      { category: 'a', keywords: ['套现'] },
      { category: 'b', keywords: ['套现', '套现'] },
    ]);
    expect(found(m.scan('信用卡套现'))).toEqual(['a:套现', 'b:套现']);
    expect(m.size).toBe(2);
  });

  it('matches traditional characters against simplified keywords and vice versa', () => {
    const m = createDefaultKeywordMatcher();
    expect(found(m.scan('線上百家樂、澳門賭場、詐騙集團的刷單返利'))).toEqual(
      expect.arrayContaining(['gambling:百家乐', 'gambling:澳门赌场', 'fraud:刷单返利']),
    );
    const trad = createKeywordMatcher([{ category: 'x', keywords: ['體育投註'] }]);
    expect(trad.scan('体育投注').map((h) => h.matched)).toEqual(['体育投注']);
  });

  it('folds full-width letters and digits and upper case', () => {
    const m = createDefaultKeywordMatcher();
    expect(found(m.scan('ＢＥＴ３６５官网 ＣＡＳＩＮＯ'))).toEqual(['gambling:bet365', 'gambling:casino']);
    expect(m.scan('北京赛车ＰＫ１０')[0]?.matched).toBe('北京赛车ＰＫ１０');
  });

  it('tolerates inserted spaces, zero-width characters and separator punctuation', () => {
    const m = createDefaultKeywordMatcher();
    for (const text of [
      '博 彩',
      '博\u200b彩',
      '博*彩',
      '百-家-乐',
      '百　家　乐',
      '六\u200d合\ufeff彩',
      'b e t 3 6 5',
    ]) {
      expect(m.scan(text).length, text).toBeGreaterThan(0);
    }
    const hit = m.scan('去 澳 门 赌 场 玩')[0];
    expect(hit).toMatchObject({ keyword: '澳门赌场', index: 2, matched: '澳 门 赌 场' });
  });

  it('without separator tolerance, spaced-out keywords do not match but zero-width ones still do', () => {
    const m = createKeywordMatcher([{ category: 'g', keywords: ['博彩'] }], { separatorTolerant: false });
    expect(m.scan('博 彩')).toEqual([]);
    expect(m.scan('博\u200b彩')).toHaveLength(1);
  });

  it('office-defined categories join the shipped ones', () => {
    const m = createDefaultKeywordMatcher([{ category: 'office:drugs', keywords: ['出售冰毒'] }]);
    expect(m.categories).toEqual(['gambling', 'pornography', 'fraud', 'phishing', 'office:drugs']);
    expect(found(m.scan('出售冰毒，联系'))).toEqual(['office:drugs:出售冰毒']);
  });

  it('ignores empty keywords and rejects absurd ones', () => {
    expect(createKeywordMatcher([{ category: 'x', keywords: ['', '   ', '\u200b'] }]).size).toBe(0);
    expect(() => createKeywordMatcher([{ category: 'x', keywords: ['长'.repeat(101)] }])).toThrow(RangeError);
  });

  it('caps the number of hits', () => {
    const m = createKeywordMatcher([{ category: 'x', keywords: ['彩'] }]);
    expect(m.scan('彩'.repeat(5000), { maxHits: 10 })).toHaveLength(10);
  });

  it('classifies domains by category tokens', () => {
    const m = createDefaultKeywordMatcher();
    expect(m.domainCategories('www.best-casino88.example')).toEqual(['gambling']);
    expect(m.domainCategories('www.beijing.gov.cn')).toEqual([]);
  });

  it('finds nothing in ordinary government text', () => {
    const m = createDefaultKeywordMatcher();
    const text =
      '县人民政府召开常务会议，研究部署安全生产、乡村振兴和优化营商环境工作。彩票公益金资助项目公示。';
    expect(m.scan(text)).toEqual([]);
  });

  it('is correct on 1 MB of text (bench-like: counts, not time)', () => {
    const m = createDefaultKeywordMatcher();
    const filler = '本县持续推进政务公开标准化规范化建设，提升政务服务效能。';
    let text = '';
    let planted = 0;
    while (text.length < 1_000_000) {
      text += filler;
      if (text.length % 7 === 0) {
        text += '百家乐';
        planted++;
      }
    }
    const hits = m.scan(text, { maxHits: 1_000_000 });
    expect(hits.filter((h) => h.keyword === '百家乐')).toHaveLength(planted);
    expect(hits.every((h) => text.slice(h.index, h.index + h.length) === h.matched)).toBe(true);
  });
});

describe('shipped keyword lists', () => {
  const lists = [gambling, pornography, fraud, phishing];

  it('ship only the illegal-content categories', () => {
    expect(defaultKeywordCategories().map((c) => c.category)).toEqual([
      'gambling',
      'pornography',
      'fraud',
      'phishing',
    ]);
  });

  it('have no duplicates, no blanks and no single-character terms', () => {
    for (const list of lists) {
      expect(new Set(list.keywords).size, list.category).toBe(list.keywords.length);
      for (const k of list.keywords) expect(k.trim().length, k).toBeGreaterThan(1);
    }
  });

  it('match their own terms', () => {
    const m = createDefaultKeywordMatcher();
    for (const list of lists) {
      for (const k of list.keywords) expect(found(m.scan(k)), k).toContain(`${list.category}:${k}`);
    }
  });
});
