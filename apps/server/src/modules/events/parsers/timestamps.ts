// Timestamp readers shared by the parsers. Each returns epoch milliseconds, or undefined when the text is
// not a valid time (bad calendar dates included), never throws. A time without an offset is read in the
// zone passed in (the source's configured IANA zone).
import { offsetAt, zonedToUtc } from './timezone.ts';

export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return (
    y >= 1 &&
    y <= 9999 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysIn(y, mo) &&
    h >= 0 &&
    h <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    s >= 0 &&
    s <= 60
  );
}

/** Milliseconds of a fraction written as digits after the dot ("003", "123456789"). */
export function fractionMs(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.floor(Number(`0.${digits}`) * 1000);
}

/** Offset in ms of "Z", "+08:00", "+0800", "+08", "-05:30"; null when absent; undefined when invalid. */
export function offsetMs(text: string | undefined): number | null | undefined {
  if (!text) return null;
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? 0);
  if (h > 18 || mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi) * 60_000;
}

/** Wall-clock fields plus an optional explicit offset -> epoch ms, or undefined when invalid. */
export function composeTime(
  zone: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | null,
): number | undefined {
  if (!validDate(y, mo, d, h, mi, s)) return undefined;
  if (offset === null) return zonedToUtc(zone, y, mo, d, h, mi, s, ms);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (y < 100) t.setUTCFullYear(y);
  return t.getTime() - offset;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO 8601 / RFC 3339 and the common "2026-11-21 10:00:00" variants. */
export function parseIso(text: string, zone: string): number | undefined {
  if (text.length > 40) return undefined;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const off = offsetMs(m[8]);
  if (off === undefined) return undefined;
  return composeTime(
    zone,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    fractionMs(m[7]),
    off,
  );
}

const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: ([+-]\d{4}))?$/;

/** Common Log Format: "21/Nov/2026:10:00:00 +0800". */
export function parseClf(text: string, zone: string): number | undefined {
  const m = CLF.exec(text);
  if (!m) return undefined;
  const mo = MONTHS[(m[2] ?? '').toLowerCase()];
  if (mo === undefined) return undefined;
  const off = offsetMs(m[8]);
  if (off === undefined) return undefined;
  return composeTime(
    zone,
    Number(m[3]),
    mo,
    Number(m[1]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    fractionMs(m[7]),
    off,
  );
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude) -> ms. */
export function epochToMs(value: unknown): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,19}(\.\d{1,9})?$/.test(value)) n = Number(value);
  else return undefined;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return Math.round(n * 1000); // seconds (until year 5138)
  if (n < 1e14) return Math.round(n); // ms
  if (n < 1e17) return Math.round(n / 1000); // us
  return Math.round(n / 1e6); // ns
}

/** Year of `epochMs` on the wall clock of `zone`. */
export function wallYear(zone: string, epochMs: number): number {
  return new Date(epochMs + offsetAt(zone, epochMs)).getUTCFullYear();
}

/** How far ahead of the receive time a year-less timestamp may be before it is read as last year's. */
const MAX_AHEAD_MS = 14 * 86_400_000;

/**
 * A timestamp without a year (RFC 3164 "Nov 21 10:00:00"): the latest year (the receive year, the one
 * after or the one before) that does not put the time more than 14 days after the receive time. So
 * December logs received on 1 January land in the old year, a clock a little ahead on 31 December lands
 * in the new one, and "Mar 1" received in November is this March, not next.
 */
export function inferYear(
  zone: string,
  nowMs: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | null,
): number | undefined {
  const year = wallYear(zone, nowMs);
  for (const y of [year + 1, year, year - 1, year - 2, year - 3, year - 4]) {
    const t = composeTime(zone, y, mo, d, h, mi, s, ms, offset);
    // undefined: 29 February in a non-leap year; earlier years are tried (up to the last leap year).
    if (t !== undefined && t - nowMs <= MAX_AHEAD_MS) return t;
  }
  return undefined;
}
