import type { ObservableKind } from '../event-schema.ts';
import type { Level } from './intel-matcher.ts';
import type { MatchPlan, ObservableTerm } from './intel-observables.ts';

/** How a feed is read. */
export const FEED_KINDS = ['stix', 'misp', 'csv'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** What an indicator is about, for filtering: its one observable kind, "mixed", or "other" (not matchable). */
export type IndicatorType = ObservableKind | 'mixed' | 'other';

/** One indicator read from a feed, before it is stored. */
export interface ImportedIndicator {
  /** STIX id, MISP attribute uuid, or for an id-less CSV row a key derived from type and value. */
  externalId: string;
  /** STIX `modified` (or `created`), MISP attribute timestamp: a newer version replaces an older one. */
  version: string;
  name: string | null;
  description: string | null;
  /** The STIX pattern as given, or "<misp type>: <value>" for MISP and CSV. */
  pattern: string;
  type: IndicatorType;
  /** The value shown in lists: the first canonical term, or the raw value when not matchable. */
  value: string;
  plan: MatchPlan;
  validFrom: string | null;
  validUntil: string | null;
  revoked: boolean;
  /** STIX confidence, 0-100. */
  confidence: number | null;
  /** Set by MISP threat levels; otherwise derived from confidence. */
  level: Level | null;
  labels: string[];
  /** When the source last changed it (ISO): where a feed's default TTL counts from. */
  sourceTime: string | null;
}

/** A problem with one item of an import: where it is and what is wrong. */
export interface ItemError {
  item: string;
  error: string;
}

export interface ParsedFeed {
  indicators: ImportedIndicator[];
  errors: ItemError[];
}

/** Errors kept with an import result; the counts say how many there were in all. */
export const MAX_REPORTED_ERRORS = 200;

export function typeOfPlan(plan: MatchPlan): IndicatorType {
  if (!plan.matchable) return 'other';
  const only = plan.clauses.length === 1 && plan.clauses[0]?.length === 1 ? plan.clauses[0][0] : undefined;
  if (only) return only.kind;
  const kinds = new Set(plan.clauses.flatMap((c) => c.map((t) => t.kind)));
  return kinds.size === 1 ? ([...kinds][0] as ObservableKind) : 'mixed';
}

export function firstValue(plan: MatchPlan, fallback: string): string {
  const first: ObservableTerm | undefined = plan.matchable ? plan.clauses[0]?.[0] : undefined;
  return first ? first.value : fallback.slice(0, 500);
}

/** STIX confidence (0-100) onto Sigma levels; no confidence is medium. */
export function levelOfConfidence(confidence: number | null): Level {
  if (confidence === null) return 'medium';
  if (confidence >= 85) return 'high';
  if (confidence >= 50) return 'medium';
  if (confidence >= 15) return 'low';
  return 'informational';
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
// Feeds repeat the same few timestamps (created, modified, valid_from of a batch): remember recent ones.
const recent = new Map<string, string | null>();

function isoOfText(text: string): string | null {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  // Already canonical UTC: keep the text (toISOString costs more than the parse).
  if (CANONICAL.test(text)) return text.length === 20 ? `${text.slice(0, 19)}.000Z` : text;
  return new Date(ms).toISOString();
}

/** An ISO 8601 UTC text for a timestamp a feed gave, or null when it is not one. */
export function isoOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // MISP gives seconds since the epoch, sometimes as a number.
    const d = new Date(value * 1000);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return isoOrNull(Number(text));
  let iso = recent.get(text);
  if (iso === undefined) {
    iso = isoOfText(text);
    if (recent.size >= 1024) recent.clear();
    recent.set(text, iso);
  }
  return iso;
}
