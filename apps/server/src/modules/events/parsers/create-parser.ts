// The one entry point of the parsers: `createParser(kind, options).parse(record)` turns one record of
// a source (a syslog message, a JSON object, an access log line) into a SecurityEvent without the
// `shouwang` block, which the ingest pipeline adds. Pure: no I/O, no shared state but caches.
import type { ParseResult, SourceKind } from '../event-schema.ts';
import { parseAccessLog } from './access-log.ts';
import { parseGenericJson } from './ndjson.ts';
import { fail } from './parser-util.ts';
import { parseSuricataEve } from './suricata-eve.ts';
import { parseSyslog } from './syslog.ts';
import { DEFAULT_TIMEZONE, isValidTimeZone } from './timezone.ts';
import { parseWazuhAlert } from './wazuh-alerts.ts';
import { parseWindowsEvent } from './windows-event.ts';

export interface ParserOptions {
  /** IANA zone for timestamps written without an offset (default Asia/Shanghai). */
  timezone?: string;
  /** Receive time: fills missing timestamps and the year of RFC 3164 timestamps (default: the clock). */
  now?: () => Date;
}

export interface EventParser {
  readonly kind: SourceKind;
  parse(record: string): ParseResult;
}

/** Longest record any parser accepts, in UTF-16 code units; longer ones fail without being read. */
export const MAX_RECORD_LENGTH = 1024 * 1024;

/** Throws only for bad configuration (an unknown kind or time zone), never for bad input. */
export function createParser(kind: SourceKind, options: ParserOptions = {}): EventParser {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  if (!isValidTimeZone(timezone)) throw new RangeError(`unknown time zone: ${timezone}`);
  const opts = { timezone, now: options.now ?? (() => new Date()) };
  const read = readerFor(kind, opts);
  return {
    kind,
    parse(record: string): ParseResult {
      if (typeof record !== 'string') return fail('record is not text');
      if (record.length > MAX_RECORD_LENGTH)
        return fail(`record of ${record.length} characters exceeds the ${MAX_RECORD_LENGTH}-character limit`);
      try {
        return read(record);
      } catch (err) {
        // A parser bug must cost one record, not the source: report it like bad input.
        return fail(`parser error: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

function readerFor(
  kind: SourceKind,
  opts: { timezone: string; now: () => Date },
): (record: string) => ParseResult {
  switch (kind) {
    case 'syslog':
      return (r) => parseSyslog(r, opts);
    case 'suricata_eve':
      return (r) => parseSuricataEve(r, opts);
    case 'wazuh_alerts':
      return (r) => parseWazuhAlert(r, opts);
    case 'windows_json':
      return (r) => parseWindowsEvent(r, opts);
    case 'access_log':
      return (r) => parseAccessLog(r, opts);
    case 'ndjson':
      return (r) => parseGenericJson(r, opts);
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown source kind: ${String(unknown)}`);
    }
  }
}
