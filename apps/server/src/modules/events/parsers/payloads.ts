// Structured payloads carried inside syslog messages: key=value (FortiGate, Sangfor, many firewalls),
// Sangfor's "键:值, 键:值" form, ArcSight CEF and IBM QRadar LEEF. Each reader returns the fields as a
// flat record of strings, or undefined when the text is not of that form; none throws.

/** More pairs than this in one message is not a log line any device writes; the rest stays in `message`. */
const MAX_PAIRS = 512;

/** [A-Za-z_] */
function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
/** [A-Za-z0-9_.\-[\]] */
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 91 || c === 93;
}

/**
 * `key=value key2="quoted value" key3=` (FortiGate style). Pairs are separated by spaces, optionally
 * after a comma or semicolon. The whole text must be pairs, at least two of them.
 */
export function parseKeyValues(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    if (!isKeyStart(text.charCodeAt(i))) return undefined;
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (text[i] !== '=' || i - keyStart > 64) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text[i] === '"') {
      i++;
      let buf = '';
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          buf += text[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          buf += c;
          i++;
        }
      }
      if (!closed) return undefined;
      value = buf;
    } else {
      const start = i;
      while (i < n && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
      if (value.endsWith(',') || value.endsWith(';')) value = value.slice(0, -1);
    }
    if (i < n && (text[i] === ',' || text[i] === ';')) i++;
    if (i < n && text[i] !== ' ' && text[i] !== '\t') return undefined;
    out[key] = value;
    if (++count > MAX_PAIRS) return undefined;
  }
  return count >= 2 ? out : undefined;
}

const COLON_PAIR = /^([^\s,:：=]{1,32})[:：](.*)$/s;

/** Sangfor-style `日志类型:WAF, 源IP:1.2.3.4, 源端口:80`: at least three `key:value` pairs split by commas. */
export function parseColonPairs(text: string): Record<string, string> | undefined {
  if (text.indexOf(',') < 0 && text.indexOf('，') < 0) return undefined;
  const parts = text.split(/[,，]/).map((p) => p.trim());
  if (parts.length < 3 || parts.length > MAX_PAIRS) return undefined;
  const out: Record<string, string> = {};
  let count = 0;
  let last: string | undefined;
  for (const part of parts) {
    const m = COLON_PAIR.exec(part);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      last = m[1];
      out[last] = m[2].trim();
      count++;
    } else if (last !== undefined) {
      out[last] += `, ${part}`; // a comma inside a value
    } else return undefined;
  }
  return count >= 3 ? out : undefined;
}

/** Splits on `sep` not preceded by a backslash escape, unescaping `\|` and `\\`, at most `limit` parts. */
function splitEscaped(
  text: string,
  sep: string,
  limit: number,
): { parts: string[]; rest: string } | undefined {
  const parts: string[] = [];
  let buf = '';
  let i = 0;
  while (i < text.length && parts.length < limit) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === sep || text[i + 1] === '\\')) {
      buf += text[i + 1];
      i += 2;
    } else if (c === sep) {
      parts.push(buf);
      buf = '';
      i++;
    } else {
      buf += c;
      i++;
    }
  }
  if (parts.length < limit) return undefined;
  return { parts, rest: text.slice(i) };
}

const CEF_KEY = /(?:^|\s)([\w.\-[\]]{1,64})=/g;

