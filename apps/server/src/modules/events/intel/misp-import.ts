import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseNetwork } from '../../../platform/net/ip-address.ts';
import type { ObservableKind } from '../event-schema.ts';
import {
  firstValue,
  type ImportedIndicator,
  type ItemError,
  isoOrNull,
  type ParsedFeed,
  typeOfPlan,
} from './intel-import-types.ts';
import type { Level } from './intel-matcher.ts';
import { type MatchPlan, normalizeObservable, type ObservableTerm } from './intel-observables.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** MISP threat_level_id: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVELS: Record<string, Level> = { '1': 'high', '2': 'medium', '3': 'low', '4': 'informational' };

type Part = 'ip' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256';

// MISP attribute types the matcher understands, with which part of a composite value ("a|b") is which.
const MISP_TYPES: Record<string, Part[]> = {
  'ip-src': ['ip'],
  'ip-dst': ['ip'],
  'ip-src|port': ['ip'],
  'ip-dst|port': ['ip'],
  domain: ['domain'],
  hostname: ['domain'],
  'domain|ip': ['domain', 'ip'],
  'hostname|port': ['domain'],
  url: ['url'],
  link: [],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  'filename|md5': [],
  'filename|sha1': [],
  'filename|sha256': [],
};
const FILENAME_HASH: Record<string, Part> = {
  'filename|md5': 'md5',
  'filename|sha1': 'sha1',
  'filename|sha256': 'sha256',
};

function term(part: Part, raw: string): ObservableTerm | string {
  let kind: ObservableKind;
  if (part === 'ip') {
    const parsed = parseNetwork(raw);
    if (!parsed.ok) return parsed.error;
    kind = parsed.network.v6 ? 'ipv6' : 'ipv4';
  } else kind = part;
  const n = normalizeObservable(kind, raw);
  return n.ok ? { kind, value: n.value } : n.error;
}

/** What one MISP attribute (type and value) matches, or why its value is invalid. */
export function planMispAttribute(type: string, value: string): MatchPlan | string {
  const t = type.toLowerCase();
  let terms: ObservableTerm[] = [];
  if (t in FILENAME_HASH) {
    const hash = value.slice(value.lastIndexOf('|') + 1);
    const parsed = term(FILENAME_HASH[t] as Part, hash);
    if (typeof parsed === 'string') return parsed;
    terms = [parsed];
  } else {
    const parts = MISP_TYPES[t];
    if (!parts || parts.length === 0) {
      return { matchable: false, reason: `MISP type "${type}" is not matched against events` };
    }
    const values =
      parts.length > 1 ? value.split('|') : [t.endsWith('|port') ? (value.split('|')[0] ?? '') : value];
    for (let i = 0; i < parts.length; i++) {
      const parsed = term(parts[i] as Part, values[i] ?? '');
      if (typeof parsed === 'string') return parsed;
      terms.push(parsed);
    }
  }
  // domain|ip: either the name or the address is seen.
  return { matchable: true, clauses: terms.map((x) => [x]) };
}

const CONTEXT_ONLY = 'to_ids is off: the feed marks this attribute as context, not for detection';

/** The plan to store, and the type and value to show (those of the observable even when to_ids is off). */
function describeAttribute(type: string, value: string, toIds: boolean) {
  const shape = planMispAttribute(type, value);
  if (typeof shape === 'string') return shape;
  const plan: MatchPlan = shape.matchable && !toIds ? { matchable: false, reason: CONTEXT_ONLY } : shape;
  return { plan, type: typeOfPlan(shape), value: firstValue(shape, value) };
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === 'True';
}

interface EventContext {
  info: string | null;
  level: Level | null;
  labels: string[];
  eventTime: string | null;
}

