// JSON records: a bounded JSON.parse (nesting depth checked before parsing, so a "[[[[..." bomb is
// refused cheaply), and the ECS reader shared by the JSON source parsers.
import { isIP } from 'node:net';
import { isoOf, isRecord, type ParsedEvent, toInt, toPort } from './parser-util.ts';
import { epochToMs, parseIso } from './timestamps.ts';

/** Deeper nesting than any log format uses; deeper input is refused before JSON.parse sees it. */
export const MAX_JSON_DEPTH = 64;

export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Nesting depth of JSON text (brackets outside strings), stopping early once over `limit`. */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
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

/** Reads a dotted path from nested objects or from a flat key holding the whole dotted name. */
export function pick(obj: Record<string, unknown>, path: string): unknown {
  const flat = obj[path];
  if (flat !== undefined) return flat;
  let cur: unknown = obj;
  let start = 0;
  for (;;) {
    const dot = path.indexOf('.', start);
    const key = dot < 0 ? path.slice(start) : path.slice(start, dot);
    if (!isRecord(cur)) return undefined;
    // A partly flat object: {"url": {"query.raw": ...}} is rare; try the rest of the path flat first.
    const restFlat = cur[path.slice(start)];
    if (restFlat !== undefined && dot >= 0) return restFlat;
    cur = cur[key];
    if (dot < 0) return cur;
    start = dot + 1;
  }
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
      const iso = isoOf(new Date(t));
      if (iso !== undefined) return iso;
    }
  }
  return undefined;
}

/** Copies ECS fields present in `obj` (nested or flat dotted keys) onto the event, type-checked. */
export function readEcs(event: ParsedEvent, obj: Record<string, unknown>): void {
  const message = pickString(obj, 'message');
  if (message !== undefined) event.message = message;
  const sip = pickIp(obj, 'source.ip', 'source.address');
  const sport = pickPort(obj, 'source.port');
  const sdomain = pickString(obj, 'source.domain');
  if (sip || sport !== undefined || sdomain) event.source = { ip: sip, port: sport, domain: sdomain };
  const dip = pickIp(obj, 'destination.ip', 'destination.address');
  const dport = pickPort(obj, 'destination.port');
  const ddomain = pickString(obj, 'destination.domain');
  if (dip || dport !== undefined || ddomain) event.destination = { ip: dip, port: dport, domain: ddomain };
  const hostName = pickString(obj, 'host.name', 'host.hostname');
  if (hostName) event.host = { name: hostName };
  const userName = pickString(obj, 'user.name');
  if (userName) event.user = { name: userName, domain: pickString(obj, 'user.domain') };
  const exe = pickString(obj, 'process.executable');
  const cmd = pickString(obj, 'process.command_line');
  const pid = pickInt(obj, 'process.pid');
  const pname = pickString(obj, 'process.name');
  if (exe || cmd || pid !== undefined || pname)
    event.process = { executable: exe, command_line: cmd, pid, name: pname };
  const urlOriginal = pickString(obj, 'url.original', 'url.full');
  const urlPath = pickString(obj, 'url.path');
  const urlQuery = pickString(obj, 'url.query');
  const urlDomain = pickString(obj, 'url.domain');
  if (urlOriginal || urlPath || urlQuery || urlDomain)
    event.url = { original: urlOriginal, path: urlPath, query: urlQuery, domain: urlDomain };
  const method = pickString(obj, 'http.request.method');
  const referrer = pickString(obj, 'http.request.referrer');
  const status = pickInt(obj, 'http.response.status_code');
  const bytes = pickInt(obj, 'http.response.bytes', 'http.response.body.bytes');
  if (method || referrer || status !== undefined || bytes !== undefined)
    event.http = {
      request: method || referrer ? { method, referrer } : undefined,
      response: status !== undefined || bytes !== undefined ? { status_code: status, bytes } : undefined,
    };
  const ua = pickString(obj, 'user_agent.original');
  if (ua) event.user_agent = { original: ua };
  const qname = pickString(obj, 'dns.question.name');
  if (qname) event.dns = { question: { name: qname } };
  const fname = pickString(obj, 'file.name');
  const md5 = pickString(obj, 'file.hash.md5');
  const sha1 = pickString(obj, 'file.hash.sha1');
  const sha256 = pickString(obj, 'file.hash.sha256');
  if (fname || md5 || sha1 || sha256)
    event.file = { name: fname, hash: md5 || sha1 || sha256 ? { md5, sha1, sha256 } : undefined };
  const ruleId = pickString(obj, 'rule.id');
  const ruleName = pickString(obj, 'rule.name');
  if (ruleId || ruleName) event.rule = { id: ruleId, name: ruleName };
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

/** Drops undefined properties and empty objects from the ECS part of an event (not `original`). */
export function prune<T>(value: T): T {
  if (!isRecord(value)) return value;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) delete value[k];
    else if (isRecord(v) && k !== 'original' && k !== 'logsource') {
      prune(v);
      if (Object.keys(v).length === 0) delete value[k];
    }
  }
  return value;
}
