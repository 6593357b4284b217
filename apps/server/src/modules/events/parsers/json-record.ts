// JSON records: a bounded JSON.parse (nesting depth checked before parsing, so a "[[[[..." bomb is
// refused cheaply), and the ECS reader shared by the JSON source parsers.
import { isIP } from 'node:net';
import { isoOfMs, isRecord, type ParsedEvent, toInt, toPort } from './parser-util.ts';
import { epochToMs, parseIso } from './timestamps.ts';

/** Deeper nesting than any log format uses; deeper input is refused before JSON.parse sees it. */
export const MAX_JSON_DEPTH = 64;

export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Whether JSON text nests brackets deeper than `limit` (outside strings). String contents, most of a log
 * record, are skipped with indexOf rather than walked a character at a time.
 */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return false; // unterminated string: JSON.parse reports it
        let b = q - 1;
        while (b > i && text.charCodeAt(b) === 92) b--;
        if ((q - 1 - b) % 2 === 0) {
          i = q;
          break;
        }
        from = q + 1; // an escaped quote
      }
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Parses a record that must be one JSON object. */
export function parseJsonObject(text: string): JsonObjectResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty record' };
  if (trimmed[0] !== '{') return { ok: false, error: 'record is not a JSON object' };
  if (depthExceeds(trimmed, MAX_JSON_DEPTH))
    return { ok: false, error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `invalid JSON: ${reason.slice(0, 200)}` };
  }
  if (!isRecord(value)) return { ok: false, error: 'record is not a JSON object' };
  return { ok: true, value };
}

interface CompiledPath {
  segments: string[];
  /** suffixes[i]: the rest of the path from segment i, tried as one flat key ({"url": {"query.raw": 1}}). */
  suffixes: string[];
}
const compiledPaths = new Map<string, CompiledPath>();

function compilePath(path: string): CompiledPath {
  let c = compiledPaths.get(path);
  if (!c) {
    const segments = path.split('.');
    c = { segments, suffixes: segments.map((_, i) => segments.slice(i).join('.')) };
    compiledPaths.set(path, c);
  }
  return c;
}

/** Reads a dotted path from nested objects or from a flat key holding the whole dotted name. */
export function pick(obj: Record<string, unknown>, path: string): unknown {
  const flat = obj[path];
  if (flat !== undefined) return flat;
  const { segments, suffixes } = compilePath(path);
  let cur: unknown = obj;
  const last = segments.length - 1;
  for (let i = 0; i <= last; i++) {
    if (!isRecord(cur)) return undefined;
    if (i > 0 && i < last) {
      const restFlat = cur[suffixes[i] ?? ''];
      if (restFlat !== undefined) return restFlat;
    }
    cur = cur[segments[i] ?? ''];
  }
  return cur;
}

/** A string at `path`, or undefined (empty strings and "-" count as absent; numbers are stringified). */
export function pickString(obj: Record<string, unknown>, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = pick(obj, p);
    if (typeof v === 'string' && v !== '' && v !== '-') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

export function pickIp(obj: Record<string, unknown>, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = pick(obj, p);
    if (typeof v === 'string' && isIP(v) !== 0) return v;
  }
  return undefined;
}

export function pickPort(obj: Record<string, unknown>, ...paths: string[]): number | undefined {
  for (const p of paths) {
    const v = toPort(pick(obj, p));
    if (v !== undefined) return v;
  }
  return undefined;
}

