// Generic JSON events (one object per NDJSON line or JSON array element), flat ("source.ip": ...) or
// nested ({"source": {"ip": ...}}). ECS fields present are kept as such; the whole object is `original`.
import type { ParseResult } from '../event-schema.ts';
import { parseJsonObject, pick, pickTimestamp, prune, readEcs } from './json-record.ts';
import { isoOf, isRecord, ok, type ParsedEvent } from './parser-util.ts';

export interface JsonParserOptions {
  timezone: string;
  now: () => Date;
}

/** Timestamp fields tried in order; the receive time when none is readable. */
export const GENERIC_TIME_FIELDS = [
  '@timestamp',
  'timestamp',
  'time',
  'event.created',
  'ts',
  'date',
  'datetime',
];

const LOGSOURCE_KEYS = ['product', 'category', 'service'] as const;

/** A `logsource` object the sender set ({"logsource": {"product": "linux"}}), lower-cased. */
function logsourceOf(obj: Record<string, unknown>): ParsedEvent['logsource'] {
  const ls = obj.logsource;
  const out: ParsedEvent['logsource'] = {};
  if (!isRecord(ls)) return out;
  for (const k of LOGSOURCE_KEYS) {
    const v = ls[k];
    if (typeof v === 'string' && v !== '') out[k] = v.toLowerCase();
  }
  return out;
}

export function parseGenericJson(record: string, options: JsonParserOptions): ParseResult {
  const parsed = parseJsonObject(record);
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const event: ParsedEvent = {
    '@timestamp':
      pickTimestamp(obj, options.timezone, GENERIC_TIME_FIELDS) ??
      isoOf(options.now()) ??
      new Date(0).toISOString(),
    logsource: logsourceOf(obj),
    original: obj,
  };
  readEcs(event, obj);
  if (event.message === undefined) {
    const msg = pick(obj, 'msg');
    if (typeof msg === 'string' && msg !== '') event.message = msg;
  }
  return ok(prune(event));
}
