import type { Generated, Selectable } from 'kysely';

/** Tables of citizen intake (migration 2026-11-21T1700-intake). Timestamps are ISO strings, flags 0/1. */
export interface IntakeTables {
  intake_categories: IntakeCategoryTable;
  intake_cases: IntakeCaseTable;
  intake_events: IntakeEventTable;
  intake_urls: IntakeUrlTable;
  intake_band_keys: IntakeBandKeyTable;
  intake_links: IntakeLinkTable;
  intake_routing_rules: IntakeRoutingRuleTable;
  intake_daily_stats: IntakeDailyStatsTable;
}

/** Report categories the office added to the shipped defaults. */
export interface IntakeCategoryTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  active: number;
  created_at: string;
}

export interface IntakeCaseTable {
  id: Generated<number>;
  /** report | message */
  kind: string;
  /** web | api | phone | import */
  channel: string;
  /** sha256 of the query code: the code itself is only ever shown to the citizen. */
  query_code_hash: string;
  /** phone (the last four digits of the contact phone) | pin (four digits issued with the code) */
  second_factor: string;
  /** The four digits the citizen must give with the code. */
  factor_digits: string;
  /** Report category code (reports). */
  category: string | null;
  /** complaint | help | suggestion | enquiry (messages). */
  message_type: string | null;
  topic: string | null;
  region_id: number;
  /** The region's path, copied so lists filter by jurisdiction without a join. */
  region_path: string;
  title: string;
  content: string;
  /** JSON array of the reported URLs as given. */
  urls: string;
  /** The app or account the reported content sits on, when not a URL. */
  target_app: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  publishable: number;
  state: string;
  unit_id: number | null;
  /** The case whose group this one joined (same URL); its own id when it started the group. */
  group_id: number | null;
  sign_due_at: string | null;
  handle_due_at: string | null;
  deadline_provisional: number;
  dispatch_count: number;
  reassign_count: number;
  dispatched_at: string | null;
  signed_at: string | null;
  reply: string | null;
  replied_at: string | null;
  rating: string | null;
  rating_comment: string | null;
  rated_at: string | null;
  /** The staff member who typed in a phone call; null for the public. */
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  // The workflow after submission (migration 2026-11-22T0400-intake-workflow).
  /** Fixed at dispatch from the office's setting: a handler's reply waits for the unit leader. */
  requires_leader_approval: Generated<number>;
  handler_user_id: number | null;
  /** The unit's reply while it is reviewed; copied to reply when the office approves it. */
  reply_draft: string | null;
  reply_submitted_at: string | null;
  /** Replies sent back by the office (退回). */
  return_count: Generated<number>;
  overdue: Generated<number>;
  overdue_since: string | null;
  /** 督办 ladder of the notice loop: 0 none, 1 warning, 2 unit leader, 3 office leadership. */
  supervision_level: Generated<number>;
  last_reminder_at: string | null;
  signed_on_time: number | null;
  /** Whether the reply was approved by the handling deadline (set when approved). */
  completed_on_time: number | null;
  /** A requested extension (new handling deadline) awaiting the office's decision. */
  extension_due_at: string | null;
  extension_reason: string | null;
  extension_count: Generated<number>;
  followed_up_at: string | null;
  follow_up_note: string | null;
  rehandle_count: Generated<number>;
  publish_approved: Generated<number>;
  published_at: string | null;
  /** platform_operator | authority | notice */
  forward_target: string | null;
  forward_to: string | null;
  forward_outcome: string | null;
  notice_id: number | null;
  merged_into: number | null;
  transferred_to: string | null;
  closed_at: string | null;
}
export type IntakeCaseRow = Selectable<IntakeCaseTable>;

export interface IntakeEventTable {
  id: Generated<number>;
  case_id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  /** 1 when the citizen's timeline shows it. */
  public: number;
  /** JSON object: unit, reason, deadlines. */
  data: string | null;
}

/** Normalised reported URLs, for grouping reports of the same content. */
export interface IntakeUrlTable {
  case_id: number;
  /** sha256 of the normalised URL (indexed; URLs can be longer than an index key). */
  url_key: string;
  url_norm: string;
}

/** MinHash LSH band keys of a case's text (band × 2³² + hash), for near-duplicate candidates. */
export interface IntakeBandKeyTable {
  band_key: number;
  case_id: number;
}

/** Back-links between related cases: same_url (grouped) or similar_text (suggested). */
export interface IntakeLinkTable {
  id: Generated<number>;
  case_id: number;
  other_case_id: number;
  reason: string;
  /** Similarity in percent (100 for the same URL). */
  score: number;
  created_at: string;
}

/** Office-editable routing: the first active rule (by position) matching a case suggests its unit. */
export interface IntakeRoutingRuleTable {
  id: Generated<number>;
  /** The office that owns the rule; rules apply to cases in its subtree. */
  office_region_path: string;
  position: number;
  /** Matches cases in this region's subtree; null matches any. */
  region_id: number | null;
  kind: string | null;
  category: string | null;
  message_type: string | null;
  /** Matches when the case's topic contains this text; null matches any. */
  topic: string | null;
  unit_id: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/**
 * The dashboard's KPI counts per unit, case region and China-time day (migration
 * 2026-11-23T1745-intake-daily-stats), kept by the workflow in the transaction of each change.
 */
export interface IntakeDailyStatsTable {
  unit_id: number;
  region_path: string;
  /** 'YYYY-MM-DD', China time. */
  day: string;
  /** By the day the case was (last) dispatched, for the unit it is with. */
  dispatched: number;
  signed: number;
  signed_on_time: number;
  reassigned: number;
  returned: number;
  rehandled: number;
  /** By the day the reply was approved, while completed_on_time is set. */
  completed: number;
  completed_on_time: number;
  followed_up: number;
  completed_anonymous: number;
  followed_up_anonymous: number;
  /** By the day the case was rated. */
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
}
