import {
  clockToMinutes,
  dateToDay,
  dayNumberOf,
  dayToDate,
  isWeekend,
  MS_PER_DAY,
  MS_PER_MINUTE,
  startOfDay,
  yearBounds,
  yearOfDay,
} from './shanghai-time.ts';
import {
  type DayInfo,
  DEFAULT_WORKING_HOURS,
  type DeadlineResult,
  type Duration,
  type WorkingHours,
  type YearCalendar,
  type YearStatus,
} from './types.ts';

/** Day-based deadlines end at 23:59:59 China time of their last day; overdue means later than that. */
const END_OF_DAY_MS = MS_PER_DAY - 1000;
/** No real computation scans ten years of days; stops an endless loop on an all-holiday import. */
const MAX_SCAN_DAYS = 3700;

interface YearIndex {
  calendar: YearCalendar;
  holidays: Map<string, string>;
  makeUp: Map<string, string>;
}

/** Whether a computation relied on a day in a year without an official calendar. */
interface Usage {
  provisional: boolean;
}

/**
 * The working-day calendar in China time (Asia/Shanghai, whatever the machine's zone).
 *
 * A day in a year with an official calendar is a working day when it is a make-up working day (调休上班),
 * or a Monday–Friday that is not a holiday. A day in a year without one is a working day when it is a
 * Monday–Friday; results that relied on such a day are marked provisional and should be recomputed when
 * the year's schedule is imported.
 *
 * Deadlines (the day of receipt never counts, as in 期间开始之日不计算在内):
 * - `addWorkingDays(start, n)`: 23:59:59 of the n-th working day after the day that contains `start`,
 *   e.g. received Wed 2026-09-30 10:00, 5wd → Tue 2026-10-13 23:59:59 (10/1–7 are 国庆, 10/10 is a
 *   make-up Saturday).
 * - `addNaturalDays(start, n)`: 23:59:59 of the n-th calendar day after that day, holidays included and
 *   never extended; no calendar is consulted, so it is never provisional.
 * - `addWorkingHours(start, n)`: the instant at which n hours of working time (see WorkingHours, lunch
 *   excluded) have passed, counting from `start` or from the next working time if `start` is outside it.
 *   A count that ends exactly at a period's end ends there (12:00, not 13:30).
 */
export class WorkingCalendar {
  readonly workingHours: WorkingHours;
  readonly #years = new Map<number, YearIndex>();
  /** Working periods of a working day, as [start, end) minutes after midnight. */
  readonly #periods: [number, number][];

