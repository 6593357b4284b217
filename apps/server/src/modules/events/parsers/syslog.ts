// Syslog: RFC 5424 and RFC 3164 with the vendor variants seen in practice (see README.md). Pure and
// bounded: a few linear scans and anchored regexes per message, never an exception for bad input.
import type { ParseResult } from '../event-schema.ts';
import { fail, isoOfMs, ok, type ParsedEvent } from './parser-util.ts';
import { applyPayload, huaweiParameters } from './syslog-payload.ts';
import { composeTime, fractionMs, inferYear, MONTHS, offsetMs, parseIso } from './timestamps.ts';
import { applyVendorFields } from './vendor-fields.ts';

export interface SyslogOptions {
  /** IANA zone for timestamps without an offset. */
  timezone: string;
  /** Receive time: fills a missing timestamp and anchors the year of RFC 3164 timestamps. */
  now: () => Date;
}

/** Syslog severity 0 (emergency) .. 7 (debug) -> event.severity 0-100. */
const SEVERITY_SCALE = [100, 90, 80, 70, 50, 30, 20, 10] as const;

/** Facility code -> Sigma `service` for generic Linux hosts (auth and authpriv are `auth`). */
function serviceOf(facility: number, appname: string | undefined): string {
  const app = appname?.toLowerCase();
  if (app === 'sshd' || app === 'sudo' || app === 'vsftpd' || app === 'clamav' || app === 'guacamole')
    return app;
  if (app === 'cron' || app === 'crond') return 'cron';
  if (app === 'auditd' || app === 'audit') return 'auditd';
  if (facility === 4 || facility === 10) return 'auth';
  return 'syslog';
}

function syslogEvent(pri: number, timestamp: string): ParsedEvent {
  const facility = pri >> 3;
  const severity = pri & 7;
  return {
    '@timestamp': timestamp,
    logsource: { product: 'linux', service: 'syslog' },
    original: {},
    event: { kind: 'event', severity: SEVERITY_SCALE[severity] ?? 20 },
    log: { syslog: { facility: { code: facility }, severity: { code: severity } } },
  };
}

/** Parses one syslog message (a UDP datagram or one TCP frame). */
export function parseSyslog(input: string, options: SyslogOptions): ParseResult {
  let line = input;
  // Trailers added by senders and framers: newline, CR, NUL.
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c === 10 || c === 13 || c === 0) end--;
    else break;
  }
  if (end !== line.length) line = line.slice(0, end);
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (line.trim() === '') return fail('empty syslog message');

  let pri = 13; // RFC 3164 4.3.3: a message without PRI is user.notice
  let pos = 0;
  if (line[0] === '<') {
    const close = line.indexOf('>');
    if (close < 2 || close > 4) return fail('invalid PRI: expected <0>..<191>', line);
    const digits = line.slice(1, close);
    if (!/^\d{1,3}$/.test(digits) || (digits.length > 1 && digits[0] === '0'))
      return fail('invalid PRI: expected <0>..<191>', line);
    pri = Number(digits);
    if (pri > 191) return fail('invalid PRI: expected <0>..<191>', line);
    pos = close + 1;
  }
  // RFC 5424: VERSION SP right after PRI.
  const v = /^([1-9]\d{0,2}) /.exec(line.slice(pos, pos + 4));
  if (v?.[1] && line[0] === '<') return parse5424(line, pos + v[1].length + 1, pri, options);
  return parse3164(line, pos, pri, options);
}

// ---------------------------------------------------------------------------------------------------
// RFC 5424

const RFC5424_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$/;

