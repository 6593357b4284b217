// Maps the field names vendors use in key=value, CEF and LEEF payloads onto the ECS fields of the
// event. The first name present wins; the payload itself stays under `original` with its own names.
import { isIP } from 'node:net';
import type { ParsedEvent } from './parser-util.ts';
import { toInt, toPort } from './parser-util.ts';

const SOURCE_IP = [
  'src',
  'SRC',
  'SourceIP',
  'SrcIp',
  'srcip',
  'src_ip',
  'sourceAddress',
  'srcIP',
  'source_ip',
  'SrcIP',
  '源IP',
  '源地址',
  'Ip', // Huawei login and command logs: the client's address
];
const SOURCE_PORT = [
  'spt',
  'SPT',
  'SourcePort',
  'SrcPort',
  'srcport',
  'src_port',
  'srcPort',
  'sourcePort',
  'SrcPort',
  '源端口',
];
const DEST_IP = [
  'dst',
  'DST',
  'DestinationIP',
  'DstIp',
  'dstip',
  'dst_ip',
  'destinationAddress',
  'dstIP',
  'destination_ip',
  'DstIP',
  '目的IP',
  '目的地址',
];
const DEST_PORT = [
  'dpt',
  'DPT',
  'DestinationPort',
  'DstPort',
  'dstport',
  'dst_port',
  'dstPort',
  'destinationPort',
  'DstPort',
  '目的端口',
];
const USER = [
  'suser',
  'UserName',
  'user',
  'usrName',
  'srcuser',
  'username',
  'User',
  'duser',
  '用户',
  '用户名',
];
const ACTION = ['act', 'action', 'Action', '系统动作', '动作', '处理动作'];
const URL = ['request', 'url', 'URL', 'requestURL'];
const METHOD = ['requestMethod', 'method', 'httpmethod'];
const FILE = ['fname', 'filename', 'fileName', 'file'];
const HASH = ['fileHash', 'filehash', 'md5', 'sha1', 'sha256', 'checksum'];
const HOST = ['dvchost', 'devname', 'hostname', 'identHostName', 'Hostname'];
const SRC_HOST = ['shost', 'srcname'];
const DST_HOST = ['dhost', 'dstname'];
const MESSAGE = ['msg', 'message'];
const USER_AGENT = ['requestClientApplication', 'agent', 'useragent', 'userAgent'];
const STATUS = ['httpStatus', 'status_code', 'statusCode'];

function first(fields: Record<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = fields[n];
    if (v !== undefined && v !== '' && v !== '-' && v !== 'N/A') return v;
  }
  return undefined;
}

function ipOf(v: string | undefined): string | undefined {
  return v !== undefined && isIP(v) !== 0 ? v : undefined;
}

/** Severity words used by FortiGate `level=` and CEF string severities -> 0-100. */
const SEVERITY_WORDS: Record<string, number> = {
  emergency: 100,
  alert: 90,
  critical: 80,
  crit: 80,
  error: 70,
  err: 70,
  warning: 50,
  warn: 50,
  notice: 30,
  notification: 30,
  information: 20,
  informational: 20,
  info: 20,
  debug: 10,
  low: 30,
  medium: 50,
  high: 70,
  'very-high': 90,
  'very high': 90,
};

/** A vendor severity (0-10 numbers as in CEF and LEEF, or words) on the 0-100 scale. */
export function vendorSeverity(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= 10) return Math.round(n * 10);
  return SEVERITY_WORDS[value.toLowerCase()];
}

/** Sets the ECS fields an event lacks from vendor payload fields. */
export function applyVendorFields(event: ParsedEvent, fields: Record<string, string>): void {
  const sip = ipOf(first(fields, SOURCE_IP));
  const sport = toPort(first(fields, SOURCE_PORT));
  const sdomain = first(fields, SRC_HOST);
  if (sip !== undefined || sport !== undefined || sdomain !== undefined) {
    event.source = { ...event.source };
    if (sip !== undefined) event.source.ip = sip;
    if (sport !== undefined) event.source.port = sport;
    if (sdomain !== undefined) event.source.domain = sdomain;
  }
  const dip = ipOf(first(fields, DEST_IP));
  const dport = toPort(first(fields, DEST_PORT));
  const ddomain = first(fields, DST_HOST);
  if (dip !== undefined || dport !== undefined || ddomain !== undefined) {
    event.destination = { ...event.destination };
    if (dip !== undefined) event.destination.ip = dip;
    if (dport !== undefined) event.destination.port = dport;
    if (ddomain !== undefined) event.destination.domain = ddomain;
  }
  const user = first(fields, USER);
  if (user !== undefined) event.user = { ...event.user, name: user };
  const action = first(fields, ACTION);
  if (action !== undefined) event.event = { ...event.event, action };
  const url = first(fields, URL);
  if (url !== undefined) {
    event.url = { ...event.url, original: url };
    const m = /^(?:[a-zA-Z][\w+.-]*:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(url);
    if (m?.[1]) event.url.domain = m[1];
    if (m?.[2]) event.url.path = m[2];
    if (m?.[3]) event.url.query = m[3];
  }
  const method = first(fields, METHOD);
  const status = toInt(first(fields, STATUS));
  if (method !== undefined || status !== undefined) {
    event.http = { ...event.http };
    if (method !== undefined) event.http.request = { ...event.http.request, method: method.toUpperCase() };
    if (status !== undefined) event.http.response = { ...event.http.response, status_code: status };
  }
  const ua = first(fields, USER_AGENT);
  if (ua !== undefined) event.user_agent = { original: ua };
  const fname = first(fields, FILE);
  const hash = first(fields, HASH);
  if (fname !== undefined || hash !== undefined) {
    event.file = { ...event.file };
    if (fname !== undefined) event.file.name = fname;
    if (hash !== undefined) {
      const h = hash.toLowerCase();
      if (/^[0-9a-f]{32}$/.test(h)) event.file.hash = { md5: h };
      else if (/^[0-9a-f]{40}$/.test(h)) event.file.hash = { sha1: h };
      else if (/^[0-9a-f]{64}$/.test(h)) event.file.hash = { sha256: h };
    }
  }
  const host = first(fields, HOST);
  if (host !== undefined && !event.host?.name) event.host = { ...event.host, name: host };
  const msg = first(fields, MESSAGE);
  if (msg !== undefined) event.message = msg;
}
