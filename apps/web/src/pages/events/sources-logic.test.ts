import { describe, expect, it } from 'vitest';
import { dropRate, fillSeries, isSyslog, parseSenders } from './sources-logic.ts';

describe('event source helpers', () => {
  it('fills the sparkline with zero minutes, oldest first, ending at the current minute', () => {
    const now = new Date('2026-11-21T10:30:40Z');
    const s = fillSeries([{ minute: '2026-11-21T10:29', received: 5, failed: 1, dropped: 0 }], now, 3);
    expect(s).toEqual([
      { minute: '2026-11-21T10:28', received: 0, failed: 0, dropped: 0 },
      { minute: '2026-11-21T10:29', received: 5, failed: 1, dropped: 0 },
      { minute: '2026-11-21T10:30', received: 0, failed: 0, dropped: 0 },
    ]);
    expect(fillSeries([], now)).toHaveLength(60);
  });

  it('computes the drop rate over everything that arrived', () => {
    expect(dropRate({ received: 0, dropped: 0 })).toBe(0);
    expect(dropRate({ received: 90, dropped: 10 })).toBeCloseTo(0.1);
  });

  it('reads sender lists from lines, commas and spaces without duplicates', () => {
    expect(parseSenders('10.0.0.0/8\n 192.0.2.1, 192.0.2.1\n\nfd00::/8')).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'fd00::/8',
    ]);
    expect(parseSenders('  ')).toEqual([]);
    expect(isSyslog('syslog_tls')).toBe(true);
    expect(isSyslog('http')).toBe(false);
  });
});
