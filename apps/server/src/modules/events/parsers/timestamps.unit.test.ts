import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoOfMs } from './parser-util.ts';
import { epochToMs, inferYear, parseClf, parseIso } from './timestamps.ts';
import { offsetAt, zonedToUtc } from './timezone.ts';

describe('isoOfMs', () => {
  it('writes what Date#toISOString writes for every instant of years 0-9999', () => {
    // Date.UTC(0, ...) means 1900, so year 0 is set explicitly.
    const year0 = new Date(0);
    year0.setUTCFullYear(0, 0, 1);
    year0.setUTCHours(0, 0, 0, 0);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min: year0.getTime(), max }), (ms) => {
        expect(isoOfMs(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    for (const ms of [
      0,
      -1,
      year0.getTime(),
      max,
      Date.UTC(2024, 1, 29, 12),
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 2, 1),
    ])
      expect(isoOfMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('refuses instants outside years 0-9999 and non-numbers', () => {
    expect(isoOfMs(Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1)).toBeUndefined();
    expect(isoOfMs(-62_167_219_200_001)).toBeUndefined();
    expect(isoOfMs(Number.NaN)).toBeUndefined();
    expect(isoOfMs(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('zone handling', () => {
  it('reads wall-clock times in IANA zones, DST gaps and overlaps included', () => {
    expect(zonedToUtc('Asia/Shanghai', 2026, 11, 21, 10, 0, 0, 0)).toBe(Date.UTC(2026, 10, 21, 2));
    expect(zonedToUtc('UTC', 2026, 11, 21, 10, 0, 0, 0)).toBe(Date.UTC(2026, 10, 21, 10));
    expect(zonedToUtc('Asia/Kolkata', 2026, 1, 1, 0, 0, 0, 0)).toBe(Date.UTC(2025, 11, 31, 18, 30));
    // New York falls back on 2026-11-01 at 02:00 EDT: 01:30 happens twice; the earlier (EDT) is chosen.
    expect(zonedToUtc('America/New_York', 2026, 11, 1, 1, 30, 0, 0)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    // Springs forward on 2026-03-08 at 02:00: 02:30 does not exist; read with the offset before (EST).
    expect(zonedToUtc('America/New_York', 2026, 3, 8, 2, 30, 0, 0)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(offsetAt('Europe/Berlin', Date.UTC(2026, 6, 1))).toBe(2 * 3_600_000);
  });

  it('reads ISO 8601 variants, CLF and epochs', () => {
    const z = 'Asia/Shanghai';
    expect(parseIso('2026-11-21T10:00:00.123456+0800', z)).toBe(Date.UTC(2026, 10, 21, 2, 0, 0, 123));
    expect(parseIso('2026-11-21 10:00:00', z)).toBe(Date.UTC(2026, 10, 21, 2));
    expect(parseIso('2026-11-21T02:00:00.1234567Z', z)).toBe(Date.UTC(2026, 10, 21, 2, 0, 0, 123));
    expect(parseIso('2026-11-21 02:00:00.123456+00:00', z)).toBe(Date.UTC(2026, 10, 21, 2, 0, 0, 123));
    expect(parseIso('2026-11-21', z)).toBe(Date.UTC(2026, 10, 20, 16));
    expect(parseIso('2026-02-29T00:00:00Z', z)).toBeUndefined();
    expect(parseIso('2026-11-21T10:00:00+25:00', z)).toBeUndefined();
    expect(parseClf('21/Nov/2026:10:00:00 +0800', z)).toBe(Date.UTC(2026, 10, 21, 2));
    expect(parseClf('21/Foo/2026:10:00:00 +0800', z)).toBeUndefined();
    expect(epochToMs(1_763_690_400)).toBe(1_763_690_400_000);
    expect(epochToMs('1763690400123')).toBe(1_763_690_400_123);
    expect(epochToMs(1_763_690_400_123_456)).toBe(1_763_690_400_123);
    expect(epochToMs('1763690400123456789')).toBe(1_763_690_400_123);
    expect(epochToMs('-5')).toBeUndefined();
    expect(epochToMs('12abc')).toBeUndefined();
  });

  it('infers a missing year: never more than 14 days ahead of the receive time', () => {
    const now = Date.UTC(2026, 10, 21, 2);
    const at = (mo: number, d: number) => inferYear('UTC', now, mo, d, 0, 0, 0, 0, 0);
    expect(at(11, 21)).toBe(Date.UTC(2026, 10, 21));
    expect(at(12, 5)).toBe(Date.UTC(2026, 11, 5));
    expect(at(12, 6)).toBe(Date.UTC(2025, 11, 6));
    expect(at(1, 1)).toBe(Date.UTC(2026, 0, 1));
    expect(at(2, 29)).toBe(Date.UTC(2024, 1, 29));
  });
});
