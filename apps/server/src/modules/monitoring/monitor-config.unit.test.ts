import { describe, expect, it } from 'vitest';
import { checkMaintenance, inMaintenance, spreadOffsetSeconds } from './monitor-config.ts';
import { nextSlot } from './scheduler.ts';
import { severityOf } from './severity-policy.ts';

describe('maintenance windows', () => {
  // 2026-11-23 is a Monday; 02:30 China time is 18:30 UTC the day before.
  const mondayNightChina = new Date('2026-11-22T18:30:00.000Z');
  it('matches weekly windows in China time, including ones that span midnight', () => {
    expect(inMaintenance([{ weekdays: [1], from: '02:00', to: '04:00' }], mondayNightChina)).toBe(true);
    expect(inMaintenance([{ weekdays: [2], from: '02:00', to: '04:00' }], mondayNightChina)).toBe(false);
    expect(inMaintenance([{ weekdays: [7], from: '23:00', to: '03:00' }], mondayNightChina)).toBe(true);
    expect(
      inMaintenance([{ start: '2026-11-22T18:00:00Z', end: '2026-11-22T19:00:00Z' }], mondayNightChina),
    ).toBe(true);
  });
  it('names bad windows', () => {
    expect(
      checkMaintenance(
        [
          { start: 'x', end: 'y' },
          { weekdays: [1], from: '03:00', to: '03:00' },
        ],
        'en-US',
      ),
    ).toHaveLength(2);
  });
});

describe('scheduling', () => {
  it('spreads first runs inside the interval and skips missed slots', () => {
    const offsets = new Set(Array.from({ length: 100 }, (_, i) => spreadOffsetSeconds(i + 1, 60)));
    expect([...offsets].every((o) => o >= 0 && o < 60)).toBe(true);
    expect(offsets.size).toBeGreaterThan(30);
    const now = new Date('2030-01-01T00:10:00.000Z');
    expect(nextSlot('2030-01-01T00:09:59.000Z', 60, now)).toBe('2030-01-01T00:10:59.000Z');
    expect(nextSlot('2030-01-01T00:00:30.000Z', 60, now)).toBe('2030-01-01T00:10:30.000Z');
  });
});

describe('severity policy', () => {
  it('grades tampered content by where it shows and expiring certificates by days left', () => {
    expect(severityOf({ type: 'hidden_links', isHomepage: true, evidence: {} })).toBe('II');
    expect(severityOf({ type: 'defacement', isHomepage: false, evidence: {} })).toBe('III');
    expect(severityOf({ type: 'site_down', isHomepage: true, evidence: {} })).toBe('III');
    expect(severityOf({ type: 'tls_expiring', isHomepage: true, evidence: { daysLeft: 6.5 } })).toBe('IV');
    expect(severityOf({ type: 'tls_expiring', isHomepage: true, evidence: { daysLeft: 0.5 } })).toBe('III');
    expect(severityOf({ type: 'mixed_content', isHomepage: true, evidence: {} })).toBe('IV');
  });
});
