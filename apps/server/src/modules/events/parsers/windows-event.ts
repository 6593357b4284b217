// Windows events as JSON: Winlogbeat (`winlog.*`), EVTX-to-JSON exporters (`Event.System` /
// `Event.EventData`, with attributes as `#attributes` (evtx_dump) or `@Name` (xmltodict) and data as
// named keys or a `Data` list), and flat exporters (NXLog, Get-WinEvent | ConvertTo-Json). Each becomes
// `winlog` (channel, event_id, provider, computer, record id and a flat `event_data` that also carries
// the system fields SigmaHQ rules name: Provider_Name, Channel, Computer) plus ECS process, user,
// network, DNS and file fields, with the Sigma log source from the channel and event ID.
import { isIP } from 'node:net';
import type { ParseResult } from '../event-schema.ts';
import { parseJsonObject, pickTimestamp, prune } from './json-record.ts';
import type { JsonParserOptions } from './ndjson.ts';
import { fail, isoOfMs, isRecord, ok, type ParsedEvent, toInt, toPort } from './parser-util.ts';
import { epochToMs } from './timestamps.ts';
import { windowsLogsource } from './windows-channels.ts';

interface WindowsFields {
  channel?: string;
  eventId?: number;
  provider?: string;
  computer?: string;
  recordId?: number;
  level?: number;
  time?: string;
  userSid?: string;
  message?: string;
  data: Record<string, string>;
}

const MAX_DATA_FIELDS = 512;

/** A node's text: a scalar, or `#text` / `value` of an element object. */
function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isRecord(node)) return text(node['#text'] ?? node.value ?? node.Value);
  return undefined;
}

/** An XML attribute as exporters write it: `#attributes.Name`, `@Name`, or `Name`. */
function attr(node: unknown, name: string): string | undefined {
  if (!isRecord(node)) return undefined;
  const attrs = node['#attributes'];
  if (isRecord(attrs) && attrs[name] !== undefined) return text(attrs[name]);
  return text(node[`@${name}`] ?? node[name]);
}

/** Flattens EventData/UserData: named keys, or a `Data` list of {Name, #text} elements. */
function collectData(node: unknown, out: Record<string, string>, depth = 0): void {
  if (!isRecord(node) || depth > 3) return;
  let count = Object.keys(out).length;
  for (const [key, value] of Object.entries(node)) {
    if (count >= MAX_DATA_FIELDS) return;
    if (key === '#attributes' || key.startsWith('@') || key === 'xmlns') continue;
    if (key === 'Data' && Array.isArray(value)) {
      for (let i = 0; i < value.length && i < MAX_DATA_FIELDS; i++) {
        const item: unknown = value[i];
        const name = attr(item, 'Name');
        const v = text(item);
        if (v !== undefined) out[name ?? `Data${i}`] = v;
      }
    } else if (key === 'Data' && isRecord(value) && attr(value, 'Name') !== undefined) {
      const v = text(value);
      const name = attr(value, 'Name');
      if (v !== undefined && name !== undefined) out[name] = v;
    } else if (isRecord(value) && value['#text'] === undefined) {
      collectData(value, out, depth + 1); // UserData wraps its fields in an element of its own
    } else {
      const v = text(value);
      if (v !== undefined) out[key] = v;
    }
    count = Object.keys(out).length;
  }
}

function intOf(value: unknown): number | undefined {
  const t = text(value);
  return t === undefined ? undefined : toInt(t);
}

function fromWinlogbeat(obj: Record<string, unknown>, winlog: Record<string, unknown>): WindowsFields {
  const data: Record<string, string> = {};
  collectData(winlog.event_data, data);
  collectData(winlog.user_data, data);
  const user = winlog.user;
  return {
    channel: text(winlog.channel),
    eventId: intOf(winlog.event_id),
    provider: text(winlog.provider_name),
    computer: text(winlog.computer_name),
    recordId: intOf(winlog.record_id),
    level: undefined,
    time: text(obj['@timestamp']),
    userSid: isRecord(user) ? text(user.identifier) : undefined,
    message: text(obj.message),
    data,
  };
}

