// The items the offline pipeline reads: NDJSON, one object per line with id, time, text and optional
// source and region. A bad line is described (line number and why) and skipped, never fatal.

export interface TopicItem {
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
  text: string;
  source: string | null;
  region: string | null;
}

export type ParsedLine = { ok: true; item: TopicItem } | { ok: false; error: string } | { ok: 'blank' };

/** Texts longer than this are cut: a topic is recognisable from its first few thousand characters. */
export const MAX_TEXT_LENGTH = 5000;
const MAX_ID_LENGTH = 200;
const MAX_LABEL_LENGTH = 200;
// Times before 1990 or after 2200 are almost certainly seconds mistaken for milliseconds, or garbage.
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTime(value: unknown): number | string {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/u.test(value))
    ms = Date.parse(value);
  else return '"time" must be an ISO 8601 date-time string or milliseconds since 1970';
  if (!Number.isFinite(ms)) return `"time" is not a valid date-time: ${JSON.stringify(value).slice(0, 60)}`;
  if (ms < MIN_TIME || ms > MAX_TIME) return '"time" must be between 1990 and 2200';
  return ms;
}

function optionalLabel(record: Record<string, unknown>, key: string): string | null | { error: string } {
  const value = record[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_LABEL_LENGTH) {
    return { error: `"${key}" must be a string of at most ${MAX_LABEL_LENGTH} characters` };
  }
  return value;
}

/** Parses one NDJSON line into an item, or says what is wrong with it. */
export function parseItemLine(line: string): ParsedLine {
  if (line.trim() === '') return { ok: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
  if (!isRecord(value)) return { ok: false, error: 'each line must be a JSON object' };
  const rawId = value.id;
  const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return { ok: false, error: `"id" must be a number or a string of 1–${MAX_ID_LENGTH} characters` };
  }
  const time = parseTime(value.time);
  if (typeof time === 'string') return { ok: false, error: time };
  if (typeof value.text !== 'string') return { ok: false, error: '"text" must be a string' };
  const source = optionalLabel(value, 'source');
  if (isRecord(source)) return { ok: false, error: source.error };
  const region = optionalLabel(value, 'region');
  if (isRecord(region)) return { ok: false, error: region.error };
  return {
    ok: true,
    item: { id, time, text: value.text.slice(0, MAX_TEXT_LENGTH), source, region },
  };
}