export function pickInt(obj: Record<string, unknown>, ...paths: string[]): number | undefined {
  for (const p of paths) {
    const v = toInt(pick(obj, p));
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The first readable timestamp at `paths` (ISO 8601 text or epoch s/ms/us/ns), as ISO UTC. */
export function pickTimestamp(
  obj: Record<string, unknown>,
  zone: string,
  paths: readonly string[],
): string | undefined {
  for (const p of paths) {
    const v = pick(obj, p);
    let t: number | undefined;
    if (typeof v === 'string') t = parseIso(v, zone) ?? epochToMs(v);
    else if (typeof v === 'number') t = epochToMs(v);
    if (t !== undefined) {
      const iso = isoOfMs(t);
      if (iso !== undefined) return iso;
    }
  }
  return undefined;
}

/** Copies ECS fields present in `obj` (nested or flat dotted keys) onto the event, type-checked. */
export function readEcs(event: ParsedEvent, obj: Record<string, unknown>): void {
  const message = pickString(obj, 'message');
  if (message !== undefined) event.message = message;
  // Only the ECS objects the record has (nested, or as the first part of flat dotted keys) are read.
  const roots = new Set<string>();
  for (const key in obj) {
    const dot = key.indexOf('.');
    roots.add(dot < 0 ? key : key.slice(0, dot));
  }
  readEcsRoots(event, obj, roots);
}

function readEcsRoots(event: ParsedEvent, obj: Record<string, unknown>, roots: Set<string>): void {
  if (roots.has('source')) {
    const ip = pickIp(obj, 'source.ip', 'source.address');
    const port = pickPort(obj, 'source.port');
    const domain = pickString(obj, 'source.domain');
    if (ip || port !== undefined || domain) event.source = { ip, port, domain };
  }
  if (roots.has('destination')) {
    const ip = pickIp(obj, 'destination.ip', 'destination.address');
    const port = pickPort(obj, 'destination.port');
    const domain = pickString(obj, 'destination.domain');
    if (ip || port !== undefined || domain) event.destination = { ip, port, domain };
  }
  if (roots.has('host')) {
    const name = pickString(obj, 'host.name', 'host.hostname');
    if (name) event.host = { name };
  }
  if (roots.has('user')) {
    const name = pickString(obj, 'user.name');
    if (name) event.user = { name, domain: pickString(obj, 'user.domain') };
  }
  if (roots.has('process')) {
    const executable = pickString(obj, 'process.executable');
    const command_line = pickString(obj, 'process.command_line');
    const pid = pickInt(obj, 'process.pid');
    const name = pickString(obj, 'process.name');
    if (executable || command_line || pid !== undefined || name)
      event.process = { executable, command_line, pid, name };
  }
  if (roots.has('url')) {
    const original = pickString(obj, 'url.original', 'url.full');
    const path = pickString(obj, 'url.path');
    const query = pickString(obj, 'url.query');
    const domain = pickString(obj, 'url.domain');
    if (original || path || query || domain) event.url = { original, path, query, domain };
  }
  if (roots.has('http')) {
    const method = pickString(obj, 'http.request.method');
    const referrer = pickString(obj, 'http.request.referrer');
    const status = pickInt(obj, 'http.response.status_code');
    const bytes = pickInt(obj, 'http.response.bytes', 'http.response.body.bytes');
    if (method || referrer || status !== undefined || bytes !== undefined)
      event.http = {
        request: method || referrer ? { method, referrer } : undefined,
        response: status !== undefined || bytes !== undefined ? { status_code: status, bytes } : undefined,
      };
  }
  if (roots.has('user_agent')) {
    const ua = pickString(obj, 'user_agent.original');
    if (ua) event.user_agent = { original: ua };
  }
  if (roots.has('dns')) {
    const name = pickString(obj, 'dns.question.name');
    if (name) event.dns = { question: { name } };
  }
  if (roots.has('file')) {
    const name = pickString(obj, 'file.name');
    const md5 = pickString(obj, 'file.hash.md5');
    const sha1 = pickString(obj, 'file.hash.sha1');
    const sha256 = pickString(obj, 'file.hash.sha256');
    if (name || md5 || sha1 || sha256)
      event.file = { name, hash: md5 || sha1 || sha256 ? { md5, sha1, sha256 } : undefined };
  }
  if (roots.has('rule')) {
    const id = pickString(obj, 'rule.id');
    const name = pickString(obj, 'rule.name');
    if (id || name) event.rule = { id, name };
  }
  if (roots.has('event')) {
    const action = pickString(obj, 'event.action');
    const code = pickString(obj, 'event.code');
    const outcome = pickString(obj, 'event.outcome');
    const kind = pickString(obj, 'event.kind');
    const dataset = pickString(obj, 'event.dataset');
    const severity = pick(obj, 'event.severity');
    if (action || code || outcome || kind || dataset || typeof severity === 'number')
      event.event = {
        ...event.event,
        action,
        code,
        outcome,
        kind,
        dataset,
        severity: typeof severity === 'number' && severity >= 0 && severity <= 100 ? severity : undefined,
      };
  }
}

/** Keys whose objects are copied as they are: the source's own data and the routing. */
const KEEP_AS_IS = new Set(['original', 'logsource', 'event_data']);

/**
 * The event without undefined properties and empty objects in its ECS part. Builds new objects rather
 * than deleting keys, which would turn them into slow dictionary-mode objects for every later reader.
 */
export function prune<T>(value: T): T {
  return (isRecord(value) ? (pruneRecord(value) ?? {}) : value) as T;
}

function pruneRecord(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const k in obj) {
    let v = obj[k];
    if (v === undefined) continue;
    if (isRecord(v) && !KEEP_AS_IS.has(k)) {
      v = pruneRecord(v);
      if (v === undefined) continue;
    }
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}
