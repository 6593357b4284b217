import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type {
  AlertRecorder,
  Detection,
  Detector,
  ParseResult,
  SecurityEvent,
  SourceKind,
} from '../event-schema.ts';
import { detectionTimeOf } from '../event-time.ts';
import { type RawEventInsert, rawRepository } from '../raw/raw.repository.ts';
import { ingestRepository, type MinuteCounts, minuteOf } from './ingest.repository.ts';
import type { Journal, JournalRecord } from './journal.ts';
import type { DirectorySource, SourceDirectory } from './source-directory.ts';

/** Parses one record of a source (the parsers module's `createParser(kind, { timezone })`). */
export interface RecordParser {
  parse(record: string): ParseResult;
}
/** `now` is the record's receive time (fills missing timestamps, anchors RFC 3164 years), so a replay parses alike. */
export type ParserFactory = (
  kind: SourceKind,
  options: { timezone: string; now: () => Date },
) => RecordParser;

export interface PipelineOptions {
  db: Kysely<Database>;
  journal: Journal;
  /** The checkpoint's name: one per journal. */
  journalName: string;
  directory: SourceDirectory;
  parserFor: ParserFactory;
  detectors: readonly Detector[];
  recorder: AlertRecorder;
  now: () => Date;
  /** Records per transaction, at most (fewer while a batch takes longer than TARGET_BATCH_MS). */
  batchSize?: number;
  /** Called with unexpected errors (a failed transaction is retried). */
  onError?: (err: unknown) => void;
}

export interface PipelineStats {
  processedSeq: number;
  processed: number;
  parsed: number;
  failed: number;
  detections: number;
  detectorErrors: number;
  batches: number;
  /** Records whose source no longer exists. */
  orphaned: number;
  /** Records the database refused even alone (counted as failed and skipped). */
  poisoned: number;
  /** Records the next batch reads at most (adapted to TARGET_BATCH_MS). */
  batchSize: number;
}

/** A record or text field stored for display and search is cut at this length. */
const RAW_MAX = 8 * 1024;
/** How long the running pipeline waits after a small batch before reading the journal again. */
const GATHER_MS = 20;
/**
 * Wall time a batch should take. A batch is one long turn of the event loop (SQLite runs synchronously
 * under its promises), and HTTP bulk posts, fsync callbacks and timers share the thread: on a loaded
 * machine 2,000 records took several hundred milliseconds a turn, and an HTTP post that needs a few turns
 * waited seconds for its 202. The batch size follows the measured busy time per record to stay near this.
 */
const TARGET_BATCH_MS = 50;
const MIN_BATCH = 100;
const ORIGINAL_MAX = 64 * 1024;

/** Cut at n characters; NUL (which PostgreSQL text cannot hold) becomes U+FFFD. */
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s).replaceAll('\0', '\uFFFD');
const orNull = (s: string | undefined, n = 255) => (s === undefined || s === '' ? null : cut(String(s), n));

/** ISO 8601 UTC with milliseconds, as the parsers write it: taken as is (no parse per event). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function isoOr(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  if (ISO_UTC.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

/** The raw-store row of a normalised event. */
export function rawRowOf(event: SecurityEvent, rec: JournalRecord): RawEventInsert {
  const { original, ...rest } = event;
  let originalJson = JSON.stringify(original ?? {});
  if (originalJson.length > ORIGINAL_MAX) originalJson = JSON.stringify({ _truncated: originalJson.length });
  const raw = cut(rec.data, RAW_MAX);
  return {
    source_id: rec.sourceId,
    unit_id: event.shouwang.unitId ?? 0,
    ts: isoOr(event['@timestamp'], event.shouwang.receivedAt),
    received_at: event.shouwang.receivedAt,
    source_ip: orNull(event.source?.ip, 64),
    destination_ip: orNull(event.destination?.ip, 64),
    host_name: orNull(event.host?.name),
    user_name: orNull(event.user?.name),
    event_action: orNull(event.event?.action),
    url_path: orNull(event.url?.path, 2000),
    message: event.message === undefined ? null : cut(event.message, RAW_MAX),
    event: JSON.stringify(rest),
    original: originalJson,
    raw,
    parse_error: null,
    size: raw.length + originalJson.length,
  };
}

function failedRowOf(src: DirectorySource, rec: JournalRecord, error: string): RawEventInsert {
  const at = new Date(rec.receivedAt).toISOString();
  const raw = cut(rec.data, RAW_MAX);
  return {
    source_id: rec.sourceId,
    unit_id: src.unitId,
    ts: at,
    received_at: at,
    source_ip: null,
    destination_ip: null,
    host_name: null,
    user_name: null,
    event_action: null,
    url_path: null,
    message: null,
    event: '{}',
    original: '{}',
    raw,
    parse_error: cut(error, 500),
    size: raw.length,
  };
}

/**
 * The ingest pipeline: reads the journal from its checkpoint, parses and normalises each record, runs the
 * detectors, and in ONE transaction writes the raw events, records the detections, adds the per-minute
 * counters, saves tail offsets and advances the checkpoint. A crash anywhere replays the uncommitted batch,
 * so every journaled record takes effect exactly once.
 */