function unescapeCefValue(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  return v.replace(/\\([=\\nr|])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/**
 * ArcSight CEF: `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|k=v k2=v with spaces`.
 * Header fields are returned as cefVersion, deviceVendor, deviceProduct, deviceVersion,
 * deviceEventClassId, name and severity; custom strings (`cs1=... cs1Label=Foo`) also as `Foo`.
 */
export function parseCef(text: string): Record<string, string> | undefined {
  if (!text.startsWith('CEF:')) return undefined;
  const split = splitEscaped(text.slice(4), '|', 7);
  if (!split) return undefined;
  const [version, vendor, product, devVersion, classId, name, severity] = split.parts;
  const out: Record<string, string> = {
    cefVersion: version ?? '',
    deviceVendor: vendor ?? '',
    deviceProduct: product ?? '',
    deviceVersion: devVersion ?? '',
    deviceEventClassId: classId ?? '',
    name: name ?? '',
    severity: severity ?? '',
  };
  const ext = split.rest;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  CEF_KEY.lastIndex = 0;
  for (let m = CEF_KEY.exec(ext); m !== null; m = CEF_KEY.exec(ext)) {
    const key = m[1] ?? '';
    keys.push({ key, start: m.index, valueStart: m.index + m[0].length });
    if (keys.length > MAX_PAIRS) break;
  }
  for (let k = 0; k < keys.length; k++) {
    const cur = keys[k];
    if (!cur) continue;
    const end = keys[k + 1]?.start ?? ext.length;
    out[cur.key] = unescapeCefValue(ext.slice(cur.valueStart, end).trim());
  }
  for (const key of Object.keys(out)) {
    const m = /^(c[sn]\d|cfp\d|deviceCustomDate\d|flexString\d|flexNumber\d)Label$/.exec(key);
    const label = out[key];
    const base = m?.[1];
    if (base && label && out[base] !== undefined && !(label in out)) out[label] = out[base] ?? '';
  }
  return out;
}

/**
 * IBM LEEF 1.0 (`LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v`) and 2.0 (a delimiter field after
 * EventID: one character or its hex code such as `x09` or `^`). Header fields are returned as
 * leefVersion, vendor, product, version and eventId.
 */
export function parseLeef(text: string): Record<string, string> | undefined {
  if (!text.startsWith('LEEF:')) return undefined;
  const v2 = text.startsWith('LEEF:2');
  const split = splitEscaped(text.slice(5), '|', v2 ? 5 : 5);
  if (!split) return undefined;
  const [version, vendor, product, devVersion, eventId] = split.parts;
  let rest = split.rest;
  let delimiter = '\t';
  if (v2) {
    const bar = rest.indexOf('|');
    if (bar >= 0 && bar <= 6) {
      const d = rest.slice(0, bar);
      rest = rest.slice(bar + 1);
      const hex = /^(?:0?x)([0-9a-fA-F]{1,4})$/.exec(d);
      if (hex?.[1]) delimiter = String.fromCharCode(Number.parseInt(hex[1], 16));
      else if (d.length === 1) delimiter = d;
    }
  }
  const out: Record<string, string> = {
    leefVersion: version ?? '',
    vendor: vendor ?? '',
    product: product ?? '',
    version: devVersion ?? '',
    eventId: eventId ?? '',
  };
  let count = 0;
  for (const attr of rest.split(delimiter)) {
    const eq = attr.indexOf('=');
    if (eq <= 0) continue;
    out[attr.slice(0, eq).trim()] = attr.slice(eq + 1);
    if (++count > MAX_PAIRS) break;
  }
  return out;
}

const NETFILTER_FIELD = /(?:^| )([A-Z][A-Z0-9]{0,15})=(\S*)/g;

/**
 * Linux netfilter (iptables/nftables LOG) kernel messages: `[prefix] IN=eth0 OUT= SRC=1.2.3.4
 * DST=5.6.7.8 ... PROTO=TCP SPT=443 DPT=5000 ... SYN`, which mix KEY=value fields with bare flags, so the
 * strict key=value reader refuses them. Needs SRC and DST; returns the KEY=value fields.
 */
export function parseNetfilter(text: string): Record<string, string> | undefined {
  if (text.indexOf(' SRC=') < 0 || text.indexOf(' DST=') < 0) return undefined;
  const out: Record<string, string> = {};
  let count = 0;
  NETFILTER_FIELD.lastIndex = 0;
  for (let m = NETFILTER_FIELD.exec(text); m !== null; m = NETFILTER_FIELD.exec(text)) {
    const key = m[1] ?? '';
    if (!(key in out)) out[key] = m[2] ?? '';
    if (++count > MAX_PAIRS) break;
  }
  return out.SRC !== undefined && out.DST !== undefined ? out : undefined;
}
