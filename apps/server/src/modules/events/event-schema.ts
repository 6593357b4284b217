import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// The one event schema every ingest path produces and every detector reads (Sigma, indicators, alerts).
// Field names follow the Elastic Common Schema where one exists, so SigmaHQ's ECS mappings apply; the
// source's own fields are kept untouched under `original`, so a rule may use either name.

/** How a source delivers and which parser reads it. */
export type SourceKind =
  | 'syslog' // RFC 5424 / RFC 3164 over UDP, TCP or TLS
  | 'suricata_eve'
  | 'wazuh_alerts'
  | 'windows_json' // Winlogbeat or EVTX-to-JSON exporters
  | 'access_log' // nginx/Apache combined
  | 'ndjson'; // generic JSON events (flat or nested fields)

/** A normalised security event. Every field but the first four is optional: parsers set what they know. */
export interface SecurityEvent {
  /** When it happened, ISO 8601 UTC. A source timestamp without a zone is read in the source's configured zone. */
  '@timestamp': string;
  /** Routes the event to Sigma rules (product/category/service, lower case). */
  logsource: { product?: string; category?: string; service?: string };
  /** Where it came from; set by the ingest pipeline, never by the sender. */
  shouwang: {
    sourceId: number;
    unitId: number | null;
    assetId: number | null;
    /** When the platform accepted it, ISO 8601 UTC. */
    receivedAt: string;
  };
  /** The source's own fields as parsed (JSON object, syslog structured data...), for rules and display. */
  original: Record<string, unknown>;

  message?: string;
  event?: {
    kind?: string;
    category?: string[];
    type?: string[];
    action?: string;
    outcome?: string;
    code?: string;
    /** 0-100 after normalisation of the source's own scale. */
    severity?: number;
    dataset?: string;
    /** The component that logged it (a Windows event provider). */
    provider?: string;
  };
  source?: { ip?: string; port?: number; domain?: string };
  destination?: { ip?: string; port?: number; domain?: string };
  host?: { name?: string; ip?: string[] };
  user?: { name?: string; domain?: string };
  process?: { executable?: string; command_line?: string; pid?: number; name?: string };
  url?: { original?: string; domain?: string; path?: string; query?: string };
  http?: {
    request?: { method?: string; referrer?: string };
    response?: { status_code?: number; bytes?: number };
  };
  user_agent?: { original?: string };
  dns?: { question?: { name?: string } };
  tls?: { server?: { hash?: { sha1?: string; sha256?: string } }; client?: { server_name?: string } };
  file?: { name?: string; path?: string; hash?: { md5?: string; sha1?: string; sha256?: string } };
  rule?: { id?: string; name?: string };
  /** Windows events (any JSON shape): system fields and the event data flattened to strings, under the
   *  names Sigma rules use (plus Provider_Name, Channel and Computer). */
  winlog?: {
    channel?: string;
    event_id?: number;
    provider_name?: string;
    computer_name?: string;
    record_id?: number;
    user_sid?: string;
    event_data?: Record<string, string>;
  };
  log?: {
    syslog?: {
      facility?: { code: number };
      severity?: { code: number };
      appname?: string;
      procid?: string;
      msgid?: string;
      structured_data?: Record<string, Record<string, string>>;
    };
  };
}

/** What a parser returns for one input record (a line, a frame or one element of a JSON array). */
export type ParseResult = { ok: true; event: Omit<SecurityEvent, 'shouwang'> } | { ok: false; error: string };

/** Observables an indicator can match, read from an event by `observablesOf` (threat intel). */
export type ObservableKind = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256';

/** One detection on one event, handed by the pipeline to alerting. */
export interface Detection {
  kind: 'sigma' | 'sigma_correlation' | 'indicator';
  /** Sigma rule id (or title when the rule has no id), or `ioc:<indicator id>`. */
  ruleKey: string;
  title: string;
  /** Sigma level: informational | low | medium | high | critical. Indicators map their confidence onto it. */
  level: string;
  /** The event fields that matched, dotted paths -> values, for highlighting in the UI. */
  matchedFields: Record<string, string>;
  event: SecurityEvent;
}

/**
 * A detector on the ingest hot path (Sigma rules, indicators). Synchronous and side-effect free, so the
 * pipeline can call it per event and stay replayable from its journal.
 */
export interface Detector {
  readonly name: string;
  detect(event: SecurityEvent): Detection[];
  /** Called with the pipeline's event time so time windows (Sigma correlations) can close. */
  flush?(eventTime: Date): Detection[];
  /**
   * For a detector with state across events (Sigma correlation windows): the entries changed since the
   * last call. The pipeline saves them in the transaction that advances its checkpoint, so the saved
   * state always matches the records processed.
   */
  takeStateChanges?(): DetectorStateChange[];
  /**
   * Replaces the detector's state with saved entries: when the pipeline starts, and when a batch's
   * transaction failed (the batch is read again and must not be counted twice).
   */
  restoreState?(saved: readonly DetectorStateEntry[]): void;
}

/** A saved detector state entry: a key of at most 128 characters and the detector's own JSON. */
export interface DetectorStateEntry {
  key: string;
  value: string;
}

/** A changed entry; value null: the entry no longer exists. */
export interface DetectorStateChange {
  key: string;
  value: string | null;
}

/**
 * Where detections go. The ingest pipeline calls `record` inside the same transaction that advances its
 * journal checkpoint, so after a crash and replay every detection is recorded exactly once.
 */
export interface AlertRecorder {
  record(trx: Transaction<Database>, detections: readonly Detection[], now: Date): Promise<void>;
}
