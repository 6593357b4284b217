// nginx/Apache access logs: combined and common formats with the variants seen in practice: a virtual
// host first (vhost_combined), IPv6 clients, "-" for absent fields (quoted or not), escaped quotes in the
// request and user agent (\" from Apache, \x22 from nginx), extra fields after the user agent (request
// time, upstream time, X-Forwarded-For...), kept under original.extra.
import { isIP } from 'node:net';
import type { ParseResult } from '../event-schema.ts';
import { fail, isoOfMs, ok, type ParsedEvent, splitTarget } from './parser-util.ts';
import { parseClf } from './timestamps.ts';

export interface AccessLogOptions {
  timezone: string;
}

/** Reads a quoted field starting at `pos` (on the quote); returns the unescaped value and the end. */
function quoted(line: string, pos: number): { value: string; end: number } | undefined {
  let i = pos + 1;
  let value = '';
  let chunk = i;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') {
      const next = line[i + 1];
      if (next === '"' || next === '\\') {
        value += line.slice(chunk, i) + next;
        i += 2;
        chunk = i;
        continue;
      }
      if (next === 'x' && line[i + 2] === '2' && line[i + 3] === '2') {
        value += `${line.slice(chunk, i)}"`;
        i += 4;
        chunk = i;
        continue;
      }
      i++;
      continue;
    }
    if (c === '"') return { value: value + line.slice(chunk, i), end: i + 1 };
    i++;
  }
  return undefined;
}

/** A bare or quoted token at `pos`, skipping leading spaces. */
function token(line: string, pos: number): { value: string; end: number } | undefined {
  let i = pos;
  while (line[i] === ' ') i++;
  if (i >= line.length) return undefined;
  if (line[i] === '"') return quoted(line, i);
  const sp = line.indexOf(' ', i);
  const end = sp < 0 ? line.length : sp;
  return { value: line.slice(i, end), end };
}

const METHOD = /^[A-Z][A-Z_-]{0,31}$/;

export function parseAccessLog(input: string, options: AccessLogOptions): ParseResult {
  const line = input.endsWith('\r') ? input.slice(0, -1) : input;
  if (line.trim() === '') return fail('empty access log line');
  const open = line.indexOf(' [');
  if (open < 0) return fail('not an access log line: no [time] field', line);
  const close = line.indexOf(']', open);
  if (close < 0) return fail('not an access log line: [time] is not closed', line);
  const head = line.slice(0, open).trim().split(/ +/);
  if (head.length < 3 || head.length > 4)
    return fail('not an access log line: expected "host ident user [time]"', line);
  const vhost = head.length === 4 ? head[0] : undefined;
  const [client, ident, user] = head.slice(-3) as [string, string, string];
  const timeText = line.slice(open + 2, close);
  const t = parseClf(timeText, options.timezone);
  const iso = t === undefined ? undefined : isoOfMs(t);
  if (iso === undefined) return fail('invalid access log time', timeText);

  let pos = close + 1;
  while (line[pos] === ' ') pos++;
  if (line[pos] !== '"') return fail('not an access log line: the request is not quoted', line);
  const request = quoted(line, pos);
  if (!request) return fail('not an access log line: the request is not closed', line);
  pos = request.end;
  const status = token(line, pos);
  if (!status || !/^\d{3}$/.test(status.value)) return fail('not an access log line: no status code', line);
  pos = status.end;
  const bytes = token(line, pos);
  if (!bytes || !/^(\d{1,15}|-)$/.test(bytes.value))
    return fail('not an access log line: no response size', line);
  pos = bytes.end;
  const referrer = token(line, pos);
  const agent = referrer ? token(line, referrer.end) : undefined;
  const extra: string[] = [];
  let more = agent ? token(line, agent.end) : undefined;
  while (more && extra.length < 32) {
    extra.push(more.value);
    more = token(line, more.end);
  }

  const original: Record<string, unknown> = {
    remote_addr: client,
    remote_user: user,
    time_local: timeText,
    request: request.value,
    status: Number(status.value),
    body_bytes_sent: bytes.value === '-' ? 0 : Number(bytes.value),
  };
  if (ident !== '-') original.ident = ident;
  if (vhost !== undefined) original.vhost = vhost;
  if (referrer) original.http_referer = referrer.value;
  if (agent) original.http_user_agent = agent.value;
  if (extra.length > 0) {
    original.extra = extra;
    // nginx `$request_time` right after the user agent, or `key=value` fields such as rt=0.123.
    if (/^\d+(\.\d+)?$/.test(extra[0] ?? '')) original.request_time = Number(extra[0]);
    for (const item of extra) {
      const kv = /^([A-Za-z_][\w-]{0,31})=(.*)$/s.exec(item);
      if (kv?.[1] && !(kv[1] in original)) original[kv[1]] = kv[2];
    }
  }

  const event: ParsedEvent = {
    '@timestamp': iso,
    logsource: { category: 'webserver' },
    original,
    event: { kind: 'event', category: ['web'], dataset: 'access_log' },
    http: { response: { status_code: Number(status.value) } },
  };
  if (isIP(client) !== 0) event.source = { ip: client };
  else if (client !== '-') event.source = { domain: client };
  if (user !== '-' && user !== '') event.user = { name: user };
  if (bytes.value !== '-' && event.http?.response) event.http.response.bytes = Number(bytes.value);
  // "GET /path?q HTTP/1.1"; anything else (a "-" for a timed-out connection, TLS bytes) stays raw.
  const parts = request.value.split(' ');
  if (parts.length >= 2 && parts.length <= 3 && METHOD.test(parts[0] ?? '') && parts[1]) {
    const target = parts[1];
    if (event.http) event.http.request = { method: parts[0] };
    const { path, query, domain } = splitTarget(target);
    event.url = { original: target, path };
    if (query !== undefined) event.url.query = query;
    if (domain !== undefined) event.url.domain = domain;
  } else if (request.value !== '-' && request.value !== '') event.url = { original: request.value };
  if (vhost !== undefined) event.url = { ...event.url, domain: vhost.replace(/:\d+$/, '') };
  if (referrer && referrer.value !== '-' && referrer.value !== '') {
    if (event.http) event.http.request = { ...event.http.request, referrer: referrer.value };
  }
  if (agent && agent.value !== '-' && agent.value !== '') event.user_agent = { original: agent.value };
  event.message = line;
  return ok(event);
}
