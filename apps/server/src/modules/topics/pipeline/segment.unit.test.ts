import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { cleanDictionaryWords, createSegmenter, generalIdf } from './segment.ts';

const segmenter = createSegmenter({ words: ['金桂苑', '柳岸街道'] });
const plain = createSegmenter({ withoutDomainWords: true });

describe('segmenter', () => {
  it('keeps the shipped domain words whole where the general dictionary splits them', () => {
    expect(plain.cut('冒充医保局的诈骗短信')).toContain('医保');
    expect(segmenter.cut('冒充医保局的诈骗短信')).toEqual(['冒充', '医保局', '的', '诈骗短信']);
  });

  it('keeps an office’s own words (place names, estates) whole', () => {
    expect(plain.cut('柳岸街道金桂苑停水')).not.toContain('柳岸街道');
    expect(segmenter.cut('柳岸街道金桂苑停水')).toEqual(['柳岸街道', '金桂苑', '停水']);
  });

  it('returns the topic-bearing terms only: no stop words, punctuation, numbers or lone characters', () => {
    const terms = segmenter.terms(normaliseText('市长你好，金桂苑今天停水了，已经3个小时了！！'));
    expect(terms).toEqual(['金桂苑', '停水', '小时']);
  });

  it('keeps a host whole and meaningful single characters', () => {
    expect(segmenter.terms('jcwater.example 没 水')).toEqual(['jcwater.example', '水']);
  });

  it('cleans dictionary words: trimmed, lower-cased, no spaces, 2–40 characters, deduplicated', () => {
    expect(cleanDictionaryWords([' 金桂苑 ', '金桂苑', 'a', 'two words', 'ＡＢ', 'x'.repeat(41)])).toEqual([
      '金桂苑',
      'ab',
    ]);
  });

  it('weighs rare words above common ones (general-language IDF)', () => {
    const idf = generalIdf();
    expect(idf.get('爆裂')).toBeGreaterThan(idf.get('小区'));
    expect(idf.get('从未见过的词语xyz')).toBe(idf.median);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(Array.isArray(segmenter.terms(normaliseText(text)))).toBe(true);
        expect(Array.isArray(segmenter.cut(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
