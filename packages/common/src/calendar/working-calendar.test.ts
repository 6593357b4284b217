import { afterEach, describe, expect, it } from 'vitest';
import { formatShanghai, parseInstant } from './shanghai-time.ts';
import { SHIPPED_CALENDARS } from './shipped.ts';
import type { DurationUnit, YearCalendar } from './types.ts';
import { WorkingCalendar } from './working-calendar.ts';

const calendar = new WorkingCalendar(SHIPPED_CALENDARS);

function at(text: string): Date {
  const d = parseInstant(text);
  if (!d) throw new Error(`bad instant in test: ${text}`);
  return d;
}

/** The deadline as ISO 8601 China time, and its provisional flag. */
function due(start: string, amount: number, unit: DurationUnit, cal = calendar) {
  const r = cal.deadline(at(start), { amount, unit });
  return { deadline: formatShanghai(r.deadline), provisional: r.provisional };
}

const official = (deadline: string) => ({ deadline, provisional: false });
const provisional = (deadline: string) => ({ deadline, provisional: true });

describe('working days (the day of receipt never counts; due 23:59:59 of the n-th working day)', () => {
  it('skips 国庆 2026 and counts the make-up Saturday 10/10', () => {
    expect(due('2026-09-30T10:00+08:00', 5, 'wd')).toEqual(official('2026-10-13T23:59:59+08:00'));
    expect(due('2026-09-30T10:00+08:00', 3, 'wd')).toEqual(official('2026-10-10T23:59:59+08:00'));
    // Received on a holiday: counting starts after it just the same.
    expect(due('2026-10-03T15:00+08:00', 1, 'wd')).toEqual(official('2026-10-08T23:59:59+08:00'));
  });

  it('skips 春节 2026 and counts the make-up Saturdays 2/14 and 2/28', () => {
    expect(due('2026-02-13T16:00+08:00', 1, 'wd')).toEqual(official('2026-02-14T23:59:59+08:00'));
    expect(due('2026-02-13T16:00+08:00', 2, 'wd')).toEqual(official('2026-02-24T23:59:59+08:00'));
    expect(due('2026-02-26T09:00+08:00', 2, 'wd')).toEqual(official('2026-02-28T23:59:59+08:00'));
    expect(due('2026-02-26T09:00+08:00', 3, 'wd')).toEqual(official('2026-03-02T23:59:59+08:00'));
  });

  it('skips 春节 and 国庆 2025 and counts the make-up Sundays', () => {
    expect(due('2025-01-24T09:00+08:00', 1, 'wd')).toEqual(official('2025-01-26T23:59:59+08:00'));
    expect(due('2025-01-27T09:00+08:00', 1, 'wd')).toEqual(official('2025-02-05T23:59:59+08:00'));
    expect(due('2025-09-26T18:00+08:00', 4, 'wd')).toEqual(official('2025-10-09T23:59:59+08:00'));
    expect(due('2025-09-26T18:00+08:00', 6, 'wd')).toEqual(official('2025-10-11T23:59:59+08:00'));
  });

  it('crosses from 2025 into 2026 on official calendars (元旦 2026, make-up Sunday 1/4)', () => {
    expect(due('2025-12-31T10:00+08:00', 1, 'wd')).toEqual(official('2026-01-04T23:59:59+08:00'));
  });

  it('marks a deadline reaching into 2027 provisional, on weekdays only', () => {
    expect(due('2026-12-30T10:00+08:00', 1, 'wd')).toEqual(official('2026-12-31T23:59:59+08:00'));
    // 2027-01-01 is a Friday; without the 2027 notice it counts as a working day.
    expect(due('2026-12-31T10:00+08:00', 1, 'wd')).toEqual(provisional('2027-01-01T23:59:59+08:00'));
    expect(due('2026-12-25T10:00+08:00', 5, 'wd')).toEqual(provisional('2027-01-01T23:59:59+08:00'));
    expect(calendar.yearStatus(2027)).toBe('provisional');
    expect(calendar.yearStatus(2026)).toBe('official');
  });

  it('recomputes to an official deadline once 2027 is imported', () => {
    const y2027: YearCalendar = {
      year: 2027,
      version: 'test',
      source: 'test',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeUpWorkdays: [],
    };
    const withNext = new WorkingCalendar([...SHIPPED_CALENDARS, y2027]);
    expect(due('2026-12-31T10:00+08:00', 1, 'wd', withNext)).toEqual(official('2027-01-04T23:59:59+08:00'));
  });

  it('lets a later year entry replace an earlier one', () => {
    const edited: YearCalendar = {
      year: 2026,
      version: '2',
      source: 'edit',
      holidays: [],
      makeUpWorkdays: [],
    };
    const cal = new WorkingCalendar([...SHIPPED_CALENDARS, edited]);
    expect(cal.isWorkingDay('2026-10-01')).toBe(true);
    expect(cal.yearCalendar(2026)?.version).toBe('2');
  });
});

describe('natural days', () => {
  it('counts calendar days through holidays and is never provisional', () => {
    expect(due('2026-09-30T10:00+08:00', 3, 'd')).toEqual(official('2026-10-03T23:59:59+08:00'));
    expect(due('2026-12-31T10:00+08:00', 3, 'd')).toEqual(official('2027-01-03T23:59:59+08:00'));
  });
});