function attribute(a: Record<string, unknown>, ctx: EventContext): ImportedIndicator | string {
  const uuid = a.uuid;
  if (typeof uuid !== 'string' || !UUID.test(uuid)) return 'uuid is missing or not a UUID';
  if (typeof a.type !== 'string' || a.type === '') return 'type is missing';
  if (typeof a.value !== 'string' || a.value === '') return 'value is missing';
  const described = describeAttribute(a.type, a.value, truthy(a.to_ids));
  if (typeof described === 'string') return `${a.type} "${a.value.slice(0, 200)}": ${described}`;
  const time = isoOrNull(a.timestamp) ?? ctx.eventTime;
  const tags = Array.isArray(a.Tag)
    ? a.Tag.flatMap((t) =>
        t && typeof t === 'object' && typeof t.name === 'string' ? [t.name as string] : [],
      )
    : [];
  return {
    externalId: uuid.toLowerCase(),
    version: time ?? '',
    name: ctx.info,
    description: typeof a.comment === 'string' && a.comment !== '' ? a.comment.slice(0, 4000) : null,
    pattern: `${a.type}: ${a.value}`.slice(0, 20_000),
    ...described,
    validFrom: isoOrNull(a.first_seen),
    validUntil: null,
    revoked: truthy(a.deleted),
    confidence: null,
    level: ctx.level,
    labels: [...new Set([...ctx.labels, ...tags])].slice(0, 50),
    sourceTime: time,
  };
}

/** Reads one MISP event JSON ({"Event": {...}}): its attributes and the attributes of its objects. */
export function parseMispEvent(json: unknown, where = ''): ParsedFeed {
  const errors: ItemError[] = [];
  const indicators: ImportedIndicator[] = [];
  const event = json && typeof json === 'object' ? (json as { Event?: unknown }).Event : undefined;
  if (!event || typeof event !== 'object') {
    return { indicators, errors: [{ item: `${where}file`, error: 'not a MISP event (no "Event" object)' }] };
  }
  const e = event as Record<string, unknown>;
  const ctx: EventContext = {
    info: typeof e.info === 'string' ? e.info.slice(0, 300) : null,
    level: THREAT_LEVELS[String(e.threat_level_id)] ?? null,
    labels: Array.isArray(e.Tag)
      ? e.Tag.flatMap((t) =>
          t && typeof t === 'object' && typeof t.name === 'string' ? [t.name as string] : [],
        )
      : [],
    eventTime: isoOrNull(e.timestamp),
  };
  const eventId = typeof e.uuid === 'string' ? e.uuid : '?';
  const read = (list: unknown, prefix: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      errors.push({ item: `${where}event ${eventId} ${prefix}`, error: 'not a list' });
      return;
    }
    list.forEach((a, i) => {
      const item = `${where}event ${eventId} ${prefix}[${i}]`;
      if (!a || typeof a !== 'object') {
        errors.push({ item, error: 'not a JSON object' });
        return;
      }
      const r = attribute(a as Record<string, unknown>, ctx);
      if (typeof r === 'string') errors.push({ item, error: r });
      else indicators.push(r);
    });
  };
  read(e.Attribute, 'Attribute');
  if (Array.isArray(e.Object)) {
    e.Object.forEach((o, i) => {
      if (o && typeof o === 'object')
        read((o as { Attribute?: unknown }).Attribute, `Object[${i}].Attribute`);
    });
  }
  return { indicators, errors };
}

/** The event uuids a MISP feed's manifest.json lists, newest first, with its problems. */
export function parseMispManifest(json: unknown): { uuids: string[]; errors: ItemError[] } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { uuids: [], errors: [{ item: 'manifest.json', error: 'not a JSON object of event uuids' }] };
  }
  const errors: ItemError[] = [];
  const entries: [string, number][] = [];
  for (const [uuid, meta] of Object.entries(json)) {
    if (!UUID.test(uuid)) {
      errors.push({ item: `manifest.json ${uuid.slice(0, 100)}`, error: 'key is not an event UUID' });
      continue;
    }
    const ts = meta && typeof meta === 'object' ? Number((meta as { timestamp?: unknown }).timestamp) : 0;
    entries.push([uuid.toLowerCase(), Number.isFinite(ts) ? ts : 0]);
  }
  entries.sort((a, b) => b[1] - a[1]);
  return { uuids: entries.map(([u]) => u), errors };
}

