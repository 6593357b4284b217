import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShanghai, parseInstant } from './shanghai-time.ts';
import { SHIPPED_CALENDARS } from './shipped.ts';
import type { DurationUnit } from './types.ts';
import { WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(SHIPPED_CALENDARS);

function at(text: string): Date {
  const d = parseInstant(text);
  if (!d) throw new Error(`bad instant in test: ${text}`);
  return d;
}

const before = (end: string, amount: number, unit: DurationUnit) => {
  const r = calendar.before(at(end), { amount, unit });
  return { at: formatShanghai(r.deadline), provisional: r.provisional };
};
const official = (instant: string) => ({ at: instant, provisional: false });

describe('counting backwards from a deadline (reminders)', () => {
  it('working days: same clock time on the n-th working day before, skipping 国庆 2026 and counting 10/10', () => {
    expect(before('2026-10-13T23:59:59+08:00', 1, 'wd')).toEqual(official('2026-10-12T23:59:59+08:00'));
    expect(before('2026-10-13T23:59:59+08:00', 2, 'wd')).toEqual(official('2026-10-10T23:59:59+08:00'));
    expect(before('2026-10-13T23:59:59+08:00', 5, 'wd')).toEqual(official('2026-09-30T23:59:59+08:00'));
    expect(before('2026-10-08T10:00+08:00', 1, 'wd')).toEqual(official('2026-09-30T10:00:00+08:00'));
  });

  it('working hours: within the day, across lunch, across the night and across a holiday', () => {
    expect(before('2026-10-13T23:59:59+08:00', 2, 'wh')).toEqual(official('2026-10-13T15:30:00+08:00'));
    expect(before('2026-10-13T14:30+08:00', 2, 'wh')).toEqual(official('2026-10-13T11:00:00+08:00'));
    expect(before('2026-10-13T09:30+08:00', 2, 'wh')).toEqual(official('2026-10-12T16:00:00+08:00'));
    expect(before('2026-10-08T09:00+08:00', 2, 'wh')).toEqual(official('2026-09-30T15:30:00+08:00'));
    // A count that uses a whole period exactly ends at its start, not at the previous period's end.
    expect(before('2026-10-13T12:00+08:00', 3, 'wh')).toEqual(official('2026-10-13T09:00:00+08:00'));
    expect(before('2026-10-13T13:00+08:00', 1, 'wh')).toEqual(official('2026-10-13T11:00:00+08:00'));
  });

  it('natural days ignore the calendar', () => {
    expect(before('2026-10-08T10:00+08:00', 3, 'd')).toEqual(official('2026-10-05T10:00:00+08:00'));
  });

  it('is provisional when it relies on a year without a calendar', () => {
    expect(before('2027-01-05T10:00+08:00', 1, 'wd')).toEqual({
      at: '2027-01-04T10:00:00+08:00',
      provisional: true,
    });
    expect(before('2026-12-30T10:00+08:00', 1, 'wd').provisional).toBe(false);
  });

  it('rejects a non-positive or fractional day count', () => {
    expect(() => calendar.before(new Date(), { amount: 0, unit: 'wh' })).toThrow(RangeError);
    expect(() => calendar.before(new Date(), { amount: 1.5, unit: 'wd' })).toThrow(RangeError);
  });

  // Any working minute of 2025–2026: counting n working hours forward and then back returns to it.
  const FROM = Date.parse('2025-01-01T00:00:00Z');
  const TO = Date.parse('2026-12-20T00:00:00Z');
  const workingInstant = fc
    .integer({ min: FROM / 60_000, max: TO / 60_000 })
    .map((m) => calendar.nextWorkingTime(new Date(m * 60_000)));

  it('undoes addWorkingHours from any working instant', () => {
    fc.assert(
      fc.property(workingInstant, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const forward = calendar.addWorkingHours(start, n).deadline;
        expect(calendar.before(forward, { amount: n, unit: 'wh' }).deadline.getTime()).toBe(start.getTime());
      }),
    );
  });

  it('lands on a working day n working days back, for whole-day counts', () => {
    fc.assert(
      fc.property(workingInstant, fc.integer({ min: 1, max: 30 }), (end, n) => {
        const { deadline } = calendar.before(end, { amount: n, unit: 'wd' });
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        // Counting n working days forward from there ends on the day of `end` again.
        const back = formatShanghai(calendar.addWorkingDays(deadline, n).deadline).slice(0, 10);
        expect(back).toBe(formatShanghai(end).slice(0, 10));
      }),
    );
  });
});
