import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText, urlHost } from './normalise.ts';

describe('normaliseText', () => {
  it('turns full-width letters, digits and punctuation into half-width and lower-cases ASCII', () => {
    expect(normaliseText('ＡＢＣ１２３！')).toBe('abc123!');
  });

  it('converts traditional characters to simplified', () => {
    expect(normaliseText('東湖街道停水了，自來水公司說管道爆裂')).toBe('东湖街道停水了,自来水公司说管道爆裂');
  });

  it('leaves simplified text unchanged apart from punctuation width', () => {
    expect(normaliseText('东湖街道停水了')).toBe('东湖街道停水了');
  });

  it('replaces a URL by its host, without www, credentials, port, path or query', () => {
    expect(normaliseText('看这里 https://www.JCwater.example/news/1?utm_source=x 快')).toBe(
      '看这里 jcwater.example 快',
    );
    expect(urlHost('user:pw@Gov.Example:8443')).toBe('gov.example');
  });

  it('removes emoji and maps the urgent ones to words', () => {
    expect(normaliseText('停水了😭😭👍🏻')).toBe('停水了');
    expect(normaliseText('🆘 停水')).toBe('求助 停水');
    expect(normaliseText('⚠️注意安全')).toBe('注意 注意安全');
  });

  it('removes invisible characters that make copies look different and collapses whitespace', () => {
    expect(normaliseText('停\u200b水\u200d了')).toBe('停水了');
    expect(normaliseText('  停水 \n\t 了  ')).toBe('停水 了');
  });

  it('never throws and is idempotent on arbitrary strings (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const once = normaliseText(text);
        expect(typeof once).toBe('string');
        expect(normaliseText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
    expect(normaliseText('\ud800停水\udc00')).toBe('\ufffd停水\ufffd');
  });
});