function fromEvtx(event: Record<string, unknown>): WindowsFields | undefined {
  const sys = event.System;
  if (!isRecord(sys)) return undefined;
  const data: Record<string, string> = {};
  collectData(event.EventData, data);
  collectData(event.UserData, data);
  const rendering = event.RenderingInfo;
  return {
    channel: text(sys.Channel),
    eventId: intOf(sys.EventID),
    provider: attr(sys.Provider, 'Name'),
    computer: text(sys.Computer),
    recordId: intOf(sys.EventRecordID),
    level: intOf(sys.Level),
    time: attr(sys.TimeCreated, 'SystemTime'),
    userSid: attr(sys.Security, 'UserID'),
    message: isRecord(rendering) ? text(rendering.Message) : undefined,
    data,
  };
}

const FLAT_SYSTEM = new Set([
  'EventID',
  'Id',
  'Channel',
  'LogName',
  'Hostname',
  'MachineName',
  'Computer',
  'SourceName',
  'ProviderName',
  'EventTime',
  'TimeCreated',
  'RecordNumber',
  'RecordId',
  'Level',
  'Message',
  'message',
  '@timestamp',
]);

function fromFlat(obj: Record<string, unknown>): WindowsFields | undefined {
  const eventId = intOf(obj.EventID ?? obj.Id);
  const channel = text(obj.Channel ?? obj.LogName);
  if (eventId === undefined || channel === undefined) return undefined;
  const data: Record<string, string> = {};
  let count = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (FLAT_SYSTEM.has(k) || count >= MAX_DATA_FIELDS) continue;
    const t = typeof v === 'object' ? undefined : text(v);
    if (t !== undefined) {
      data[k] = t;
      count++;
    }
  }
  let time = text(obj.TimeCreated ?? obj.EventTime ?? obj['@timestamp']);
  const dotnet = time === undefined ? null : /^\/Date\((\d+)\)\/$/.exec(time); // ConvertTo-Json dates
  if (dotnet?.[1]) time = dotnet[1];
  return {
    channel,
    eventId,
    provider: text(obj.ProviderName ?? obj.SourceName),
    computer: text(obj.Hostname ?? obj.MachineName ?? obj.Computer),
    recordId: intOf(obj.RecordNumber ?? obj.RecordId),
    level: intOf(obj.Level),
    time,
    message: text(obj.Message ?? obj.message),
    data,
  };
}

/** Windows Level 1 critical .. 5 verbose -> event.severity. */
const LEVEL_SEVERITY: Record<number, number> = { 1: 80, 2: 70, 3: 50, 4: 20, 5: 10 };

function parseHashes(
  value: string | undefined,
): { md5?: string; sha1?: string; sha256?: string } | undefined {
  if (!value) return undefined;
  const out: { md5?: string; sha1?: string; sha256?: string } = {};
  for (const part of value.split(',')) {
    const [k, v] = part.split('=');
    const h = v?.trim().toLowerCase();
    if (!h) continue;
    const key = k?.trim().toUpperCase();
    if (key === 'MD5' && h.length === 32) out.md5 = h;
    else if (key === 'SHA1' && h.length === 40) out.sha1 = h;
    else if (key === 'SHA256' && h.length === 64) out.sha256 = h;
  }
  return out.md5 || out.sha1 || out.sha256 ? out : undefined;
}

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === '-' ? undefined : v;
}

