import type { CalendarIssue } from './calendar.i18n.ts';
import { clockToMinutes, dateToDay, isWeekend, yearOfDay } from './shanghai-time.ts';
import {
  DURATION_UNITS,
  type Duration,
  type NamedDay,
  type WorkingHours,
  type YearCalendar,
} from './types.ts';

export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;
/** A year has at most ~40 holiday days and ~10 make-up days; the limit only stops absurd input. */
const MAX_DAYS_PER_LIST = 120;
const MAX_NAME = 50;
const MAX_VERSION = 64;
const MAX_SOURCE = 200;
/** Longest duration accepted, in its own unit: generous for any notice or case clock. */
export const MAX_DURATION_AMOUNT = 999;

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: CalendarIssue[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function isCalendarYear(year: unknown): year is number {
  return Number.isInteger(year) && Number(year) >= CALENDAR_MIN_YEAR && Number(year) <= CALENDAR_MAX_YEAR;
}

function text(value: unknown, field: string, max: number, issues: CalendarIssue[]): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) issues.push({ field, code: 'text_required' });
  else if (s.length > max) issues.push({ field, code: 'text_too_long', params: { max } });
  return s;
}

function namedDays(
  value: unknown,
  field: string,
  year: number,
  issues: CalendarIssue[],
): { days: NamedDay[]; numbers: Map<string, number> } {
  const days: NamedDay[] = [];
  const numbers = new Map<string, number>();
  if (!Array.isArray(value)) {
    issues.push({ field, code: 'not_list' });
    return { days, numbers };
  }
  if (value.length > MAX_DAYS_PER_LIST) {
    issues.push({ field, code: 'too_many', params: { max: MAX_DAYS_PER_LIST } });
    return { days, numbers };
  }
  value.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(item)) {
      issues.push({ field: at, code: 'not_object' });
      return;
    }
    const name = text(item.name, `${at}.name`, MAX_NAME, issues);
    const date = typeof item.date === 'string' ? item.date : '';
    const day = dateToDay(date);
    if (day === null) {
      issues.push({ field: `${at}.date`, code: 'date_invalid', params: { value: String(item.date ?? '') } });
      return;
    }
    if (yearOfDay(day) !== year) {
      issues.push({ field: `${at}.date`, code: 'date_outside_year', params: { date, year } });
      return;
    }
    if (numbers.has(date)) {
      issues.push({ field: `${at}.date`, code: 'date_duplicate', params: { date } });
      return;
    }
    numbers.set(date, day);
    days.push({ date, name });
  });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { days, numbers };
}

/**
 * Checks a whole year of holiday schedule from outside (API body, CLI file, shipped data): every date is
 * a real date in `year`, appears once, is not both a holiday and a make-up day, make-up days fall on a
 * weekend, and names, version and source are not empty. Returns the normalised calendar (trimmed, sorted).
 */
export function validateYearCalendar(input: unknown, year: number): Validated<YearCalendar> {
  const issues: CalendarIssue[] = [];
  if (!isCalendarYear(year)) {
    return {
      ok: false,
      issues: [
        { field: 'year', code: 'year_invalid', params: { min: CALENDAR_MIN_YEAR, max: CALENDAR_MAX_YEAR } },
      ],
    };
  }
  if (!isRecord(input)) return { ok: false, issues: [{ field: '', code: 'not_object' }] };
  if (input.year !== undefined && input.year !== year) {
    issues.push({ field: 'year', code: 'year_mismatch', params: { got: String(input.year), year } });
  }
  const version = text(input.version, 'version', MAX_VERSION, issues);
  const source = text(input.source, 'source', MAX_SOURCE, issues);
  const holidays = namedDays(input.holidays, 'holidays', year, issues);
  const makeUp = namedDays(input.makeUpWorkdays, 'makeUpWorkdays', year, issues);
  makeUp.days.forEach((d, i) => {
    if (holidays.numbers.has(d.date)) {
      issues.push({ field: `makeUpWorkdays[${i}].date`, code: 'date_both', params: { date: d.date } });
    }
    const day = makeUp.numbers.get(d.date);
    if (day !== undefined && !isWeekend(day)) {
      issues.push({
        field: `makeUpWorkdays[${i}].date`,
        code: 'makeup_not_weekend',
        params: { date: d.date },
      });
    }
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { year, version, source, holidays: holidays.days, makeUpWorkdays: makeUp.days } };
}

/** Checks working hours: valid clock times, start < lunch start < lunch end < end. */
export function validateWorkingHours(input: unknown): Validated<WorkingHours> {
  if (!isRecord(input)) return { ok: false, issues: [{ field: '', code: 'not_object' }] };
  const issues: CalendarIssue[] = [];
  const clock = (value: unknown, field: string): number | null => {
    const minutes = typeof value === 'string' ? clockToMinutes(value) : null;
    if (minutes === null)
      issues.push({ field, code: 'clock_invalid', params: { value: String(value ?? '') } });
    return minutes;
  };
  const start = clock(input.start, 'start');
  const end = clock(input.end, 'end');
  const lunch = input.lunchBreak ?? null;
  let points = [start, end];
  if (lunch !== null) {
    if (!isRecord(lunch)) issues.push({ field: 'lunchBreak', code: 'not_object' });
    else points = [start, clock(lunch.start, 'lunchBreak.start'), clock(lunch.end, 'lunchBreak.end'), end];
  }
  if (issues.length) return { ok: false, issues };
  for (let i = 1; i < points.length; i++) {
    if (Number(points[i - 1]) >= Number(points[i]))
      return { ok: false, issues: [{ field: '', code: 'hours_order' }] };
  }
  const value: WorkingHours = {
    start: String(input.start),
    end: String(input.end),
    lunchBreak: isRecord(lunch) ? { start: String(lunch.start), end: String(lunch.end) } : null,
  };
  return { ok: true, value };
}

const DURATION_RE = new RegExp(`^(\\d{1,6})\\s*(${DURATION_UNITS.join('|')})$`);

/** Parses '5wd' (working days), '3d' (natural days) or '8wh' (working hours); amounts 1–999. */
export function parseDuration(text: string): Validated<Duration> {
  const m = DURATION_RE.exec(text.trim().toLowerCase());
  if (!m)
    return { ok: false, issues: [{ field: 'duration', code: 'duration_invalid', params: { value: text } }] };
  const amount = Number(m[1]);
  if (amount < 1 || amount > MAX_DURATION_AMOUNT) {
    return {
      ok: false,
      issues: [{ field: 'duration', code: 'duration_range', params: { max: MAX_DURATION_AMOUNT } }],
    };
  }
  const unit = DURATION_UNITS.find((u) => u === m[2]);
  if (!unit)
    return { ok: false, issues: [{ field: 'duration', code: 'duration_invalid', params: { value: text } }] };
  return { ok: true, value: { amount, unit } };
}

export function formatDuration(d: Duration): string {
  return `${d.amount}${d.unit}`;
}
