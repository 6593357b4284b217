import {
  firstValue,
  type ImportedIndicator,
  type ItemError,
  isoOrNull,
  type ParsedFeed,
  typeOfPlan,
} from './intel-import-types.ts';
import { planPattern } from './intel-observables.ts';
import { parseStixPattern } from './stix-pattern.ts';

const STIX_ID = /^indicator--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 50) : [];
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : null;
}

/** Reads one STIX indicator object; a string is the reason it was refused. */
export function readStixIndicator(obj: Record<string, unknown>): ImportedIndicator | string {
  const id = obj.id;
  if (typeof id !== 'string' || !STIX_ID.test(id)) return 'id is missing or not an indicator--<uuid>';
  if (typeof obj.pattern !== 'string') return 'pattern is missing';
  const patternType = obj.pattern_type ?? 'stix';
  const validFrom = obj.valid_from === undefined ? null : isoOrNull(obj.valid_from);
  if (obj.valid_from !== undefined && validFrom === null)
    return `valid_from "${String(obj.valid_from)}" is not a timestamp`;
  const validUntil = obj.valid_until === undefined ? null : isoOrNull(obj.valid_until);
  if (obj.valid_until !== undefined && validUntil === null)
    return `valid_until "${String(obj.valid_until)}" is not a timestamp`;
  if (validFrom && validUntil && validUntil <= validFrom) return 'valid_until is not after valid_from';
  let confidence: number | null = null;
  if (obj.confidence !== undefined) {
    if (
      typeof obj.confidence !== 'number' ||
      !Number.isInteger(obj.confidence) ||
      obj.confidence < 0 ||
      obj.confidence > 100
    ) {
      return 'confidence is not a whole number between 0 and 100';
    }
    confidence = obj.confidence;
  }
  let plan: ImportedIndicator['plan'];
  if (patternType !== 'stix') {
    plan = { matchable: false, reason: `pattern_type "${String(patternType)}" is not STIX patterning` };
  } else {
    const parsed = parseStixPattern(obj.pattern);
    if (!parsed.ok) return `pattern: ${parsed.error} (at character ${parsed.position + 1})`;
    plan = planPattern(parsed.pattern);
  }
  const version = isoOrNull(obj.modified) ?? isoOrNull(obj.created) ?? '';
  return {
    externalId: id.toLowerCase(),
    version,
    name: text(obj.name, 300),
    description: text(obj.description, 4000),
    pattern: obj.pattern.slice(0, 20_000),
    type: typeOfPlan(plan),
    value: firstValue(plan, obj.pattern),
    plan,
    validFrom,
    validUntil,
    revoked: obj.revoked === true,
    confidence,
    level: null,
    labels: [...new Set([...strings(obj.indicator_types), ...strings(obj.labels)])],
    sourceTime: version || validFrom,
  };
}

/**
 * Reads a STIX 2.x bundle (or a bare array of objects, or one indicator): every indicator object, each
 * refused one reported by its place and id. Other object types (identities, relationships) are skipped.
 */
export function parseStixBundle(json: unknown, where = ''): ParsedFeed {
  const errors: ItemError[] = [];
  const indicators: ImportedIndicator[] = [];
  let objects: unknown[];
  if (Array.isArray(json)) objects = json;
  else if (json && typeof json === 'object' && (json as { type?: unknown }).type === 'bundle') {
    const list = (json as { objects?: unknown }).objects;
    if (!Array.isArray(list))
      return { indicators, errors: [{ item: `${where}bundle`, error: 'objects is not a list' }] };
    objects = list;
  } else if (json && typeof json === 'object' && (json as { type?: unknown }).type === 'indicator') {
    objects = [json];
  } else {
    return {
      indicators,
      errors: [{ item: `${where}file`, error: 'not a STIX bundle (type "bundle" with objects)' }],
    };
  }
  objects.forEach((obj, i) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      errors.push({ item: `${where}objects[${i}]`, error: 'not a JSON object' });
      return;
    }
    const o = obj as Record<string, unknown>;
    if (o.type !== 'indicator') return;
    const read = readStixIndicator(o);
    if (typeof read === 'string') {
      errors.push({
        item: `${where}objects[${i}]${typeof o.id === 'string' ? ` ${o.id.slice(0, 100)}` : ''}`,
        error: read,
      });
    } else indicators.push(read);
  });
  return { indicators, errors };
}
