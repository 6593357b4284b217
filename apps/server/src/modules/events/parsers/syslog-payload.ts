// Payloads inside syslog messages (CEF, LEEF, key=value, Huawei parameters) applied to an event: their
// fields into `original` and ECS, their time and log source when they carry one.

import { isoOfMs, type ParsedEvent } from './parser-util.ts';
import { parseCef, parseColonPairs, parseKeyValues, parseLeef, parseNetfilter } from './payloads.ts';
import { composeTime, epochToMs, fractionMs, MONTHS, offsetMs, parseIso } from './timestamps.ts';
import { applyVendorFields, vendorSeverity } from './vendor-fields.ts';

/** The trailing "(Key=Value, Key2="Value")" of a Huawei/H3C message, found without a backtracking regex. */
export function huaweiParameters(msg: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = msg.trimEnd();
  if (!text.endsWith(')')) return out;
  const open = text.lastIndexOf('(');
  if (open < 0) return out;
  const inner = text.slice(open + 1, -1);
  if (inner.indexOf('=') < 0 || inner.indexOf(')') >= 0) return out;
  for (const part of inner.split(/,\s*(?=[A-Za-z][\w-]*=)/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out[part.slice(0, eq).trim()] = value;
  }
  return out;
}

/** CEF, LEEF or key=value payloads: fields into `original` and ECS. Returns a vendor severity, if any. */
const AUDIT_MSG = /^audit\((\d{1,12}\.\d{1,6}):\d{1,20}\):?$/;

const CEF_DATE =
  /^([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: (UTC|GMT|Z|[+-]\d{2}:?\d{2}))?$/;

/** CEF `rt`/`end`: epoch milliseconds, `MMM dd yyyy HH:mm:ss[.SSS] [zone]` or ISO 8601; zone-less in `zone`. */
function cefTime(text: string, zone: string): number | undefined {
  const epoch = epochToMs(text);
  if (epoch !== undefined) return epoch;
  const m = CEF_DATE.exec(text);
  if (!m) return parseIso(text, zone);
  const mo = MONTHS[(m[1] ?? '').toLowerCase()];
  const z = m[8];
  const off = z === undefined ? null : z === 'UTC' || z === 'GMT' || z === 'Z' ? 0 : offsetMs(z);
  if (mo === undefined || off === undefined) return undefined;
  return composeTime(
    zone,
    Number(m[3]),
    mo,
    Number(m[2]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    fractionMs(m[7]),
    off,
  );
}

export function applyPayload(
  event: ParsedEvent,
  msg: string,
  options: { timezone: string },
): number | undefined {
  if (msg.length < 5) return undefined;
  const cef = parseCef(msg);
  if (cef) {
    Object.assign(event.original, cef);
    applyVendorFields(event, cef);
    event.event = { ...event.event, code: cef.deviceEventClassId };
    if (cef.name) event.message = cef.name;
    if (cef.msg) event.message = cef.msg;
    event.logsource = { product: (cef.deviceProduct || cef.deviceVendor || 'cef').toLowerCase() };
    const rt = cef.rt ?? cef.end;
    const t = rt === undefined ? undefined : cefTime(rt, options.timezone);
    const iso = t === undefined ? undefined : isoOfMs(t);
    if (iso) event['@timestamp'] = iso;
    return vendorSeverity(cef.severity);
  }
  const leef = parseLeef(msg);
  if (leef) {
    Object.assign(event.original, leef);
    applyVendorFields(event, leef);
    event.event = { ...event.event, code: leef.eventId };
    event.logsource = { product: (leef.product || leef.vendor || 'leef').toLowerCase() };
    return vendorSeverity(leef.sev);
  }
  const netfilter = parseNetfilter(msg);
  if (netfilter) {
    Object.assign(event.original, netfilter);
    applyVendorFields(event, netfilter);
    event.event = { ...event.event, category: ['network'] };
    return undefined;
  }
  const kv = parseKeyValues(msg) ?? parseColonPairs(msg);
  if (!kv) return undefined;
  Object.assign(event.original, kv);
  const audit = kv.msg === undefined ? null : AUDIT_MSG.exec(kv.msg);
  if (audit) {
    // Linux audit records relayed by audispd/audisp-syslog or rsyslog: `type=EXECVE msg=audit(t:serial): a0=...`.
    event.logsource = { product: 'linux', service: 'auditd' };
    const t = epochToMs(audit[1]);
    if (t !== undefined) event['@timestamp'] = isoOfMs(t) ?? event['@timestamp'];
    event.event = { ...event.event, code: kv.type, action: kv.type?.toLowerCase() };
    const pid = kv.pid === undefined ? undefined : Number(kv.pid);
    if (kv.exe !== undefined || kv.comm !== undefined)
      event.process = {
        executable: kv.exe,
        name: kv.comm,
        pid: pid !== undefined && Number.isSafeInteger(pid) ? pid : undefined,
      };
    return undefined;
  }
  applyVendorFields(event, kv);
  if (kv.devid?.startsWith('FG') || (kv.logid !== undefined && kv.devname !== undefined)) {
    // SigmaHQ's FortiGate rules route on the log type: `service: event` (type=event), traffic, utm.
    event.logsource = kv.type
      ? { product: 'fortigate', service: kv.type.toLowerCase() }
      : { product: 'fortigate' };
  } else if (kv.日志类型 !== undefined) event.logsource = { product: 'sangfor' };
  // FortiGate: date=2026-11-21 time=10:00:00 tz="+0800", or eventtime= in ns/us/s.
  let t: number | undefined;
  if (kv.date !== undefined && kv.time !== undefined) {
    const zone = kv.tz && /^[+-]\d{4}$/.test(kv.tz) ? kv.tz : '';
    t = parseIso(`${kv.date} ${kv.time}${zone}`, options.timezone);
  }
  if (t === undefined && kv.eventtime !== undefined) t = epochToMs(kv.eventtime);
  const iso = t === undefined ? undefined : isoOfMs(t);
  if (iso) event['@timestamp'] = iso;
  return vendorSeverity(kv.level ?? kv.severity ?? kv.pri);
}
