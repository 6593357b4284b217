/**
 * Time arithmetic in Asia/Shanghai without relying on the machine's time zone: China has used UTC+8
 * without daylight saving since 1991, so a fixed offset is exact for every date this platform handles.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;
export const MS_PER_MINUTE = 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days since 1970-01-01 of the China-time calendar day that contains the instant. */
export function dayNumberOf(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The instant 00:00 China time of a day number. */
export function startOfDay(day: number): number {
  return day * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function dayToDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
export function dateToDay(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Day numbers of 1 January and 31 December of a year. */
export function yearBounds(year: number): { first: number; last: number } {
  return { first: Date.UTC(year, 0, 1) / MS_PER_DAY, last: Date.UTC(year, 11, 31) / MS_PER_DAY };
}

/** Formats an instant as ISO 8601 in China time with an explicit offset, e.g. 2026-10-13T23:59:59+08:00. */
export function formatShanghai(at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const base =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const ms = local.getUTCMilliseconds();
  return `${base}${ms ? `.${pad(ms, 3)}` : ''}+08:00`;
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 instant. Without an offset (or without a time) it is read as China time, so
 * `2026-09-30` means 00:00 in Beijing on any machine. Returns null for anything that is not a real
 * date and time, rather than letting Date.parse guess.
 */
export function parseInstant(text: string): Date | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const day = dateToDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === null) return null;
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMs = SHANGHAI_OFFSET_MS;
  const zone = m[8];
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 14 || om > 59) return null;
    offsetMs = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * MS_PER_MINUTE;
  }
  const localMs = day * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return new Date(localMs - offsetMs);
}

const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an 'HH:mm' clock time (00:00–23:59; '24:00' ends a day), or null. */
export function clockToMinutes(clock: string): number | null {
  if (clock === '24:00') return 24 * 60;
  const m = CLOCK_RE.exec(clock);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
