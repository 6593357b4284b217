/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) rendering: the same data as JSON or as the
 * XML the specification gives (root elements discovery, services, service_definition, service_requests,
 * errors; one child element per array item). Pure, so the conformance test reads the same rules.
 */

export type Open311Format = 'json' | 'xml';

export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

/** The element name of each item of an array, by the array's element name. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

/** Drops what XML 1.0 cannot carry at all, even escaped: control characters, lone surrogates, U+FFFE/F. */
function xmlSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) continue;
    out += ch;
  }
  return out;
}

export function xmlEscape(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** An XML document whose root is `root` holding `value` (an array's items, or an object's fields). */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export interface Open311Error {
  code: number;
  description: string;
}

/** The body of an error answer: `[{code, description}]` or `<errors><error>…</error></errors>`. */
export function renderErrors(format: Open311Format, errors: readonly Open311Error[]): string {
  if (format === 'xml') return toXml('errors', errors as unknown as XmlValue[]);
  return JSON.stringify(errors);
}

export function render(format: Open311Format, root: string, value: XmlValue): string {
  return format === 'xml' ? toXml(root, value) : JSON.stringify(value);
}

/** "requests.json" → ["requests", "json"]; null when the extension is not one of the two formats. */
export function splitFormat(name: string): [string, Open311Format] | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = name.slice(dot + 1).toLowerCase();
  if (ext !== 'json' && ext !== 'xml') return null;
  return [name.slice(0, dot), ext];
}