function guessPart(value: string): Part | null {
  if (/^[0-9a-f]{32}$/i.test(value)) return 'md5';
  if (/^[0-9a-f]{40}$/i.test(value)) return 'sha1';
  if (/^[0-9a-f]{64}$/i.test(value)) return 'sha256';
  if (parseNetwork(value).ok) return 'ip';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'url';
  if (/^[^\s/:]+\.[^\s/:]+$/.test(value)) return 'domain';
  return null;
}

const GUESSED_TYPE: Record<Part, string> = {
  ip: 'ip-dst',
  domain: 'domain',
  url: 'url',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

/**
 * Reads a CSV feed: MISP's CSV export (a header naming at least "value", and usually uuid, type, to_ids,
 * timestamp or date, comment), or a headerless list whose first column is the value (an IP, domain, URL
 * or hash, recognised by its form). Lines starting with "#" are comments.
 */
export function parseCsvFeed(textIn: string): ParsedFeed {
  const errors: ItemError[] = [];
  const indicators: ImportedIndicator[] = [];
  let rows: string[][];
  try {
    rows = parseCsv(textIn.replace(/^\uFEFF/, ''), {
      comment: '#',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    return {
      indicators,
      errors: [{ item: 'file', error: `not readable as CSV: ${(err as Error).message}` }],
    };
  }
  const head = (rows[0] ?? []).map((h) => h.toLowerCase());
  const hasHeader = head.includes('value');
  const col = (name: string) => head.indexOf(name);
  const [cUuid, cType, cValue, cIds, cTs, cDate, cComment] = hasHeader
    ? [col('uuid'), col('type'), col('value'), col('to_ids'), col('timestamp'), col('date'), col('comment')]
    : [-1, -1, 0, -1, -1, -1, -1];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (hasHeader && i === 0) return;
    const item = `line ${i + 1}`;
    const value = (row[cValue] ?? '').trim();
    if (value === '') {
      errors.push({ item, error: 'value is empty' });
      return;
    }
    let type = cType >= 0 ? (row[cType] ?? '') : '';
    if (type === '') {
      const part = guessPart(value);
      if (!part) {
        errors.push({
          item,
          error: `"${value.slice(0, 200)}" is not an IP address, network, domain, URL or hash`,
        });
        return;
      }
      type = GUESSED_TYPE[part];
    }
    const toIds = cIds >= 0 ? truthy(row[cIds]) : true;
    const described = describeAttribute(type, value, toIds);
    if (typeof described === 'string') {
      errors.push({ item, error: `${type} "${value.slice(0, 200)}": ${described}` });
      return;
    }
    const uuid = cUuid >= 0 ? (row[cUuid] ?? '') : '';
    const externalId = UUID.test(uuid)
      ? uuid.toLowerCase()
      : `csv:${createHash('sha1').update(`${type}\n${described.value}`).digest('hex')}`;
    if (seen.has(externalId)) return; // a list repeating a value is one indicator
    seen.add(externalId);
    const time = isoOrNull(cTs >= 0 ? row[cTs] : undefined) ?? isoOrNull(cDate >= 0 ? row[cDate] : undefined);
    indicators.push({
      externalId,
      version: time ?? '',
      name: null,
      description: cComment >= 0 && row[cComment] ? (row[cComment] as string).slice(0, 4000) : null,
      pattern: `${type}: ${value}`.slice(0, 20_000),
      ...described,
      validFrom: null,
      validUntil: null,
      revoked: false,
      confidence: null,
      level: null,
      labels: [],
      sourceTime: time,
    });
  });
  return { indicators, errors };
}
