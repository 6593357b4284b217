import type { Generated, Selectable } from 'kysely';

/** Tables of the notice loop (migration 2026-11-21T1200-notices). Timestamps are ISO strings, flags 0/1. */
export interface NoticeTables {
  findings: FindingTable;
  notices: NoticeTable;
  notice_events: NoticeEventTable;
  notice_attachments: NoticeAttachmentTable;
  doc_number_sequences: DocNumberSequenceTable;
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveryTable;
  notification_channels: NotificationChannelTable;
  notification_prefs: NotificationPrefTable;
  inbox_messages: InboxMessageTable;
  saved_views: SavedViewTable;
  notice_daily_stats: NoticeDailyStatsTable;
}

/** Something a detector (or a person) found; findings with the same dedup_key share one open notice. */
export interface FindingTable {
  id: Generated<number>;
  /** manual | monitoring | events | intake | inspection */
  source: string;
  /** The detector and check, e.g. "monitoring.hidden_links". */
  detector: string;
  dedup_key: string;
  unit_id: number;
  asset_id: number | null;
  region_path: string;
  category: string;
  severity: string;
  title: string;
  description: string | null;
  /** JSON object: what was seen, for the notice and the DOCX. */
  evidence: string;
  page_url: string | null;
  is_homepage: number;
  /** JSON {detector, params} when the detector can re-run its check on close; null otherwise. */
  recheck: string | null;
  /** open | resolved | dismissed */
  status: string;
  notice_id: number | null;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NoticeTable {
  id: Generated<number>;
  /** The issuing office's region: document numbers run per office per year. */
  office_region_id: number;
  doc_year: number | null;
  doc_seq: number | null;
  /** 文号, set on issue. */
  doc_number: string | null;
  unit_id: number;
  asset_id: number | null;
  /** The unit's region path, copied so lists filter by jurisdiction without a join. */
  region_path: string;
  category: string;
  severity: string;
  title: string;
  description: string;
  required_actions: string;
  tlp: string;
  /** One of NOTICE_STATES in @shouwang/common. */
  state: string;
  /** manual | finding */
  source: string;
  requires_leader_approval: number;
  sign_due_at: string | null;
  rectify_due_at: string | null;
  deadline_provisional: number;
  deadline_reason: string | null;
  overdue: number;
  overdue_since: string | null;
  supervision_level: number;
  last_reminder_at: string | null;
  return_count: number;
  reopen_count: number;
  signed_on_time: number | null;
  rectified_on_time: number | null;
  created_by: number;
  issued_at: string | null;
  signed_at: string | null;
  reported_at: string | null;
  closed_at: string | null;
  /** Optimistic concurrency: every transition bumps it and requires the version the actor saw. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** The notice's timeline: every transition and note, with actor, time and reason. */
export interface NoticeEventTable {
  id: Generated<number>;
  notice_id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  actor_role: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  data: string | null;
}

export interface NoticeAttachmentTable {
  id: Generated<number>;
  notice_id: number;
  event_id: number | null;
  /** evidence | rectification_report | other */
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** Path under the data directory's files/ folder. */
  storage_key: string;
  uploaded_by: number;
  created_at: string;
}

export interface DocNumberSequenceTable {
  office_region_id: number;
  year: number;
  last_seq: number;
}

export interface NotificationOutboxTable {
  id: Generated<number>;
  topic: string;
  notice_id: number | null;
  payload: string;
  dedup_key: string | null;
  created_at: string;
  dispatched_at: string | null;
}

export interface NotificationDeliveryTable {
  id: Generated<number>;
  outbox_id: number;
  notice_id: number | null;
  /** inapp | email | wecom | dingtalk | feishu | webhook */
  channel: string;
  channel_id: number | null;
  recipient: string;
  /** queued | sent | failed (given up) | retrying */
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  /** "user:42" or "channel:3" (migration 2026-11-21T1310): unique per outbox row and channel. */
  target: string;
  /** The recipient user of in-app and e-mail deliveries; null for group channels. */
  user_id: number | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationChannelTable {
  id: Generated<number>;
  region_id: number;
  kind: string;
  name: string;
  /** JSON: SMTP settings, robot webhook URL and secret, or webhook URL and HMAC secret. */
  config: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface NotificationPrefTable {
  user_id: number;
  channel: string;
  /** A topic such as "notice.issued", or "*" for all. */
  topic: string;
  enabled: number;
}

export interface InboxMessageTable {
  id: Generated<number>;
  user_id: number;
  topic: string;
  title: string;
  body: string;
  link: string | null;
  notice_id: number | null;
  read_at: string | null;
  created_at: string;
}

export interface SavedViewTable {
  id: Generated<number>;
  user_id: number;
  page: string;
  name: string;
  query: string;
  created_at: string;
}

export type FindingRow = Selectable<FindingTable>;
export type NoticeRow = Selectable<NoticeTable>;
export type NoticeEventRow = Selectable<NoticeEventTable>;
export type NoticeAttachmentRow = Selectable<NoticeAttachmentTable>;
export type NotificationDeliveryRow = Selectable<NotificationDeliveryTable>;
export type NotificationChannelRow = Selectable<NotificationChannelTable>;

/**
 * The dashboard's period counts per unit and China-time day (migration 2026-11-21T1720-notice-daily-stats),
 * kept equal to a recomputation from the notices by every transition, in its transaction.
 */
export interface NoticeDailyStatsTable {
  unit_id: number;
  region_path: string;
  /** 'YYYY-MM-DD', China time. */
  day: string;
  /** Issued that day, withdrawn ones included. */
  issued: number;
  /** Issued that day and since withdrawn. */
  withdrawn: number;
  /** Issued that day, not withdrawn, signed (at any time since) / signed by the signing deadline. */
  signed: number;
  signed_on_time: number;
  /** Closed that day and still closed / of those, reported back by the rectification deadline. */
  closed: number;
  closed_on_time: number;
}
