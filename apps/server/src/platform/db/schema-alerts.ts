import type { Generated } from 'kysely';

/** Tables of Sigma rules, alerts and suppressions (migration 2026-11-22T0300-alerts). */
export interface AlertTables {
  sigma_rules: SigmaRuleTable;
  alerts: AlertTable;
  alert_samples: AlertSampleTable;
  alert_suppressions: AlertSuppressionTable;
}

/** One Sigma YAML text (a file: a rule, or a correlation with its rules), as uploaded or edited. */
export interface SigmaRuleTable {
  id: Generated<number>;
  /** The first document's Sigma id, else the file name: re-uploading the same rule replaces it. */
  rule_key: string;
  title: string;
  level: string | null;
  /** starter | import | ui */
  origin: string;
  file_name: string | null;
  yaml: string;
  enabled: number;
  /** loaded | partial (some documents not loaded) | unsupported (none loaded) */
  status: string;
  /** JSON array of {source, id, title, reason}: every document the engine could not load, and why. */
  problems: string;
  rule_count: number;
  correlation_count: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Detections of one rule on one asset for one key, aggregated over a window. */
export interface AlertTable {
  id: Generated<number>;
  /** rule + asset + key: detections with the same one within the window join the alert. */
  alert_key: string;
  rule_key: string;
  /** sigma | sigma_correlation | indicator */
  kind: string;
  title: string;
  level: string;
  /** I-IV from the rule level and the asset's criticality (see alert-severity.ts). */
  severity: string;
  is_cii: number;
  /** What the detections are grouped by, e.g. "source.ip=203.0.113.7". */
  group_key: string;
  source_id: number;
  unit_id: number | null;
  asset_id: number | null;
  region_path: string;
  /** new | acknowledged | false_positive | closed */
  state: string;
  count: number;
  first_seen_at: string;
  last_seen_at: string;
  window_ends_at: string;
  /** JSON: dotted path -> value of the latest detection's matched fields. */
  matched_fields: string;
  /** 1 while the alert waits to be reported as a finding (after its transaction commits). */
  finding_pending: number;
  finding_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A bounded sample of an alert's events (the first few), for context in the UI. */
export interface AlertSampleTable {
  id: Generated<number>;
  alert_id: number;
  at: string;
  /** The normalised event as JSON. */
  event: string;
  matched_fields: string;
}

/** An exception: detections it matches are not recorded, only counted. */
export interface AlertSuppressionTable {
  id: Generated<number>;
  rule_key: string | null;
  source_id: number | null;
  unit_id: number | null;
  asset_id: number | null;
  /** JSON array of {field, value}: every one must equal the event's field (case-insensitive). */
  conditions: string;
  reason: string;
  expires_at: string | null;
  /** Jurisdiction of the unit (or the creator's, when it names none). */
  region_path: string;
  hits: number;
  last_hit_at: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}