function parse5424(line: string, start: number, pri: number, options: SyslogOptions): ParseResult {
  const fields: string[] = [];
  let pos = start;
  for (let k = 0; k < 5; k++) {
    const sp = line.indexOf(' ', pos);
    const stop = sp < 0 ? line.length : sp;
    if (stop === pos) return fail(`RFC 5424 header field ${HEADER_NAMES[k]} is empty`, line);
    fields.push(line.slice(pos, stop));
    if (sp < 0) {
      if (k < 4) return fail(`RFC 5424 header ends before ${HEADER_NAMES[k + 1]}`, line);
      pos = line.length;
    } else pos = sp + 1;
  }
  const [ts, hostname, appname, procid, msgid] = fields as [string, string, string, string, string];
  let time: number;
  if (ts === '-') time = options.now().getTime();
  else {
    const m = RFC5424_TIME.exec(ts);
    const off = m ? offsetMs(m[8]) : undefined;
    const t =
      m && off !== undefined
        ? composeTime(
            options.timezone,
            Number(m[1]),
            Number(m[2]),
            Number(m[3]),
            Number(m[4]),
            Number(m[5]),
            Number(m[6]),
            fractionMs(m[7]),
            off,
          )
        : undefined;
    if (t === undefined) return fail('invalid RFC 5424 timestamp', ts);
    time = t;
  }
  const iso = isoOfMs(time);
  if (iso === undefined) return fail('timestamp out of range', ts);
  const event = syslogEvent(pri, iso);
  const syslog = event.log?.syslog ?? {};
  if (hostname !== '-') event.host = { name: hostname };
  if (appname !== '-') syslog.appname = appname;
  if (procid !== '-') syslog.procid = procid;
  if (msgid !== '-') syslog.msgid = msgid;

  let msgStart = pos;
  if (pos < line.length) {
    if (line[pos] === '-') msgStart = pos + 1;
    else if (line[pos] === '[') {
      const sd = parseStructuredData(line, pos);
      if (typeof sd === 'string') return fail(sd, line);
      syslog.structured_data = sd.data;
      for (const [id, params] of Object.entries(sd.data)) event.original[id] = params;
      msgStart = sd.end;
    }
    // Anything else: a sender that left out STRUCTURED-DATA; read the rest as the message.
    if (msgStart < line.length && line[msgStart] === ' ' && msgStart !== pos) msgStart++;
  }
  let msg = line.slice(msgStart);
  if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
  if (msg !== '') event.message = msg;
  finishSyslog(event, pri, syslog.appname, msg, options);
  return ok(event);
}

const HEADER_NAMES = ['TIMESTAMP', 'HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'];
const MAX_SD_ELEMENTS = 128;
/** RFC 5424 limits SD-NAME to 32 characters; vendors overstep a little, never this much. */
const MAX_SD_NAME = 64;

/** STRUCTURED-DATA from `[` at `pos`: `[id k="v" ...][id2 ...]`, with `\"`, `\\` and `\]` escapes. */
function parseStructuredData(
  line: string,
  start: number,
): { data: Record<string, Record<string, string>>; end: number } | string {
  const data: Record<string, Record<string, string>> = {};
  let pos = start;
  let elements = 0;
  while (line[pos] === '[') {
    if (++elements > MAX_SD_ELEMENTS) return `more than ${MAX_SD_ELEMENTS} structured data elements`;
    pos++;
    const idStart = pos;
    while (
      pos < line.length &&
      line[pos] !== ' ' &&
      line[pos] !== ']' &&
      line[pos] !== '=' &&
      line[pos] !== '"'
    )
      pos++;
    if (pos === idStart) return 'structured data element without SD-ID';
    if (pos - idStart > MAX_SD_NAME) return `SD-ID longer than ${MAX_SD_NAME} characters`;
    const id = line.slice(idStart, pos);
    const params: Record<string, string> = data[id] ?? {};
    data[id] = params;
    for (;;) {
      if (pos >= line.length) return `structured data element [${id} is not closed`;
      if (line[pos] === ']') {
        pos++;
        break;
      }
      if (line[pos] !== ' ') return `unexpected character in structured data element [${id}`;
      pos++;
      const nameStart = pos;
      while (
        pos < line.length &&
        line[pos] !== '=' &&
        line[pos] !== ' ' &&
        line[pos] !== ']' &&
        line[pos] !== '"'
      )
        pos++;
      if (pos === nameStart || line[pos] !== '=' || line[pos + 1] !== '"')
        return `structured data parameter in [${id} is not name="value"`;
      if (pos - nameStart > MAX_SD_NAME)
        return `structured data parameter name in [${id} longer than ${MAX_SD_NAME} characters`;
      const name = line.slice(nameStart, pos);
      pos += 2;
      let value = '';
      let closed = false;
      let chunk = pos;
      while (pos < line.length) {
        const c = line[pos];
        if (c === '\\') {
          const next = line[pos + 1];
          if (next === '"' || next === '\\' || next === ']') {
            value += line.slice(chunk, pos) + next;
            pos += 2;
            chunk = pos;
            continue;
          }
          pos++; // RFC 5424 6.3.3: any other backslash is kept as is
          continue;
        }
        if (c === '"') {
          value += line.slice(chunk, pos);
          closed = true;
          pos++;
          break;
        }
        pos++;
      }
      if (!closed) return `structured data value ${id}.${name} is not closed`;
      // A repeated PARAM-NAME (allowed by RFC 5424) keeps every value, comma-separated.
      params[name] = name in params ? `${params[name]},${value}` : value;
    }
  }
  return { data, end: pos };
}

