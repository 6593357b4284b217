import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS } from './shipped.ts';
import { validateYearCalendar } from './validate.ts';
import { WorkingCalendar } from './working-calendar.ts';

/**
 * The official schedules, transcribed here independently of the shipped JSON from the notices' text:
 * [first, last] rest periods (放假调休) and the weekend days worked instead (上班).
 */
const NOTICES: Record<number, { rest: [string, string][]; work: string[] }> = {
  // 国办发明电〔2024〕12号
  2025: {
    rest: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节, 8 days
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  // 国办发明电〔2025〕7号
  2026: {
    rest: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节, 9 days
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

/** date -> working?, from weekends + rest periods − make-up days, using only Date's own calendar. */
function expectedSchedule(year: number): Map<string, boolean> {
  const notice = NOTICES[year];
  if (!notice) throw new Error(`no notice for ${year}`);
  const result = new Map<string, boolean>();
  for (
    let d = new Date(Date.UTC(year, 0, 1));
    d.getUTCFullYear() === year;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const iso = d.toISOString().slice(0, 10);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const rest = notice.rest.some(([from, to]) => iso >= from && iso <= to);
    result.set(iso, notice.work.includes(iso) || (!weekend && !rest));
  }
  return result;
}

const calendar = new WorkingCalendar(SHIPPED_CALENDARS);

describe('shipped calendars', () => {
  it('ships exactly 2025 and 2026, both passing the import validation unchanged', () => {
    expect(SHIPPED_CALENDARS.map((c) => c.year)).toEqual([2025, 2026]);
    for (const c of SHIPPED_CALENDARS) {
      const checked = validateYearCalendar(c, c.year);
      expect(checked).toEqual({ ok: true, value: c });
    }
  });

  for (const year of [2025, 2026]) {
    it(`matches the official ${year} schedule on every day of the year`, () => {
      const expected = expectedSchedule(year);
      expect(expected.size).toBe(365);
      const actual = new Map(calendar.daysOfYear(year).map((d) => [d.date, d.working]));
      expect(actual).toEqual(expected);
      for (const [date, working] of expected) expect(calendar.isWorkingDay(date), date).toBe(working);
    });

    it(`marks each ${year} make-up working day as a named working day on a weekend`, () => {
      const notice = NOTICES[year];
      for (const date of notice?.work ?? []) {
        const info = calendar.dayInfo(date);
        expect(info, date).toMatchObject({ working: true, kind: 'makeup' });
        expect(info.name, date).toBeTruthy();
        expect([0, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
      }
      const makeUps = calendar.daysOfYear(year).filter((d) => d.kind === 'makeup');
      expect(makeUps.map((d) => d.date)).toEqual(notice?.work);
    });
  }

  it('counts the working days of each year and of the long holidays', () => {
    const working = (year: number) => calendar.daysOfYear(year).filter((d) => d.working).length;
    // 2025: 261 weekdays − 18 weekday rest days (1+6+1+3+1+6) + 5 make-up days.
    expect(working(2025)).toBe(248);
    // 2026: 261 weekdays − 19 weekday rest days (2+6+1+3+1+1+5) + 6 make-up days.
    expect(working(2026)).toBe(248);
    expect(calendar.dayInfo('2026-02-15')).toEqual({
      date: '2026-02-15',
      working: false,
      kind: 'holiday',
      name: '春节',
    });
    expect(calendar.dayInfo('2026-02-24')).toMatchObject({ working: true, kind: 'workday' });
    expect(calendar.dayInfo('2025-10-08')).toMatchObject({ working: false, name: '国庆节、中秋节' });
  });
});
