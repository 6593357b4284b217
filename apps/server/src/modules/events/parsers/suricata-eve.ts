// Suricata EVE JSON: alert, http, dns, tls, fileinfo, anomaly and flow records mapped to ECS; any other
// event_type (ssh, smtp, smb, stats...) keeps the common fields and its object under `original`.
import type { ParseResult } from '../event-schema.ts';
import {
  parseJsonObject,
  pick,
  pickInt,
  pickIp,
  pickPort,
  pickString,
  pickTimestamp,
  prune,
} from './json-record.ts';
import type { JsonParserOptions } from './ndjson.ts';
import { fail, isoOf, isRecord, ok, type ParsedEvent, splitTarget } from './parser-util.ts';

/** Suricata alert severity 1 (high) .. 4 -> event.severity. */
const ALERT_SEVERITY: Record<number, number> = { 1: 80, 2: 50, 3: 30, 4: 20 };

function hexFingerprint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.replace(/:/g, '');
  return /^[0-9a-fA-F]{40}$/.test(hex) ? hex.toUpperCase() : undefined;
}

/** The first DNS query name in any EVE DNS version (v1 `rrname`, v2 `rrname`, v3 `queries[0].rrname`). */
function dnsName(dns: unknown): string | undefined {
  if (!isRecord(dns)) return undefined;
  if (typeof dns.rrname === 'string' && dns.rrname !== '') return dns.rrname;
  for (const key of ['queries', 'query']) {
    const list = dns[key];
    if (Array.isArray(list) && isRecord(list[0]) && typeof list[0].rrname === 'string') return list[0].rrname;
  }
  return undefined;
}

export function parseSuricataEve(record: string, options: JsonParserOptions): ParseResult {
  const parsed = parseJsonObject(record);
  if (!parsed.ok) return parsed;
  const eve = parsed.value;
  const type = eve.event_type;
  if (typeof type !== 'string' || type === '') return fail('not a Suricata EVE record: no event_type');
  const ts = pickTimestamp(eve, options.timezone, ['timestamp']);
  if (ts === undefined && eve.timestamp !== undefined)
    return fail('invalid Suricata timestamp', String(eve.timestamp));
  const event: ParsedEvent = {
    '@timestamp': ts ?? isoOf(options.now()) ?? new Date(0).toISOString(),
    logsource: { product: 'suricata', service: type },
    original: eve,
    event: { kind: type === 'alert' || type === 'anomaly' ? 'alert' : 'event', dataset: `suricata.${type}` },
    source: { ip: pickIp(eve, 'src_ip'), port: pickPort(eve, 'src_port') },
    destination: { ip: pickIp(eve, 'dest_ip'), port: pickPort(eve, 'dest_port') },
  };
  const host = pickString(eve, 'host');
  if (host) event.host = { name: host };

  const alert = eve.alert;
  if (isRecord(alert)) {
    const severity = pickInt(alert, 'severity');
    event.rule = { id: pickString(alert, 'signature_id'), name: pickString(alert, 'signature') };
    event.event = {
      ...event.event,
      action: pickString(alert, 'action'),
      severity: severity === undefined ? undefined : ALERT_SEVERITY[severity],
    };
    const category = pickString(alert, 'category');
    if (category) event.message = `${event.rule.name ?? ''} (${category})`;
    else event.message = event.rule.name;
  }

  const http = eve.http;
  if (isRecord(http)) {
    const target = pickString(http, 'url');
    if (target) {
      const { path, query, domain } = splitTarget(target);
      event.url = { original: target, path, query, domain: pickString(http, 'hostname') ?? domain };
    } else if (pickString(http, 'hostname')) event.url = { domain: pickString(http, 'hostname') };
    event.http = {
      request: { method: pickString(http, 'http_method'), referrer: pickString(http, 'http_refer') },
      response: { status_code: pickInt(http, 'status'), bytes: pickInt(http, 'length') },
    };
    const ua = pickString(http, 'http_user_agent');
    if (ua) event.user_agent = { original: ua };
    // Rules for web servers apply to the HTTP the sensor sees in front of them.
    if (type === 'http') event.logsource = { product: 'suricata', category: 'webserver', service: type };
  }

  const name = dnsName(eve.dns);
  if (name !== undefined) {
    event.dns = { question: { name } };
    if (type === 'dns') event.logsource = { product: 'suricata', category: 'dns', service: type };
  }

  const tls = eve.tls;
  if (isRecord(tls)) {
    const sni = pickString(tls, 'sni');
    const sha1 = hexFingerprint(pickString(tls, 'fingerprint'));
    event.tls = {
      client: sni ? { server_name: sni } : undefined,
      server: sha1 ? { hash: { sha1 } } : undefined,
    };
  }

  const file = eve.fileinfo;
  if (isRecord(file)) {
    const hash = (k: string, len: number) => {
      const v = pickString(file, k)?.toLowerCase();
      return v && v.length === len && /^[0-9a-f]+$/.test(v) ? v : undefined;
    };
    event.file = {
      name: pickString(file, 'filename'),
      hash: { md5: hash('md5', 32), sha1: hash('sha1', 40), sha256: hash('sha256', 64) },
    };
  }

  const anomaly = eve.anomaly;
  if (isRecord(anomaly)) {
    event.event = { ...event.event, action: pickString(anomaly, 'event'), code: pickString(anomaly, 'type') };
    event.message ??= [pickString(anomaly, 'layer'), pickString(anomaly, 'event')].filter(Boolean).join(': ');
  }

  const flow = eve.flow;
  if (type === 'flow' && isRecord(flow)) {
    event.event = { ...event.event, action: pickString(flow, 'state'), outcome: pickString(flow, 'reason') };
  }
  const proto = pick(eve, 'app_proto') ?? pick(eve, 'proto');
  if (typeof proto === 'string' && event.message === undefined)
    event.message = `${type} ${proto} ${event.source?.ip ?? '?'} -> ${event.destination?.ip ?? '?'}`;
  return ok(prune(event));
}
