import { describe, expect, it } from 'vitest';
import { CALENDAR_ISSUE_CODES, calendarIssueMessage } from './calendar.i18n.ts';
import { formatShanghai, parseInstant } from './shanghai-time.ts';
import { parseDuration, validateWorkingHours, validateYearCalendar } from './validate.ts';

const good = {
  version: ' 1 ',
  source: '国办发明电〔2026〕1号',
  holidays: [
    { date: '2027-02-06', name: '春节' },
    { date: '2027-01-01', name: ' 元旦 ' },
  ],
  makeUpWorkdays: [{ date: '2027-02-20', name: '春节' }],
};

describe('validateYearCalendar', () => {
  it('accepts a good year, trimming names and sorting dates', () => {
    const r = validateYearCalendar(good, 2027);
    expect(r).toEqual({
      ok: true,
      value: {
        year: 2027,
        version: '1',
        source: '国办发明电〔2026〕1号',
        holidays: [
          { date: '2027-01-01', name: '元旦' },
          { date: '2027-02-06', name: '春节' },
        ],
        makeUpWorkdays: [{ date: '2027-02-20', name: '春节' }],
      },
    });
  });

  it('reports every problem with its field', () => {
    const r = validateYearCalendar(
      {
        year: 2026,
        version: '',
        source: 'x',
        holidays: [
          { date: '2027-02-30', name: 'a' },
          { date: '2026-12-31', name: 'b' },
          { date: '2027-01-01', name: '' },
          { date: '2027-01-01', name: 'c' },
          { date: '2027-02-20', name: 'd' },
        ],
        makeUpWorkdays: [
          { date: '2027-02-20', name: 'e' },
          { date: '2027-02-22', name: 'f' },
        ],
      },
      2027,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { field: 'year', code: 'year_mismatch', params: { got: '2026', year: 2027 } },
      { field: 'version', code: 'text_required' },
      { field: 'holidays[0].date', code: 'date_invalid', params: { value: '2027-02-30' } },
      { field: 'holidays[1].date', code: 'date_outside_year', params: { date: '2026-12-31', year: 2027 } },
      { field: 'holidays[2].name', code: 'text_required' },
      { field: 'holidays[3].date', code: 'date_duplicate', params: { date: '2027-01-01' } },
      { field: 'makeUpWorkdays[0].date', code: 'date_both', params: { date: '2027-02-20' } },
      // 2027-02-22 is a Monday.
      { field: 'makeUpWorkdays[1].date', code: 'makeup_not_weekend', params: { date: '2027-02-22' } },
    ]);
  });

  it('rejects shapes that are not a calendar and years out of range', () => {
    expect(validateYearCalendar(null, 2027)).toMatchObject({ ok: false, issues: [{ code: 'not_object' }] });
    expect(validateYearCalendar({ ...good, holidays: 'x' }, 2027)).toMatchObject({
      ok: false,
      issues: [{ field: 'holidays', code: 'not_list' }],
    });
    expect(validateYearCalendar({ ...good, holidays: [1] }, 2027)).toMatchObject({
      ok: false,
      issues: [{ field: 'holidays[0]', code: 'not_object' }],
    });
    expect(validateYearCalendar(good, 1999)).toMatchObject({ ok: false, issues: [{ code: 'year_invalid' }] });
    const many = Array.from({ length: 121 }, (_, i) => ({ date: '2027-01-01', name: String(i) }));
    expect(validateYearCalendar({ ...good, holidays: many }, 2027)).toMatchObject({
      ok: false,
      issues: [{ field: 'holidays', code: 'too_many' }],
    });
  });
});

describe('parseDuration', () => {
  it('parses working days, natural days and working hours', () => {
    expect(parseDuration('5wd')).toEqual({ ok: true, value: { amount: 5, unit: 'wd' } });
    expect(parseDuration(' 3D ')).toEqual({ ok: true, value: { amount: 3, unit: 'd' } });
    expect(parseDuration('8wh')).toEqual({ ok: true, value: { amount: 8, unit: 'wh' } });
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'wd', '5', '5w', '-1wd', '1.5wd', '5 days', '5wdx']) {
      expect(parseDuration(bad), bad).toMatchObject({ ok: false, issues: [{ code: 'duration_invalid' }] });
    }
    expect(parseDuration('0wd')).toMatchObject({ ok: false, issues: [{ code: 'duration_range' }] });
    expect(parseDuration('1000d')).toMatchObject({ ok: false, issues: [{ code: 'duration_range' }] });
  });
});

describe('validateWorkingHours', () => {
  it('accepts ordered hours with or without lunch', () => {
    expect(
      validateWorkingHours({ start: '09:00', end: '17:30', lunchBreak: { start: '12:00', end: '13:30' } }),
    ).toMatchObject({ ok: true });
    expect(validateWorkingHours({ start: '08:00', end: '16:00' })).toEqual({
      ok: true,
      value: { start: '08:00', end: '16:00', lunchBreak: null },
    });
  });

  it('rejects bad clock times and out-of-order hours', () => {
    expect(validateWorkingHours({ start: '9:00', end: '17:30' })).toMatchObject({
      ok: false,
      issues: [{ field: 'start', code: 'clock_invalid' }],
    });
    expect(
      validateWorkingHours({ start: '09:00', end: '17:30', lunchBreak: { start: '18:00', end: '19:00' } }),
    ).toMatchObject({ ok: false, issues: [{ code: 'hours_order' }] });
  });
});

describe('parseInstant and formatShanghai', () => {
  it('reads offsets, Z, and China time by default', () => {
    expect(parseInstant('2026-09-30T10:00+08:00')?.toISOString()).toBe('2026-09-30T02:00:00.000Z');
    expect(parseInstant('2026-09-30T02:00:00Z')?.toISOString()).toBe('2026-09-30T02:00:00.000Z');
    expect(parseInstant('2026-09-30T10:00')?.toISOString()).toBe('2026-09-30T02:00:00.000Z');
    expect(parseInstant('2026-09-30')?.toISOString()).toBe('2026-09-29T16:00:00.000Z');
    expect(parseInstant('2026-09-30T10:00:00.5-0130')?.toISOString()).toBe('2026-09-30T11:30:00.500Z');
  });

  it('rejects what is not a real instant', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-09-30T24:00', '2026-09-30T10:60', 'tomorrow', '']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });

  it('formats in China time with an explicit offset', () => {
    expect(formatShanghai(new Date('2026-10-13T15:59:59Z'))).toBe('2026-10-13T23:59:59+08:00');
    expect(formatShanghai(new Date('2026-10-13T16:00:00.250Z'))).toBe('2026-10-14T00:00:00.250+08:00');
  });
});

describe('issue messages', () => {
  it('has a filled-in message in both languages for every code', () => {
    for (const code of CALENDAR_ISSUE_CODES) {
      for (const locale of ['zh-CN', 'en-US'] as const) {
        expect(
          calendarIssueMessage(locale, { field: 'x', code }).length,
          `${locale} ${code}`,
        ).toBeGreaterThan(3);
      }
    }
    expect(
      calendarIssueMessage('zh-CN', { field: 'd', code: 'date_both', params: { date: '2027-02-20' } }),
    ).toBe('日期 2027-02-20 不能既是节假日又是调休上班日');
  });
});
