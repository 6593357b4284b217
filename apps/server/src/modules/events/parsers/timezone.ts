// Wall-clock time in an IANA zone -> UTC. A source timestamp without an offset (RFC 3164, most vendor
// formats, "2026-11-21 10:00:00") is read in the source's configured zone, Asia/Shanghai by default.
// Offsets come from Intl (the ICU time zone database) and are cached per zone and quarter hour, since
// formatting a date through Intl costs microseconds and every zone changes offset on a quarter hour.

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * 60_000;
const MAX_CACHED_OFFSETS = 4096;

/** True when `zone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in milliseconds at instant `epochMs`. */
export function offsetAt(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const bucket = Math.floor(epochMs / QUARTER_HOUR);
  let cache = offsets.get(zone);
  if (!cache) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * QUARTER_HOUR;
  const parts = formatterFor(zone).formatToParts(new Date(at));
  const n: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') n[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    n.year ?? 1970,
    (n.month ?? 1) - 1,
    n.day ?? 1,
    n.hour ?? 0,
    n.minute ?? 0,
    n.second ?? 0,
  );
  const offset = asUtc - at;
  if (cache.size >= MAX_CACHED_OFFSETS) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/**
 * The UTC instant of a wall-clock time in `zone`. In an overlap (clocks set back) the earlier instant is
 * chosen; a time in a gap (clocks set forward) is read with the offset in force before the gap.
 */
export function zonedToUtc(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly so it is read as written.
  if (year < 100) d.setUTCFullYear(year);
  const wall = d.getTime();
  if (zone === 'UTC' || zone === 'Etc/UTC') return wall;
  // The offsets half a day either side bracket any transition near this wall time.
  const before = offsetAt(zone, wall - HALF_DAY);
  const after = offsetAt(zone, wall + HALF_DAY);
  const t1 = wall - before;
  if (before === after) return t1;
  const t2 = wall - after;
  const v1 = offsetAt(zone, t1) === before;
  const v2 = offsetAt(zone, t2) === after;
  if (v1 && v2) return Math.min(t1, t2);
  if (v2) return t2;
  return t1;
}

const HALF_DAY = 12 * 3_600_000;