export function parseWindowsEvent(record: string, options: JsonParserOptions): ParseResult {
  const parsed = parseJsonObject(record);
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  let w: WindowsFields | undefined;
  if (isRecord(obj.winlog)) w = fromWinlogbeat(obj, obj.winlog);
  else if (isRecord(obj.Event)) w = fromEvtx(obj.Event);
  else if (isRecord(obj.System)) w = fromEvtx(obj);
  else w = fromFlat(obj);
  if (w === undefined)
    return fail('not a Windows event: expected winlog.*, Event.System or EventID with Channel fields');
  if (w.eventId === undefined) return fail('not a Windows event: no event ID');

  let time: number | undefined;
  if (w.time !== undefined) {
    const ts = pickTimestamp({ t: w.time }, options.timezone, ['t']) ?? undefined;
    time = ts === undefined ? epochToMs(w.time) : Date.parse(ts);
    if (time === undefined) return fail('invalid Windows event time', w.time);
  }
  const d = w.data;
  const eventData: Record<string, string> = { ...d };
  if (w.provider !== undefined) eventData.Provider_Name ??= w.provider;
  if (w.channel !== undefined) eventData.Channel ??= w.channel;
  if (w.computer !== undefined) eventData.Computer ??= w.computer;
  // Security 4688 names the process fields differently; Sigma's process_creation rules use Sysmon's.
  if (w.eventId === 4688) {
    if (d.NewProcessName !== undefined) eventData.Image ??= d.NewProcessName;
    if (d.ParentProcessName !== undefined) eventData.ParentImage ??= d.ParentProcessName;
  }

  const event: ParsedEvent = {
    '@timestamp': isoOfMs(time ?? options.now().getTime()) ?? new Date(0).toISOString(),
    logsource: windowsLogsource(w.channel, w.eventId, d),
    original: obj,
    event: {
      kind: 'event',
      code: String(w.eventId),
      provider: w.provider,
      severity: w.level === undefined ? undefined : LEVEL_SEVERITY[w.level],
    },
    winlog: {
      channel: w.channel,
      event_id: w.eventId,
      provider_name: w.provider,
      computer_name: w.computer,
      record_id: w.recordId,
      user_sid: w.userSid,
      event_data: eventData,
    },
  };
  if (w.message) event.message = w.message;
  if (w.computer) event.host = { name: w.computer };

  const exe = nonEmpty(d.Image ?? d.NewProcessName ?? d.ProcessName);
  const cmd = nonEmpty(d.CommandLine);
  const pidText = d.ProcessId ?? d.NewProcessId;
  const pid = pidText?.startsWith('0x') ? Number.parseInt(pidText.slice(2), 16) : toInt(pidText);
  if (exe || cmd)
    event.process = {
      executable: exe,
      command_line: cmd,
      pid: Number.isSafeInteger(pid) ? pid : undefined,
      name: exe ? basename(exe) : undefined,
    };
  const userText = nonEmpty(d.User ?? d.TargetUserName ?? d.SubjectUserName);
  if (userText) {
    const slash = userText.indexOf('\\');
    event.user =
      slash > 0
        ? { domain: userText.slice(0, slash), name: userText.slice(slash + 1) }
        : { name: userText, domain: nonEmpty(d.TargetDomainName ?? d.SubjectDomainName) };
  }
  const sip = nonEmpty(d.SourceIp ?? d.IpAddress ?? d.SourceAddress);
  const sport = toPort(d.SourcePort ?? d.IpPort);
  if (sip && isIP(sip) !== 0) event.source = { ip: sip, port: sport || undefined };
  const dip = nonEmpty(d.DestinationIp ?? d.DestAddress);
  if (dip && isIP(dip) !== 0)
    event.destination = {
      ip: dip,
      port: toPort(d.DestinationPort ?? d.DestPort),
      domain: nonEmpty(d.DestinationHostname),
    };
  const query = nonEmpty(d.QueryName);
  if (query) event.dns = { question: { name: query } };
  const target = nonEmpty(d.TargetFilename);
  const hashes = parseHashes(d.Hashes ?? d.Hash);
  if (target || hashes)
    event.file = { name: target ? basename(target) : undefined, path: target, hash: hashes };
  return ok(prune(event));
}
