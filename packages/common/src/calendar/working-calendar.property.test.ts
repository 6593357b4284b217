import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberOf, formatShanghai, MS_PER_DAY } from './shanghai-time.ts';
import { SHIPPED_CALENDARS } from './shipped.ts';
import { WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(SHIPPED_CALENDARS);

// Any instant from 2025-01-01 to 2026-12-31 China time, to the minute.
const FROM = Date.parse('2024-12-31T16:00:00Z');
const TO = Date.parse('2026-12-31T15:59:00Z');
const instant = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
const days = fc.integer({ min: 1, max: 60 });
const hours = fc.integer({ min: 1, max: 60 });

describe('working-day properties', () => {
  it('adding n then m working days equals adding n + m', () => {
    fc.assert(
      fc.property(instant, days, days, (start, n, m) => {
        const stepwise = calendar.addWorkingDays(calendar.addWorkingDays(start, n).deadline, m).deadline;
        expect(stepwise.getTime()).toBe(calendar.addWorkingDays(start, n + m).deadline.getTime());
      }),
    );
  });

  it('ends on a working day, after exactly n working days, at 23:59:59', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        const { deadline, provisional } = calendar.addWorkingDays(start, n);
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        expect(formatShanghai(deadline)).toMatch(/T23:59:59\+08:00$/);
        let counted = 0;
        for (let d = dayNumberOf(start) + 1; d <= dayNumberOf(deadline); d++) {
          if (calendar.isWorkingDay(new Date(d * MS_PER_DAY))) counted++;
        }
        expect(counted).toBe(n);
        // Starting in 2025–2026, only a deadline in 2027 relies on a year without a calendar.
        expect(provisional).toBe(formatShanghai(deadline).startsWith('2027'));
      }),
    );
  });

  it('natural days land exactly n calendar days after the day of receipt', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        const { deadline, provisional } = calendar.addNaturalDays(start, n);
        expect(dayNumberOf(deadline) - dayNumberOf(start)).toBe(n);
        expect(provisional).toBe(false);
      }),
    );
  });
});

describe('working-hour properties', () => {
  it('adding n then m working hours equals adding n + m', () => {
    fc.assert(
      fc.property(instant, hours, hours, (start, n, m) => {
        const stepwise = calendar.addWorkingHours(calendar.addWorkingHours(start, n).deadline, m).deadline;
        expect(stepwise.getTime()).toBe(calendar.addWorkingHours(start, n + m).deadline.getTime());
      }),
    );
  });

  it('ends inside working time and never before start + n hours', () => {
    fc.assert(
      fc.property(instant, hours, (start, n) => {
        const { deadline } = calendar.addWorkingHours(start, n);
        // The minute before the deadline is working time (the deadline may be a period's end).
        expect(calendar.isWorkingTime(new Date(deadline.getTime() - 60_000))).toBe(true);
        expect(deadline.getTime()).toBeGreaterThanOrEqual(start.getTime() + n * 3_600_000);
      }),
    );
  });
});
