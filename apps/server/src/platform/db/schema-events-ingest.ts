import type { Generated } from 'kysely';

/**
 * Tables of event ingest (migration 2026-11-22T0100-events-sources): registered sources, their per-minute
 * accounting, unregistered senders, the bounded raw event store, and the journal checkpoint and file-tail
 * offsets the pipeline advances in one transaction. Timestamps ISO strings, flags 0/1.
 */
export interface EventsIngestTables {
  event_sources: EventSourceTable;
  event_source_minutes: EventSourceMinuteTable;
  ingest_unregistered: IngestUnregisteredTable;
  raw_events: RawEventTable;
  ingest_checkpoints: IngestCheckpointTable;
  ingest_tail_offsets: IngestTailOffsetTable;
  ingest_detector_state: IngestDetectorStateTable;
}

/** One registered sender of security events: what it sends, how, and for which unit. */
export interface EventSourceTable {
  id: Generated<number>;
  name: string;
  /** SourceKind: which parser reads it. */
  kind: string;
  unit_id: number;
  asset_id: number | null;
  /** syslog_udp | syslog_tcp | syslog_tls | http | file */
  transport: string;
  /** JSON array of addresses/CIDRs allowed to send syslog for this source. */
  allowed_senders: string;
  /** IANA zone for timestamps that carry none, e.g. Asia/Shanghai. */
  timezone: string;
  /** For transport 'file': a file or directory to tail. */
  file_path: string | null;
  /** For transport 'http': the API token (scope events:write) bound to this source. */
  token_id: number | null;
  enabled: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** Counters per source and UTC minute ('YYYY-MM-DDTHH:MM'). */
export interface EventSourceMinuteTable {
  source_id: number;
  minute: string;
  received: number;
  parsed: number;
  failed: number;
  dropped: number;
}

/** Syslog senders that match no registered source: their events are dropped and counted here. */
export interface IngestUnregisteredTable {
  address: string;
  transport: string;
  events: number;
  first_seen_at: string;
  last_seen_at: string;
  /** A short excerpt of the latest message, so an operator can tell what it is. */
  sample: string | null;
}

/** Recent events for context and search, bounded by count and age (housekeeping deletes). */
export interface RawEventTable {
  id: Generated<number>;
  source_id: number;
  unit_id: number;
  /** The event's own time (@timestamp), ISO UTC. */
  ts: string;
  received_at: string;
  source_ip: string | null;
  destination_ip: string | null;
  host_name: string | null;
  user_name: string | null;
  event_action: string | null;
  url_path: string | null;
  message: string | null;
  /** The normalised SecurityEvent without `original`, as JSON. */
  event: string;
  /** The source's own fields, as JSON. */
  original: string;
  /** The record as received (truncated), for display and text search. */
  raw: string;
  /** Failed records are stored too (with the parse error), so a bad source can be diagnosed. */
  parse_error: string | null;
  size: number;
}

/** How far the pipeline has processed each journal (by record sequence number). */
export interface IngestCheckpointTable {
  name: string;
  seq: number;
  updated_at: string;
}

/** Where a file-tail source has read up to (advanced with the journal checkpoint). */
export interface IngestTailOffsetTable {
  source_id: number;
  path: string;
  /** Device and inode of the file, to notice rotation. */
  file_id: string;
  offset: number;
  updated_at: string;
}

/**
 * Detector state saved with a journal's checkpoint (migration 2026-11-23T1900): one entry per key, e.g. a
 * Sigma correlation group, as the detector's own JSON.
 */
export interface IngestDetectorStateTable {
  journal: string;
  detector: string;
  state_key: string;
  value: string;
  updated_at: string;
}
