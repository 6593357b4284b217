import type { SecurityEvent } from '../event-schema.ts';

/** What an event offers to match: the kind of value and where in the event it was read. */
export type EventObservableKind = 'ip' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256';

export interface EventObservable {
  kind: EventObservableKind;
  /** Dotted path in the event, e.g. "source.ip" or "original.dns.rrname". */
  field: string;
  value: string;
}

// Where the sources' own fields obviously hold an observable (Suricata EVE, Wazuh, Sysmon/Windows,
// web servers). Read only when present; the normalised ECS fields come first.
const ORIGINAL_FIELDS: readonly (readonly [EventObservableKind, string])[] = [
  ['ip', 'src_ip'],
  ['ip', 'dest_ip'],
  ['ip', 'dst_ip'],
  ['ip', 'srcip'],
  ['ip', 'dstip'],
  ['ip', 'data.srcip'],
  ['ip', 'data.dstip'],
  ['ip', 'remote_addr'],
  ['ip', 'client_ip'],
  ['ip', 'SourceIp'],
  ['ip', 'DestinationIp'],
  ['ip', 'IpAddress'],
  ['domain', 'dns.rrname'],
  ['domain', 'http.hostname'],
  ['domain', 'tls.sni'],
  ['domain', 'QueryName'],
  ['domain', 'DestinationHostname'],
  ['md5', 'fileinfo.md5'],
  ['sha1', 'fileinfo.sha1'],
  ['sha256', 'fileinfo.sha256'],
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
];

// Split once: this runs for every event.
const ORIGINAL_PATHS = ORIGINAL_FIELDS.map(([kind, path]) => ({ kind, path, parts: path.split('.') }));

function at(obj: Record<string, unknown>, path: string, parts: readonly string[] = path.split('.')): unknown {
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return parts.length > 1 ? obj[path] : undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined && parts.length > 1) return obj[path]; // flat "data.srcip" keys
  return cur;
}

const SEEN: string[] = [];

function hasOwnKey(obj: object): boolean {
  for (const _ in obj) return true;
  return false;
}

function addObservable(
  seen: string[],
  visit: ObservableVisitor,
  kind: EventObservableKind,
  field: string,
  value: unknown,
  dedupe: boolean,
): void {
  if (typeof value !== 'string' || value === '' || value.length > 4096) return;
  if (dedupe && seen.includes(value)) return;
  seen.push(value);
  visit(kind, field, value);
}

export type ObservableVisitor = (kind: EventObservableKind, field: string, value: string) => void;

/**
 * Calls `visit` for each observable of one event: source/destination/host addresses, DNS, URL, TLS SNI
 * and file hashes of the normalised schema, then the obvious fields of `original` (including Sysmon's
 * "Hashes" list) when they add a value not already visited. No allocation beyond a small array: this
 * runs for every event on the ingest hot path.
 */
export function visitObservables(event: SecurityEvent, visit: ObservableVisitor): void {
  // Reused between calls (this is synchronous and never re-entered), so an event allocates nothing here.
  const seen = SEEN;
  seen.length = 0;
  const add = (kind: EventObservableKind, field: string, value: unknown, dedupe: boolean) =>
    addObservable(seen, visit, kind, field, value, dedupe);
  add('ip', 'source.ip', event.source?.ip, false);
  add('ip', 'destination.ip', event.destination?.ip, true);
  const hostIps = event.host?.ip;
  if (Array.isArray(hostIps)) {
    for (let i = 0; i < hostIps.length; i++) add('ip', `host.ip.${i}`, hostIps[i], true);
  }
  add('domain', 'dns.question.name', event.dns?.question?.name, false);
  add('domain', 'url.domain', event.url?.domain, true);
  add('domain', 'tls.client.server_name', event.tls?.client?.server_name, true);
  add('domain', 'source.domain', event.source?.domain, true);
  add('domain', 'destination.domain', event.destination?.domain, true);
  const original = event.url?.original;
  if (typeof original === 'string' && original.startsWith('/') && event.url?.domain) {
    // Access logs carry the path only; the host comes from url.domain.
    add('url', 'url.original', `${event.url.domain}${original}`, false);
  } else add('url', 'url.original', original, false);
  add('md5', 'file.hash.md5', event.file?.hash?.md5, false);
  add('sha1', 'file.hash.sha1', event.file?.hash?.sha1, false);
  add('sha256', 'file.hash.sha256', event.file?.hash?.sha256, false);
  const raw = event.original;
  if (!raw || typeof raw !== 'object' || !hasOwnKey(raw)) return;
  for (const { kind, path, parts } of ORIGINAL_PATHS) {
    const value = at(raw, path, parts);
    // Parsers copy these into the schema: the same value again is no new observable (any case for hashes).
    if (
      typeof value === 'string' &&
      (kind === 'ip' || kind === 'domain' ? true : !seen.includes(value.toLowerCase()))
    ) {
      add(kind, `original.${path}`, value, true);
    }
  }
  const hashes = raw.Hashes ?? at(raw, 'EventData.Hashes');
  if (typeof hashes === 'string') {
    // Sysmon: "SHA1=...,MD5=...,SHA256=...,IMPHASH=..."
    for (const pair of hashes.split(',')) {
      const eq = pair.indexOf('=');
      const algo = pair.slice(0, eq).trim().toUpperCase();
      const kind = algo === 'MD5' ? 'md5' : algo === 'SHA1' ? 'sha1' : algo === 'SHA256' ? 'sha256' : null;
      if (kind) add(kind, 'original.Hashes', pair.slice(eq + 1).trim(), true);
    }
  }
}

/** The observables of one event as a list (see visitObservables). */
export function observablesOf(event: SecurityEvent): EventObservable[] {
  const out: EventObservable[] = [];
  visitObservables(event, (kind, field, value) => out.push({ kind, field, value }));
  return out;
}
