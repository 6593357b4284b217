import type { Generated, Selectable } from 'kysely';

/** Tables of threat intelligence (migration 2026-11-22T0200-intel). Timestamps are ISO strings, flags 0/1. */
export interface IntelTables {
  intel_feeds: IntelFeedTable;
  intel_indicators: IntelIndicatorTable;
  intel_state: IntelStateTable;
}

export interface IntelFeedTable {
  id: Generated<number>;
  name: string;
  /** stix | misp | csv */
  kind: string;
  /** Fetched through the SSRF guard; null for a feed filled by uploads. */
  url: string | null;
  enabled: number;
  /** Indicators without valid_until expire this many days after their source last changed them. */
  default_ttl_days: number | null;
  /** Minutes between scheduled imports of a URL feed; null: only on demand. */
  refresh_minutes: number | null;
  next_run_at: string | null;
  /** null | queued | running */
  import_state: string | null;
  /** JSON {phase, done, total} of the running import. */
  import_progress: string | null;
  import_started_at: string | null;
  last_import_at: string | null;
  /** ok | partial | failed */
  last_status: string | null;
  /** JSON of the last ImportResult (counts and the first errors). */
  last_result: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntelIndicatorTable {
  id: Generated<number>;
  feed_id: number;
  /** STIX id, MISP attribute uuid, or csv:<sha1 of type and value>. */
  external_id: string;
  version: string;
  /** ipv4 | ipv6 | domain | url | md5 | sha1 | sha256 | mixed | other */
  type: string;
  value: string;
  name: string | null;
  description: string | null;
  pattern: string;
  /** JSON ObservableTerm[][] of a matchable indicator; null otherwise. */
  clauses: string | null;
  matchable: number;
  unmatchable_reason: string | null;
  valid_from: string | null;
  valid_until: string | null;
  /** valid_until, or source time + the feed's TTL: when the indicator stops matching. */
  expires_at: string | null;
  revoked: number;
  confidence: number | null;
  /** informational | low | medium | high | critical */
  level: string;
  /** JSON string[] */
  labels: string;
  source_time: string | null;
  created_at: string;
  updated_at: string;
}

/** One row (id 1): the version the matcher compares to know it must reload. */
export interface IntelStateTable {
  id: number;
  version: number;
}

export type IntelFeedRow = Selectable<IntelFeedTable>;
export type IntelIndicatorRow = Selectable<IntelIndicatorTable>;
