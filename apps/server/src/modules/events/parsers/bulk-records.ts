// Splits a bulk HTTP body into records: NDJSON or plain lines (one record per line; a bad line is one
// error and the others go on) or a JSON array (one record per element, found by a linear scan of the
// bytes, so a truncated array still yields its complete elements and one error for the rest). Every
// record is decoded as strict UTF-8: invalid bytes fail that record only.

export type DecodedRecord =
  | { ok: true; index: number; record: string }
  | { ok: false; index: number; error: string };

export type BulkFormat = 'ndjson' | 'json' | 'lines';

export interface DecodeOptions {
  /** Longest accepted record in bytes (default 1 MiB). */
  maxRecordBytes?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `index` is the 1-based line number (ndjson, lines) or element number (json). */
export function decodeRecords(
  body: Buffer,
  format: BulkFormat,
  options: DecodeOptions = {},
): DecodedRecord[] {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  return format === 'json' ? splitJsonArray(body, max) : splitLines(body, max, format === 'ndjson');
}

function record(bytes: Buffer, index: number, max: number, what: string): DecodedRecord {
  if (bytes.length > max)
    return {
      ok: false,
      index,
      error: `${what} ${index} is ${bytes.length} bytes, over the ${max}-byte limit`,
    };
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, index, error: `${what} ${index} is not valid UTF-8` };
  return { ok: true, index, record: text };
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function splitLines(body: Buffer, max: number, json: boolean): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  let start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  let line = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    line++;
    let stop = end;
    if (stop > start && body[stop - 1] === 0x0d) stop--;
    const bytes = body.subarray(start, stop);
    if (bytes.length > 0 && !(json && isBlank(bytes))) out.push(record(bytes, line, max, 'line'));
    start = end + 1;
  }
  return out;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function splitJsonArray(body: Buffer, max: number): DecodedRecord[] {
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (i < body.length && WS.has(body[i] ?? 0)) i++;
  if (i >= body.length) return [{ ok: false, index: 0, error: 'empty body: expected a JSON array' }];
  // A single object is accepted as a one-element array.
  if (body[i] === 0x7b) return [record(trimEnd(body.subarray(i)), 1, max, 'element')];
  if (body[i] !== 0x5b) return [{ ok: false, index: 0, error: 'body is not a JSON array' }];
  i++;
  const out: DecodedRecord[] = [];
  let index = 0;
  let depth = 0;
  let inString = false;
  let start = -1;
  for (; i < body.length; i++) {
    const b = body[i] ?? 0;
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
      continue;
    }
    if (start < 0) {
      if (WS.has(b)) continue;
      if (b === 0x5d && depth === 0) {
        // End of the array: only whitespace may follow.
        for (let j = i + 1; j < body.length; j++)
          if (!WS.has(body[j] ?? 0)) {
            out.push({
              ok: false,
              index: index + 1,
              error: 'unexpected data after the end of the JSON array',
            });
            break;
          }
        return out;
      }
      if (b === 0x2c) {
        out.push({ ok: false, index: ++index, error: `element ${index} is empty` });
        continue;
      }
      start = i;
      index++;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x5d && depth === 0) {
      // "]" closing the array right after the last element.
      out.push(record(trimEnd(body.subarray(start, i)), index, max, 'element'));
      start = -1;
      i--;
    } else if (b === 0x7d || b === 0x5d) {
      if (depth > 0) depth--;
    } else if (b === 0x2c && depth === 0) {
      out.push(record(trimEnd(body.subarray(start, i)), index, max, 'element'));
      start = -1;
    }
  }
  if (start >= 0)
    out.push({ ok: false, index, error: `element ${index} is truncated: the body ends inside it` });
  else out.push({ ok: false, index: index + 1, error: 'the JSON array is not closed: the body ends early' });
  return out;
}

function trimEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && WS.has(bytes[end - 1] ?? 0)) end--;
  return bytes.subarray(0, end);
}
