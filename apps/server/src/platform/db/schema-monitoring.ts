import type { Generated, Selectable } from 'kysely';

/** Tables of website monitoring (migration 2026-11-21T1500-monitoring). Timestamps ISO strings, flags 0/1. */
export interface MonitoringTables {
  monitors: MonitorTable;
  monitor_runs: MonitorRunTable;
  monitor_hourly: MonitorHourlyTable;
  page_baselines: PageBaselineTable;
  outages: OutageTable;
  monitor_renders: MonitorRenderTable;
}

/** Monitoring of one asset: what to check, how often, and the latest state. */
export interface MonitorTable {
  id: Generated<number>;
  asset_id: number;
  enabled: number;
  interval_seconds: number;
  /** JSON array of watched page URLs; the first is the homepage. */
  pages: string;
  crawl_depth: number;
  /** JSON array of check names (see MONITOR_CHECKS). */
  checks: string;
  /** JSON array of maintenance windows (see maintenance.ts). */
  maintenance: string;
  tls_probe_hours: number;
  tls_probed_at: string | null;
  /** Host of the homepage: the scheduler limits concurrent runs per host. */
  host: string;
  next_run_at: string | null;
  last_run_at: string | null;
  /** Set by the conditional update that claims a run; a job runs only with the token it was given. */
  claim_token: string | null;
  claimed_until: string | null;
  /** up | down | degraded | unknown | maintenance */
  status: string;
  last_latency_ms: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** One run of a monitor (its homepage), kept for a bounded number of days. */
export interface MonitorRunTable {
  id: Generated<number>;
  monitor_id: number;
  at: string;
  ok: number;
  status_code: number | null;
  latency_ms: number | null;
  findings_count: number;
  error_kind: string | null;
  /** schedule | manual */
  trigger: string;
}

/** Uptime counters per monitor and UTC hour. */
export interface MonitorHourlyTable {
  monitor_id: number;
  hour: string;
  checks: number;
  up: number;
  latency_sum: number;
}

export interface PageBaselineTable {
  id: Generated<number>;
  monitor_id: number;
  page_url: string;
  /** JSON PageSnapshot (analyzers/snapshot.ts). */
  snapshot: string;
  /** null: stored automatically on the first run. */
  accepted_by: number | null;
  accepted_by_name: string;
  accepted_at: string;
  /** The changed page, kept until staff accept it or the page returns to the baseline. */
  pending_snapshot: string | null;
  pending_comparison: string | null;
  pending_since: string | null;
}

/** A page down or defaced, from first seen to resolved: the regulator grades by its duration. */
export interface OutageTable {
  id: Generated<number>;
  monitor_id: number;
  page_url: string;
  is_homepage: number;
  /** down | defaced */
  kind: string;
  first_seen_at: string;
  last_seen_at: string;
  /** A down page is declared only when a second check confirms it; null = not (yet) confirmed. */
  confirmed_at: string | null;
  resolved_at: string | null;
  duration_seconds: number | null;
  detail: string | null;
}

/** One page rendered in headless Chromium (migration 2026-11-23T1630-monitor-renders). */
export interface MonitorRenderTable {
  id: Generated<number>;
  monitor_id: number;
  page_url: string;
  is_homepage: number;
  /** JSON array of RenderReason: what made the static pass ask for the render. */
  reasons: string;
  /** What made the page suspicious, digested: a page is rendered again early only when it changes. */
  signature: string;
  /** ok | timeout | failed */
  outcome: string;
  error: string | null;
  /** JSON RenderedEvidence (render/render-evidence.ts). */
  evidence: string;
  /** Under <dataDir>/files/monitoring/renders/; null when no screenshot was taken. */
  screenshot_key: string | null;
  screenshot_sha256: string | null;
  screenshot_bytes: number | null;
  screenshot_width: number | null;
  screenshot_height: number | null;
  duration_ms: number;
  rendered_at: string;
}

export type MonitorRow = Selectable<MonitorTable>;
export type MonitorRenderRow = Selectable<MonitorRenderTable>;
export type MonitorRunRow = Selectable<MonitorRunTable>;
export type PageBaselineRow = Selectable<PageBaselineTable>;
export type OutageRow = Selectable<OutageTable>;
