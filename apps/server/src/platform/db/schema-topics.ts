import type { Generated, Selectable } from 'kysely';

/** Tables of hot-topic early warning (migration 2026-11-22T0600-topics). Timestamps are ISO strings. */
export interface TopicTables {
  topic_pipeline: TopicPipelineTable;
  topic_feeds: TopicFeedTable;
  topic_items: TopicItemTable;
  topics: TopicTable;
  topic_regions: TopicRegionTable;
  topic_volumes: TopicVolumeTable;
  topic_alerts: TopicAlertTable;
  topic_assessments: TopicAssessmentTable;
  topic_links: TopicLinkTable;
  topic_responses: TopicResponseTable;
  topic_risk_assessments: TopicRiskAssessmentTable;
}

/** One row (id 1): the settings, the pipeline's persisted state and the intake cursor. */
export interface TopicPipelineTable {
  id: number;
  /** JSON TopicSettings. */
  settings: string;
  /** JSON PipelineSnapshot; null before the first item or after a settings change. */
  state: string | null;
  /** Highest intake case id copied into topic_items. */
  intake_cursor: number;
  items_processed: number;
  updated_at: string;
}

export interface TopicFeedTable {
  id: Generated<number>;
  region_id: number;
  region_path: string;
  name: string;
  url: string;
  enabled: number;
  interval_minutes: number;
  etag: string | null;
  last_modified: string | null;
  /** rss | atom | json, once seen. */
  format: string | null;
  /** ok | not_modified | error */
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  last_item_count: number | null;
  items_total: number;
  /** Consecutive failed polls (the backoff doubles with each). */
  failures: number;
  next_poll_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export type TopicFeedRow = Selectable<TopicFeedTable>;

export interface TopicItemTable {
  id: Generated<number>;
  /** intake | feed | import */
  source_kind: string;
  /** The feed's name, the intake channel, the import file: what an alert's "sources" counts. */
  source_label: string;
  /** Unique per origin ("intake:12", "feed:3:<guid hash>", "import:<sha>"), so nothing is taken twice. */
  external_key: string;
  occurred_at: string;
  title: string;
  text: string;
  url: string | null;
  region_id: number;
  region_path: string;
  /** The place path the pipeline tagged ("江川市/江川区/东湖街道"). */
  place: string | null;
  intake_case_id: number | null;
  feed_id: number | null;
  topic_id: number | null;
  duplicate_of: string | null;
  urgency: number;
  processed: number;
  created_at: string;
}
export type TopicItemRow = Selectable<TopicItemTable>;

export interface TopicTable {
  /** The pipeline's topic id (never reused). */
  id: number;
  title: string;
  /** JSON string[]. */
  keywords: string;
  /** rising | active | cooling | cold */
  state: string;
  item_count: number;
  urgent_count: number;
  source_count: number;
  first_seen_at: string;
  last_seen_at: string;
  peak_count: number;
  peak_bucket_at: string | null;
  merged_into: number | null;
  risk_level: string | null;
  alert_count: number;
  first_alert_at: string | null;
  last_alert_at: string | null;
  first_response_at: string | null;
  /** The region of most of its items (for display); visibility goes by topic_regions. */
  region_id: number;
  region_path: string;
  created_at: string;
  updated_at: string;
}
export type TopicRow = Selectable<TopicTable>;

export interface TopicRegionTable {
  topic_id: number;
  region_id: number;
  region_path: string;
  item_count: number;
}

export interface TopicVolumeTable {
  topic_id: number;
  bucket_at: string;
  item_count: number;
  urgent_count: number;
}

export interface TopicAlertTable {
  id: Generated<number>;
  topic_id: number;
  /** topic | region */
  kind: string;
  region_id: number;
  region_path: string;
  place: string | null;
  fired_at: string;
  bucket_at: string;
  /** JSON: count, expected, growth, surprise, sources, regions, tone. */
  why: string;
  title: string;
  keywords: string;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  created_at: string;
}
export type TopicAlertRow = Selectable<TopicAlertTable>;

export interface TopicAssessmentTable {
  id: Generated<number>;
  topic_id: number;
  /** I | II | III | IV */
  risk_level: string;
  summary: string;
  affected_region_ids: string;
  affected_unit_ids: string;
  recommended_action: string;
  assessed_by: number;
  assessed_by_name: string;
  created_at: string;
}

export interface TopicLinkTable {
  id: Generated<number>;
  topic_id: number;
  /** notice | intake_case */
  kind: string;
  target_id: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
}

export interface TopicResponseTable {
  id: Generated<number>;
  topic_id: number;
  /** statement | clarification | briefing | other */
  kind: string;
  channel: string;
  responded_at: string;
  summary: string;
  url: string | null;
  created_by: number;
  created_by_name: string;
  created_at: string;
}

export interface TopicRiskAssessmentTable {
  id: Generated<number>;
  region_id: number;
  region_path: string;
  title: string;
  decision_ref: string | null;
  decision_date: string | null;
  /** JSON [{key, result: low|medium|high|na, note}]. */
  checklist: string;
  /** low | medium | high */
  overall_risk: string;
  conclusion: string;
  measures: string;
  topic_id: number | null;
  created_by: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}
export type TopicRiskAssessmentRow = Selectable<TopicRiskAssessmentTable>;
