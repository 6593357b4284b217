import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, parseItemLine } from './item.ts';

describe('parseItemLine', () => {
  it('reads an item with ISO or millisecond time and optional source and region', () => {
    expect(
      parseItemLine(
        '{"id":"a1","time":"2026-03-02T08:00:00Z","text":"停水","source":"intake","region":"东湖街道"}',
      ),
    ).toEqual({
      ok: true,
      item: { id: 'a1', time: Date.UTC(2026, 2, 2, 8), text: '停水', source: 'intake', region: '东湖街道' },
    });
    expect(parseItemLine('{"id":7,"time":1772438400000,"text":"x"}')).toEqual({
      ok: true,
      item: { id: '7', time: 1772438400000, text: 'x', source: null, region: null },
    });
  });

  it('says what is wrong with a bad line', () => {
    const error = (line: string) => {
      const r = parseItemLine(line);
      return r.ok === false ? r.error : null;
    };
    expect(error('{oops')).toMatch(/not valid JSON/);
    expect(error('[1]')).toMatch(/JSON object/);
    expect(error('{"time":"2026-03-02T08:00:00Z","text":"x"}')).toMatch(/"id"/);
    expect(error('{"id":"a","time":"tomorrow","text":"x"}')).toMatch(/"time"/);
    expect(error('{"id":"a","time":1772438,"text":"x"}')).toMatch(/between 1990 and 2200/);
    expect(error('{"id":"a","time":"2026-03-02T08:00:00Z","text":5}')).toMatch(/"text"/);
    expect(error('{"id":"a","time":"2026-03-02T08:00:00Z","text":"x","source":{}}')).toMatch(/"source"/);
    expect(parseItemLine('   ')).toEqual({ ok: 'blank' });
  });

  it('cuts very long texts', () => {
    const r = parseItemLine(
      JSON.stringify({ id: 'a', time: 1772438400000, text: '水'.repeat(MAX_TEXT_LENGTH + 10) }),
    );
    expect(r.ok === true && r.item.text.length).toBe(MAX_TEXT_LENGTH);
  });

  it('never throws on arbitrary lines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), (line) => {
        expect(() => parseItemLine(line)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