// ---------------------------------------------------------------------------------------------------
// RFC 3164 and vendor variants

const CISCO_SEQ = /^(\d{1,10}): /;
// A zone after the time: an offset, Z, UTC or GMT, or an abbreviation directly followed by ":" (Cisco's
// "10:00:00.483 CST:"), never the start of an upper-case hostname ("10:00:00 WEBSRV sshd: ...").
const BSD_TIME =
  /^([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (\d{4})(?= |:|$))?(?: ?([+-]\d{2}:?\d{2}|Z|UTC|GMT)(?=[ :]|$)| [A-Z]{3,5}(?=:))?(?::(?= |$))?/;
const ISO_TIME =
  /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: ?(?:Z|z|[+-]\d{2}(?::?\d{2})?))?)(?::(?= |$))?/;
const TAG = /^([^\s[\]:]{1,64})(?:\[([^\]\s]{1,128})\])?: ?/;
const CISCO = /^%([A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*)-([0-7])-([A-Z0-9_]+)\s?:\s?/;
const HUAWEI =
  /^%%(\d{2})([A-Za-z0-9_-]{1,48})\/([0-7])\/([A-Za-z0-9_-]{1,64})(?:\(([a-zA-Z])\))?(?:\[(\d{1,10})\])?:\s?/;
const CISCO_AAA = new Set(['AAA', 'PARSER', 'SEC_LOGIN', 'TAC', 'TACACS', 'RADIUS', 'HA_EM', 'SSH', 'SYS']);
const HOSTNAME = /^[A-Za-z0-9_.:\-\u0080-\uffff]{1,255}$/;

function parse3164(line: string, start: number, pri: number, options: SyslogOptions): ParseResult {
  let pos = start;
  // Some senders put a space after PRI.
  if (line[pos] === ' ') pos++;
  let rest = line.slice(pos);
  const original: Record<string, unknown> = {};

  // Cisco IOS: "<189>123: " sequence number, optionally "host: " then "*" (clock not set) or "." (not in sync).
  const seq = CISCO_SEQ.exec(rest);
  let hostFromSeq: string | undefined;
  if (seq?.[1]) {
    original.sequence = Number(seq[1]);
    rest = rest.slice(seq[0].length);
    const h = /^([A-Za-z0-9_.-]{1,255}): (?=[*.]?[A-Za-z]{3} |\d{4}-)/.exec(rest);
    if (h?.[1]) {
      hostFromSeq = h[1];
      rest = rest.slice(h[0].length);
    }
  }
  if (rest[0] === '*' || (rest[0] === '.' && /^\.[A-Za-z]{3} /.test(rest))) {
    original.clockUnsynchronized = true;
    rest = rest.slice(1);
  }

  let time: number | undefined;
  let timeText: string | undefined;
  const bsd = BSD_TIME.exec(rest);
  if (bsd) {
    timeText = bsd[0];
    const mo = MONTHS[(bsd[1] ?? '').toLowerCase()];
    if (mo === undefined) return fail('invalid RFC 3164 timestamp', bsd[0]);
    const zoneText = bsd[9];
    let off: number | null | undefined = null;
    if (zoneText === 'UTC' || zoneText === 'GMT' || zoneText === 'Z') off = 0;
    else if (zoneText?.[0] === '+' || zoneText?.[0] === '-') off = offsetMs(zoneText);
    // Other abbreviations (CST, EST...) are ambiguous (China or US Central?): the configured zone applies.
    if (off === undefined) return fail('invalid timezone offset in timestamp', bsd[0]);
    const y = bsd[3] ?? bsd[8];
    const fields = [
      Number(bsd[2]),
      Number(bsd[4]),
      Number(bsd[5]),
      Number(bsd[6]),
      fractionMs(bsd[7]),
    ] as const;
    time =
      y !== undefined
        ? composeTime(options.timezone, Number(y), mo, ...fields, off)
        : inferYear(options.timezone, options.now().getTime(), mo, ...fields, off);
    if (time === undefined) return fail('invalid RFC 3164 timestamp', bsd[0]);
    rest = rest.slice(bsd[0].length);
  } else {
    const iso = ISO_TIME.exec(rest);
    if (iso?.[1]) {
      timeText = iso[0];
      time = parseIso(iso[1], options.timezone);
      if (time === undefined) return fail('invalid timestamp', iso[1]);
      rest = rest.slice(iso[0].length);
    }
  }
  if (rest[0] === ' ') rest = rest.slice(1);

  // HOSTNAME, unless the next token is already the tag, a vendor mnemonic or a key=value payload.
  let hostname = hostFromSeq;
  if (timeText !== undefined && hostname === undefined) {
    const sp = rest.indexOf(' ');
    const token = sp < 0 ? rest : rest.slice(0, sp);
    const looksLikeTag = token.endsWith(':') || token.includes('[') || token.includes('=');
    if (
      sp > 0 &&
      !looksLikeTag &&
      token[0] !== '%' &&
      HOSTNAME.test(token) &&
      !/^(?:CEF|LEEF):/.test(token)
    ) {
      hostname = token;
      rest = rest.slice(sp + 1);
      if (rest.startsWith(': ')) rest = rest.slice(2); // Cisco ASA: "host : %ASA-..."
    }
  }

  if (time === undefined) {
    // FortiGate and others send "date=2026-11-21 time=10:00:00 ..." right after PRI; else receive time.
    time = options.now().getTime();
  }
  const iso = isoOfMs(time);
  if (iso === undefined) return fail('timestamp out of range', timeText ?? line);
  const event = syslogEvent(pri, iso);
  const syslog = event.log?.syslog ?? {};
  if (hostname !== undefined) event.host = { name: hostname };
  event.original = original;

  let vendorSeverityValue: number | undefined;
  const cisco = CISCO.exec(rest);
  const huawei = cisco ? null : HUAWEI.exec(rest);
  if (cisco) {
    const severity = Number(cisco[2]);
    original.cisco = { facility: cisco[1], severity, mnemonic: cisco[3] };
    syslog.appname = cisco[1];
    syslog.msgid = `${cisco[1]}-${cisco[2]}-${cisco[3]}`;
    event.event = { ...event.event, code: syslog.msgid };
    vendorSeverityValue = SEVERITY_SCALE[severity];
    // SigmaHQ's Cisco rules (`service: aaa`) read command accounting and login logs.
    event.logsource = CISCO_AAA.has(cisco[1] ?? '')
      ? { product: 'cisco', service: 'aaa' }
      : { product: 'cisco' };
    rest = rest.slice(cisco[0].length);
  } else if (huawei) {
    const severity = Number(huawei[3]);
    original.huawei = {
      version: huawei[1],
      module: huawei[2],
      severity,
      brief: huawei[4],
      ...(huawei[5] ? { type: huawei[5] } : {}),
      ...(huawei[6] ? { sequence: Number(huawei[6]) } : {}),
    };
    syslog.appname = huawei[2];
    syslog.msgid = `${huawei[2]}/${huawei[3]}/${huawei[4]}`;
    event.event = { ...event.event, code: syslog.msgid };
    vendorSeverityValue = SEVERITY_SCALE[severity];
    event.logsource = { product: 'huawei' };
    rest = rest.slice(huawei[0].length);
    // "Description. (Key=Value, Key2="Value")": the parameters Huawei and H3C append.
    const params = huaweiParameters(rest);
    Object.assign(original, params);
    applyVendorFields(event, params);
  } else if (!/^(?:CEF|LEEF):/.test(rest)) {
    const tag = TAG.exec(rest);
    // A tag is followed by ":"; "key=value" payloads start with a key instead.
    if (tag?.[1] && !tag[1].includes('=')) {
      syslog.appname = tag[1];
      if (tag[2] !== undefined) syslog.procid = tag[2];
      rest = rest.slice(tag[0].length);
    }
  }
  if (rest !== '') event.message = rest;
  vendorSeverityValue = applyPayload(event, rest, options) ?? vendorSeverityValue;
  if (vendorSeverityValue !== undefined) event.event = { ...event.event, severity: vendorSeverityValue };
  finishSyslog(event, pri, syslog.appname, rest, options);
  return ok(event);
}

function finishSyslog(
  event: ParsedEvent,
  pri: number,
  appname: string | undefined,
  msg: string,
  _options: SyslogOptions,
): void {
  // The default service is refined from the app name, unless a payload already named one (auditd).
  if (event.logsource.product === 'linux' && event.logsource.service === 'syslog')
    event.logsource.service = serviceOf(pri >> 3, appname);
  if (event.message === undefined && msg !== '') event.message = msg;
}