describe('working hours (09:00–12:00, 13:30–17:30 by default)', () => {
  it('carries over the 国庆 holiday', () => {
    // Wed 10:00–12:00 and 13:30–17:30 give 6 h; the other 2 h on Thu 10/8 after the holiday.
    expect(due('2026-09-30T10:00+08:00', 8, 'wh')).toEqual(official('2026-10-08T11:00:00+08:00'));
  });

  it('starts counting at the next working time after a night, lunch or weekend', () => {
    expect(due('2026-03-10T20:00+08:00', 2, 'wh')).toEqual(official('2026-03-11T11:00:00+08:00'));
    expect(due('2026-03-10T12:30+08:00', 1, 'wh')).toEqual(official('2026-03-10T14:30:00+08:00'));
    expect(due('2026-03-13T17:00+08:00', 1, 'wh')).toEqual(official('2026-03-16T09:30:00+08:00'));
    expect(due('2026-03-14T11:00+08:00', 1, 'wh')).toEqual(official('2026-03-16T10:00:00+08:00'));
  });

  it('ends exactly at a period end rather than after the break', () => {
    expect(due('2026-03-10T09:00+08:00', 3, 'wh')).toEqual(official('2026-03-10T12:00:00+08:00'));
    expect(due('2026-03-10T09:00+08:00', 7, 'wh')).toEqual(official('2026-03-10T17:30:00+08:00'));
  });

  it('works on a make-up Saturday and skips the holiday after it', () => {
    expect(due('2026-02-13T17:00+08:00', 1, 'wh')).toEqual(official('2026-02-14T09:30:00+08:00'));
    expect(due('2026-02-14T17:00+08:00', 1, 'wh')).toEqual(official('2026-02-24T09:30:00+08:00'));
  });

  it('follows configured hours without a lunch break', () => {
    const cal = new WorkingCalendar(SHIPPED_CALENDARS, { start: '08:30', end: '17:00', lunchBreak: null });
    expect(due('2026-03-10T12:00+08:00', 5, 'wh', cal)).toEqual(official('2026-03-10T17:00:00+08:00'));
    expect(due('2026-03-10T12:00+08:00', 6, 'wh', cal)).toEqual(official('2026-03-11T09:30:00+08:00'));
  });

  it('is provisional when it relies on a day of 2027', () => {
    expect(due('2026-12-31T17:00+08:00', 1, 'wh')).toEqual(provisional('2027-01-01T09:30:00+08:00'));
    expect(due('2026-12-31T09:00+08:00', 1, 'wh')).toEqual(official('2026-12-31T10:00:00+08:00'));
  });
});

describe('working time for reminders', () => {
  it('knows working time and the next start of it', () => {
    expect(calendar.isWorkingTime(at('2026-03-10T09:00+08:00'))).toBe(true);
    expect(calendar.isWorkingTime(at('2026-03-10T12:00+08:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-03-10T17:30+08:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-10-02T10:00+08:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-10-10T10:00+08:00'))).toBe(true);
    expect(formatShanghai(calendar.nextWorkingTime(at('2026-09-30T18:00+08:00')))).toBe(
      '2026-10-08T09:00:00+08:00',
    );
    expect(formatShanghai(calendar.nextWorkingTime(at('2026-03-10T12:10+08:00')))).toBe(
      '2026-03-10T13:30:00+08:00',
    );
    expect(formatShanghai(calendar.nextWorkingTime(at('2026-03-10T10:10+08:00')))).toBe(
      '2026-03-10T10:10:00+08:00',
    );
  });
});

describe('time zone independence', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it('gives the same answers whatever the machine zone', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      expect(due('2026-09-30T10:00+08:00', 5, 'wd')).toEqual(official('2026-10-13T23:59:59+08:00'));
      // 01:00 UTC on 9/30 is 09:00 on 9/30 in Beijing, whatever zone the machine is in.
      expect(due('2026-09-30T01:00Z', 1, 'wh')).toEqual(official('2026-09-30T10:00:00+08:00'));
      expect(calendar.isWorkingDay(at('2026-09-30T16:30Z'))).toBe(false);
    }
  });
});

describe('bad input', () => {
  it('refuses non-positive or fractional day counts and bad dates', () => {
    expect(() => calendar.addWorkingDays(at('2026-03-10'), 0)).toThrow(RangeError);
    expect(() => calendar.addNaturalDays(at('2026-03-10'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingHours(at('2026-03-10'), -1)).toThrow(RangeError);
    expect(() => calendar.dayInfo('2026-02-30')).toThrow(RangeError);
  });

  it('stops instead of looping forever on a calendar without any working day', () => {
    const everyDay = (year: number): YearCalendar => {
      const holidays = new WorkingCalendar([]).daysOfYear(year).map((d) => ({ date: d.date, name: 'x' }));
      return { year, version: '1', source: 't', holidays, makeUpWorkdays: [] };
    };
    const years = Array.from({ length: 12 }, (_, i) => everyDay(2030 + i));
    const cal = new WorkingCalendar(years);
    expect(() => cal.addWorkingDays(at('2030-01-01'), 1)).toThrow(/ten years/);
    expect(() => cal.addWorkingHours(at('2030-01-01'), 1)).toThrow(/ten years/);
  });
});
