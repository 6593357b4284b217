/** One named day of the State Council's holiday schedule; date is 'YYYY-MM-DD' in China time. */
export interface NamedDay {
  date: string;
  name: string;
}

/**
 * One year of the official holiday schedule (国务院办公厅 notice). `holidays` lists every day of each
 * holiday period, weekend days included; `makeUpWorkdays` lists the weekend days that become working
 * days (调休上班). Every other day is a working day from Monday to Friday and a rest day at weekends.
 */
export interface YearCalendar {
  year: number;
  /** Free text identifying this revision of the data, e.g. '2025-11-04'. */
  version: string;
  /** Where the schedule comes from, e.g. the notice number 国办发明电〔2025〕7号. */
  source: string;
  holidays: NamedDay[];
  makeUpWorkdays: NamedDay[];
}

/** 'official': the year's schedule is known. 'provisional': unknown, computed on weekdays only. */
export type YearStatus = 'official' | 'provisional';

export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'makeup'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** The holiday's name for holidays and make-up working days. */
  name?: string;
}

export interface ClockRange {
  /** 'HH:mm' China time. */
  start: string;
  end: string;
}

/** The office's working hours on a working day, with an optional lunch break. */
export interface WorkingHours extends ClockRange {
  lunchBreak: ClockRange | null;
}

/** A common government office day: 09:00–12:00 and 13:30–17:30 (seven working hours). */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  start: '09:00',
  end: '17:30',
  lunchBreak: { start: '12:00', end: '13:30' },
};

export const DURATION_UNITS = ['wd', 'd', 'wh'] as const;
/** wd: working days; d: natural (calendar) days; wh: working hours. */
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export interface DeadlineResult {
  deadline: Date;
  /** True when any day the computation relied on lies in a year without an official calendar. */
  provisional: boolean;
}