  /**
   * @param years official schedules; a later entry replaces an earlier one for the same year, so
   *   `[...shipped, ...imported]` gives imported years precedence.
   * @param workingHours must already be valid (see validateWorkingHours).
   */
  constructor(years: Iterable<YearCalendar>, workingHours: WorkingHours = DEFAULT_WORKING_HOURS) {
    for (const calendar of years) {
      this.#years.set(calendar.year, {
        calendar,
        holidays: new Map(calendar.holidays.map((d) => [d.date, d.name])),
        makeUp: new Map(calendar.makeUpWorkdays.map((d) => [d.date, d.name])),
      });
    }
    this.workingHours = workingHours;
    const minutes = (clock: string) => {
      const m = clockToMinutes(clock);
      if (m === null) throw new RangeError(`Invalid working-hours clock time: ${clock}`);
      return m;
    };
    const lunch = workingHours.lunchBreak;
    this.#periods = lunch
      ? [
          [minutes(workingHours.start), minutes(lunch.start)],
          [minutes(lunch.end), minutes(workingHours.end)],
        ]
      : [[minutes(workingHours.start), minutes(workingHours.end)]];
    if (this.#periods.some(([a, b]) => a >= b)) throw new RangeError('Working hours are out of order');
  }

  /** The official schedules this calendar knows, by year. */
  years(): YearCalendar[] {
    return [...this.#years.values()].map((y) => y.calendar).sort((a, b) => a.year - b.year);
  }

  yearCalendar(year: number): YearCalendar | null {
    return this.#years.get(year)?.calendar ?? null;
  }

  yearStatus(year: number): YearStatus {
    return this.#years.has(year) ? 'official' : 'provisional';
  }

  /** What a 'YYYY-MM-DD' day is: workday, weekend, holiday or make-up working day. */
  dayInfo(date: string): DayInfo {
    const day = dateToDay(date);
    if (day === null) throw new RangeError(`Invalid date: ${date}`);
    return this.#info(day);
  }

  /** Whether a 'YYYY-MM-DD' day, or the China-time day containing an instant, is a working day. */
  isWorkingDay(date: string | Date): boolean {
    const day = typeof date === 'string' ? dateToDay(date) : dayNumberOf(date);
    if (day === null) throw new RangeError(`Invalid date: ${String(date)}`);
    return this.#info(day).working;
  }

  /** Every day of a year, in order. */
  daysOfYear(year: number): DayInfo[] {
    const { first, last } = yearBounds(year);
    const days: DayInfo[] = [];
    for (let day = first; day <= last; day++) days.push(this.#info(day));
    return days;
  }

  addWorkingDays(start: Date, n: number): DeadlineResult {
    checkAmount(n, true);
    const usage = { provisional: false };
    let day = dayNumberOf(start);
    let left = n;
    for (let scanned = 0; left > 0; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('No working day found within ten years');
      day++;
      if (this.#working(day, usage)) left--;
    }
    return { deadline: new Date(startOfDay(day) + END_OF_DAY_MS), provisional: usage.provisional };
  }

  addNaturalDays(start: Date, n: number): DeadlineResult {
    checkAmount(n, true);
    const day = dayNumberOf(start) + n;
    return { deadline: new Date(startOfDay(day) + END_OF_DAY_MS), provisional: false };
  }

  addWorkingHours(start: Date, hours: number): DeadlineResult {
    checkAmount(hours, false);
    const usage = { provisional: false };
    let leftMs = Math.round(hours * 60) * MS_PER_MINUTE;
    let cursor = start.getTime();
    let day = dayNumberOf(start);
    for (let scanned = 0; ; scanned++, day++) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('No working time found within ten years');
      if (!this.#working(day, usage)) continue;
      for (const [from, to] of this.#periods) {
        const periodEnd = startOfDay(day) + to * MS_PER_MINUTE;
        if (cursor >= periodEnd) continue;
        const begin = Math.max(cursor, startOfDay(day) + from * MS_PER_MINUTE);
        if (leftMs <= periodEnd - begin) {
          return { deadline: new Date(begin + leftMs), provisional: usage.provisional };
        }
        leftMs -= periodEnd - begin;
        cursor = periodEnd;
      }
    }
  }

  /** The deadline `duration` after `start` (see the class comment for each unit's rule). */
  deadline(start: Date, duration: Duration): DeadlineResult {
    switch (duration.unit) {
      case 'wd':
        return this.addWorkingDays(start, duration.amount);
      case 'd':
        return this.addNaturalDays(start, duration.amount);
      case 'wh':
        return this.addWorkingHours(start, duration.amount);
    }
  }

  /**
   * The instant `duration` before `at`, counted backwards (for reminders ahead of a deadline):
   * - wd: the same clock time on the n-th working day before the day that contains `at`;
   * - d: the same clock time n calendar days earlier (never provisional);
   * - wh: the instant from which exactly n hours of working time remain until `at` (time of `at` outside
   *   working hours does not count), e.g. 2wh before 14:30 with lunch 12:00–13:30 is 11:00.
   * The result may lie outside working time; callers wanting a working instant use nextWorkingTime.
   */
  before(at: Date, duration: Duration): DeadlineResult {
    checkAmount(duration.amount, duration.unit !== 'wh');
    switch (duration.unit) {
      case 'd':
        return { deadline: new Date(at.getTime() - duration.amount * MS_PER_DAY), provisional: false };
      case 'wd':
        return this.#workingDaysBefore(at, duration.amount);
      case 'wh':
        return this.#workingHoursBefore(at, duration.amount);
    }
  }

  #workingDaysBefore(at: Date, n: number): DeadlineResult {
    const usage = { provisional: false };
    let day = dayNumberOf(at);
    const clockMs = at.getTime() - startOfDay(day);
    let left = n;
    for (let scanned = 0; left > 0; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('No working day found within ten years');
      day--;
      if (this.#working(day, usage)) left--;
    }
    return { deadline: new Date(startOfDay(day) + clockMs), provisional: usage.provisional };
  }

  #workingHoursBefore(at: Date, hours: number): DeadlineResult {
    const usage = { provisional: false };
    let leftMs = Math.round(hours * 60) * MS_PER_MINUTE;
    let cursor = at.getTime();
    let day = dayNumberOf(at);
    for (let scanned = 0; ; scanned++, day--) {
      if (scanned > MAX_SCAN_DAYS) throw new RangeError('No working time found within ten years');
      if (!this.#working(day, usage)) continue;
      for (const [from, to] of [...this.#periods].reverse()) {
        const periodStart = startOfDay(day) + from * MS_PER_MINUTE;
        if (cursor <= periodStart) continue;
        const end = Math.min(cursor, startOfDay(day) + to * MS_PER_MINUTE);
        if (leftMs <= end - periodStart) {
          return { deadline: new Date(end - leftMs), provisional: usage.provisional };
        }
        leftMs -= end - periodStart;
        cursor = periodStart;
      }
    }
  }

  /** Whether an instant is inside working hours on a working day (for reminders and escalations). */
  isWorkingTime(at: Date): boolean {
    const day = dayNumberOf(at);
    if (!this.#info(day).working) return false;
    const minute = (at.getTime() - startOfDay(day)) / MS_PER_MINUTE;
    return this.#periods.some(([from, to]) => minute >= from && minute < to);
  }

  /** `at` itself when it is working time, else the start of the next working period. */
  nextWorkingTime(at: Date): Date {
    let day = dayNumberOf(at);
    for (let scanned = 0; scanned <= MAX_SCAN_DAYS; scanned++, day++) {
      if (!this.#info(day).working) continue;
      for (const [from, to] of this.#periods) {
        const begin = startOfDay(day) + from * MS_PER_MINUTE;
        const end = startOfDay(day) + to * MS_PER_MINUTE;
        if (at.getTime() < end) return new Date(Math.max(at.getTime(), begin));
      }
    }
    throw new RangeError('No working time found within ten years');
  }

  #working(day: number, usage: Usage): boolean {
    if (!this.#years.has(yearOfDay(day))) usage.provisional = true;
    return this.#info(day).working;
  }

  #info(day: number): DayInfo {
    const date = dayToDate(day);
    const year = this.#years.get(yearOfDay(day));
    const makeUp = year?.makeUp.get(date);
    if (makeUp !== undefined) return { date, working: true, kind: 'makeup', name: makeUp };
    const holiday = year?.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, kind: 'holiday', name: holiday };
    return isWeekend(day)
      ? { date, working: false, kind: 'weekend' }
      : { date, working: true, kind: 'workday' };
  }
}

function checkAmount(n: number, whole: boolean): void {
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
    throw new RangeError(`Duration must be a positive ${whole ? 'whole ' : ''}number, got ${n}`);
  }
}