export function createIngestPipeline(options: PipelineOptions) {
  const { db, journal, journalName, directory, parserFor, detectors, recorder, now } = options;
  const batchSize = options.batchSize ?? 2000;
  const parsers = new Map<number, { kind: string; timezone: string; parser: RecordParser }>();
  const stats: PipelineStats = {
    processedSeq: 0,
    processed: 0,
    parsed: 0,
    failed: 0,
    detections: 0,
    detectorErrors: 0,
    batches: 0,
    orphaned: 0,
    poisoned: 0,
    batchSize,
  };
  /** Set after repeated failures of the same batch: the next attempt isolates the failing record. */
  let isolateFailures = false;
  /** The receive time of the record being parsed, read by the parsers through `now`. */
  let parsingReceivedAt = 0;
  const receiveTime = () => new Date(parsingReceivedAt);
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const idleWaiters: Array<() => void> = [];

  function parserOf(src: DirectorySource): RecordParser {
    const cached = parsers.get(src.id);
    if (cached && cached.kind === src.kind && cached.timezone === src.timezone) return cached.parser;
    const parser = parserFor(src.kind, { timezone: src.timezone, now: receiveTime });
    parsers.set(src.id, { kind: src.kind, timezone: src.timezone, parser });
    return parser;
  }

  function runDetectors(event: SecurityEvent, out: Detection[]): void {
    for (const d of detectors) {
      try {
        for (const x of d.detect(event)) out.push(x);
      } catch (err) {
        // One faulty detector must not stop ingest; it is counted and reported.
        stats.detectorErrors++;
        options.onError?.(err);
      }
    }
  }

  const stateful = detectors.filter((d) => d.takeStateChanges !== undefined && d.restoreState !== undefined);
  /** Set when detectors may hold state the database does not (start, a failed batch): restored first. */
  let restoreNeeded = true;

  /** Puts every stateful detector back to the state saved with the checkpoint. */
  async function restoreDetectors(): Promise<void> {
    for (const d of stateful) d.restoreState?.(await ingestRepository.detectorState(db, journalName, d.name));
    restoreNeeded = false;
  }

  /** Processes one batch of records in one transaction. */
  async function processBatch(records: readonly JournalRecord[]): Promise<void> {
    const last = records.at(-1);
    if (!last) return;
    if (restoreNeeded) await restoreDetectors();
    const rows: RawEventInsert[] = [];
    const detections: Detection[] = [];
    const counts = new Map<string, MinuteCounts>();
    const tails = new Map<string, { sourceId: number; path: string; fileId: string; offset: number }>();
    let parsed = 0;
    let failed = 0;
    let orphaned = 0;
    let maxEventTime = 0;
    for (const rec of records) {
      const src = directory.byId(rec.sourceId);
      if (!src) {
        orphaned++;
        continue;
      }
      const minute = minuteOf(rec.receivedAt);
      const key = `${src.id}|${minute}`;
      let c = counts.get(key);
      if (!c) {
        c = { sourceId: src.id, minute, received: 0, parsed: 0, failed: 0, dropped: 0 };
        counts.set(key, c);
      }
      c.received++;
      if (rec.extra && typeof rec.extra.tailPath === 'string') {
        tails.set(`${src.id}|${rec.extra.tailPath}`, {
          sourceId: src.id,
          path: rec.extra.tailPath,
          fileId: String(rec.extra.fileId ?? ''),
          offset: Number(rec.extra.offset ?? 0),
        });
      }
      let result: ParseResult;
      if (rec.extra && typeof rec.extra.error === 'string') {
        // The listener could not take the record whole (too long, broken frame): a failure, counted.
        result = { ok: false, error: rec.extra.error };
      } else {
        try {
          parsingReceivedAt = rec.receivedAt;
          result = parserOf(src).parse(rec.data);
        } catch (err) {
          result = { ok: false, error: `parser error: ${(err as Error).message}` };
        }
      }
      if (!result.ok) {
        c.failed++;
        failed++;
        rows.push(failedRowOf(src, rec, result.error));
        continue;
      }
      c.parsed++;
      parsed++;
      const receivedAt = new Date(rec.receivedAt).toISOString();
      const event: SecurityEvent = {
        ...result.event,
        shouwang: { sourceId: src.id, unitId: src.unitId, assetId: src.assetId, receivedAt },
      };
      const t = detectionTimeOf(event);
      if (t > maxEventTime) maxEventTime = t;
      runDetectors(event, detections);
      rows.push(rawRowOf(event, rec));
    }
    if (maxEventTime > 0) {
      const at = new Date(maxEventTime);
      for (const d of detectors) {
        try {
          if (d.flush) for (const x of d.flush(at)) detections.push(x);
        } catch (err) {
          stats.detectorErrors++;
          options.onError?.(err);
        }
      }
    }
    const states = stateful.map((d) => ({ name: d.name, changes: d.takeStateChanges?.() ?? [] }));
    const at = now();
    try {
      await db.transaction().execute(async (trx) => {
        await rawRepository.insertMany(trx, rows);
        if (detections.length > 0) await recorder.record(trx, detections, at);
        await ingestRepository.addMinuteCounts(trx, [...counts.values()]);
        for (const t of tails.values()) {
          await ingestRepository.saveTailOffset(trx, { ...t, at: at.toISOString() });
        }
        for (const st of states) {
          if (st.changes.length > 0)
            await ingestRepository.saveDetectorState(trx, journalName, st.name, st.changes, at.toISOString());
        }
        await ingestRepository.saveCheckpoint(trx, journalName, last.seq, at.toISOString());
      });
    } catch (err) {
      // The detectors have seen this batch, but its state was not saved: the batch will be read again.
      restoreNeeded = true;
      throw err;
    }
    stats.processedSeq = last.seq;
    stats.processed += records.length;
    stats.parsed += parsed;
    stats.failed += failed;
    stats.orphaned += orphaned;
    stats.detections += detections.length;
    stats.batches++;
  }

  /** Processes everything durable now; resolves when caught up. */
  /**
   * A record whose transaction fails on its own (a value the database refuses): counted as received and
   * failed, its checkpoint advanced, so one poisoned record cannot stop the pipeline.
   */
  async function skipPoisoned(rec: JournalRecord, err: unknown): Promise<void> {
    const src = directory.byId(rec.sourceId);
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (src) {
        await ingestRepository.addMinuteCounts(trx, [
          {
            sourceId: src.id,
            minute: minuteOf(rec.receivedAt),
            received: 1,
            parsed: 0,
            failed: 1,
            dropped: 0,
          },
        ]);
      }
      await ingestRepository.saveCheckpoint(trx, journalName, rec.seq, at);
    });
    stats.processedSeq = rec.seq;
    stats.processed++;
    stats.failed++;
    stats.poisoned++;
    options.onError?.(new Error(`journal record ${rec.seq} could not be stored: ${(err as Error).message}`));
  }

  async function drainOnce(): Promise<number> {
    let n = 0;
    for (;;) {
      const records = journal.read(stats.processedSeq + 1, stats.batchSize);
      if (records.length === 0) break;
      // The thread's busy time, not the wall time: waiting on PostgreSQL's socket blocks nobody.
      const started = performance.eventLoopUtilization();
      try {
        await processBatch(records);
      } catch (err) {
        if (records.length === 1 || !isolateFailures) throw err;
        // Find the record that fails: one transaction per record for this batch.
        for (const rec of records) {
          try {
            await processBatch([rec]);
          } catch (one) {
            await skipPoisoned(rec, one);
          }
        }
      }
      n += records.length;
      // Small batches are mostly fixed cost and would say little about the time per record.
      if (records.length >= MIN_BATCH) {
        const busyMs = performance.eventLoopUtilization(started).active;
        const fits = (TARGET_BATCH_MS * records.length) / Math.max(1, busyMs);
        stats.batchSize = Math.round(Math.min(batchSize, Math.max(MIN_BATCH, (stats.batchSize + fits) / 2)));
      }
      // Here, not once caught up: under a lag that lasts, segments behind the checkpoint would pile up.
      journal.release(stats.processedSeq);
      // SQLite runs synchronously under its promises: let listeners, fsync callbacks and timers run.
      await new Promise<void>((r) => setImmediate(r));
    }
    return n;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const n = await drainOnce();
        failures = 0;
        isolateFailures = false;
        // A trickle would make one transaction per few records: gather for a moment (bounded latency).
        if (n > 0 && n < batchSize / 4) await new Promise((r) => setTimeout(r, GATHER_MS));
        if (n === 0) {
          for (const w of idleWaiters.splice(0)) w();
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 1000).unref();
          });
          wake = null;
        }
      } catch (err) {
        options.onError?.(err);
        // The batch's transaction rolled back: refresh sources and retry after a pause; from the third
        // attempt on, record by record, so a record the database refuses is skipped (and counted).
        failures++;
        isolateFailures = failures >= 2;
        await new Promise((r) => setTimeout(r, 1000));
        await directory.refresh().catch(() => {});
      }
    }
  }

  return {
    stats,
    /** Loads the checkpoint and the detectors' saved state; call before start() or drain(). */
    async init(): Promise<void> {
      stats.processedSeq = await ingestRepository.checkpoint(db, journalName);
      await restoreDetectors();
    },
    /** Unprocessed durable records (the queue behind the journal). */
    lag(): number {
      return Math.max(0, journal.durableSeq - stats.processedSeq);
    },
    start(): void {
      if (running) return;
      running = true;
      journal.onDurable(() => wake?.());
      loop = run();
    },
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    /** Processes all durable records now (tests, and callers that want to wait). */
    async drain(): Promise<void> {
      if (running) {
        if (journal.durableSeq <= stats.processedSeq) return;
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
          wake?.();
        });
        return;
      }
      await drainOnce();
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
