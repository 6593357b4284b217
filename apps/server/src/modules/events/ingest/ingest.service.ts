import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IngestConfig } from '../../../config/config.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { makeSelfSignedCertificate } from '../../../platform/tls/self-signed-certificate.ts';
import type { FindingReport } from '../../findings/findings.service.ts';
import type { AlertRecorder, Detector } from '../event-schema.ts';
import { type BulkFormat, decodeRecords } from '../parsers/index.ts';
import { rawRepository } from '../raw/raw.repository.ts';
import { sourcesRepository } from '../sources/sources.repository.ts';
import { createDropAccounting } from './accounting.ts';
import { checkDropRates } from './drop-alarm.ts';
import { ingestRepository, minuteOf } from './ingest.repository.ts';
import { type Journal, type JournalEntry, openJournal } from './journal.ts';
import { createIngestPipeline, type IngestPipeline, type ParserFactory } from './pipeline.ts';
import { createSourceDirectory } from './source-directory.ts';
import { DEFAULT_UDP_BUFFER_BYTES, type SyslogListeners, startSyslogListeners } from './syslog-listeners.ts';
import { startTailInputs, type TailInputs } from './tail-input.ts';

export interface IngestDeps {
  db: Db;
  dataDir: string;
  config: IngestConfig;
  /** Detectors on the hot path (Sigma, indicators), in order. */
  detectors: readonly Detector[];
  recorder: AlertRecorder;
  parserFor: ParserFactory;
  reportFinding: (report: FindingReport) => Promise<unknown>;
  now: () => Date;
  log?: (message: string, err?: unknown) => void;
  /** The journal's name (directory and checkpoint); default by role: `ingest` or `api`. */
  journalName?: string;
}

export interface HttpIngestResult {
  sourceId: number;
  accepted: number;
  rejected: number;
  /** Per-record problems: `index` is the line (NDJSON, lines) or element (JSON array) number, from 1. */
  errors: Array<{ index: number; error: string }>;
}

/** Per-record errors listed in a response, at most. */
const MAX_LISTED_ERRORS = 100;
const DIRECTORY_REFRESH_MS = 3000;
const ACCOUNTING_FLUSH_MS = 2000;
const DROP_CHECK_MS = 60_000;
const PRUNE_MS = 5 * 60_000;
/** TCP/TLS and tails pause above this share of SHOUWANG_INGEST_MAX_LAG; the rest is HTTP's and UDP's. */
const STREAMS_LAG_SHARE = 0.75;
/** ... or while the journal holds this many bytes not yet written (what an HTTP append may wait behind). */
const STREAMS_PENDING_BYTES = 4 * 1024 * 1024;
/** ... and HTTP and UDP above this (memory: the unwritten part of the journal is held in it). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;
/** Per-minute counters are kept this long. */
const MINUTES_KEEP_DAYS = 30;

/**
 * Event ingest: the journal, the pipeline that drains it, the HTTP bulk input (api role) and, for the
 * `ingest` role, the syslog listeners and file tails. One journal per process, named by its roles.
 */
export function createIngestService(deps: IngestDeps) {
  const { db, config, now } = deps;
  const log = deps.log ?? (() => {});
  const journalName = deps.journalName ?? (config.role ? 'ingest' : 'api');
  const directory = createSourceDirectory(() => sourcesRepository.all(db));
  const accounting = createDropAccounting(db, now, (id) => directory.byId(id) !== undefined);
  let opened: Promise<{ journal: Journal; pipeline: IngestPipeline }> | null = null;
  let listeners: SyslogListeners | null = null;
  let tails: TailInputs | null = null;
  const timers: NodeJS.Timeout[] = [];
  let lastDirectoryRefresh = 0;

  function runtime() {
    opened ??= (async () => {
      await directory.refresh();
      lastDirectoryRefresh = Date.now();
      const checkpoint = await ingestRepository.checkpoint(db, journalName);
      const journal = await openJournal({
        dir: path.join(deps.dataDir, 'ingest-journal', journalName),
        segmentBytes: config.journalSegmentBytes,
        minNextSeq: checkpoint + 1,
      });
      const pipeline = createIngestPipeline({
        db,
        journal,
        journalName,
        directory,
        parserFor: deps.parserFor,
        detectors: deps.detectors,
        recorder: deps.recorder,
        now,
        onError: (err) => log('ingest pipeline error', err),
      });
      await pipeline.init();
      return { journal, pipeline };
    })();
    return opened;
  }

  async function freshDirectory(): Promise<void> {
    // An HTTP call for a source registered a moment ago must not wait for the timer.
    if (Date.now() - lastDirectoryRefresh < 500) return;
    await directory.refresh();
    lastDirectoryRefresh = Date.now();
  }

  /** Records behind the pipeline: durable and unprocessed, plus appended and not yet durable. */
  const backlog = (rt: { journal: Journal; pipeline: IngestPipeline }) =>
    rt.pipeline.lag() + (rt.journal.nextSeq - 1 - rt.journal.durableSeq);

  /**
   * Full: HTTP answers 503 and UDP drops. Also when the journal holds more bytes not yet fsynced than
   * memory should (a disk slower than the senders): the lag limit counts records, which can be large.
   */
  function overloadedWith(rt: { journal: Journal; pipeline: IngestPipeline }): boolean {
    return backlog(rt) > config.maxLag || rt.journal.pendingBytes > MAX_PENDING_BYTES;
  }

  /**
   * Records each input may still add. Inputs that can wait (TCP/TLS stop reading, tails stop reading)
   * stop earlier: at a share of the lag limit, or while the journal holds more unwritten bytes than one
   * fsync should carry. So a saturating TCP sender leaves room for HTTP and UDP, which cannot wait (a
   * client answered 503 resends later into the same full journal; a datagram is lost), and an HTTP
   * append waits behind a few MiB at most. Without this, TCP refilled the journal within 20 ms of every
   * batch and HTTP got 503 for minutes.
   */
  function roomWith(rt: { journal: Journal; pipeline: IngestPipeline }): { udp: number; streams: number } {
    const behind = backlog(rt);
    const streams =
      rt.journal.pendingBytes > STREAMS_PENDING_BYTES ? 0 : config.maxLag * STREAMS_LAG_SHARE - behind;
    const udp = rt.journal.pendingBytes > MAX_PENDING_BYTES ? 0 : config.maxLag - behind;
    return { udp, streams };
  }

  function tlsMaterial(): { cert: string; key: string } | undefined {
    if (config.tlsCertFile && config.tlsKeyFile) {
      return { cert: readFileSync(config.tlsCertFile, 'utf8'), key: readFileSync(config.tlsKeyFile, 'utf8') };
    }
    // No certificate configured: a self-signed one kept in the data dir, so senders can pin it.
    const dir = path.join(deps.dataDir, 'ingest-tls');
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    if (!existsSync(certFile) || !existsSync(keyFile)) {
      try {
        const pair = makeSelfSignedCertificate(0, 3650, 'shouwang-ingest');
        mkdirSync(dir, { recursive: true });
        writeFileSync(keyFile, pair.key, { mode: 0o600 });
        writeFileSync(certFile, pair.cert);
      } catch (err) {
        log('ingest: no TLS certificate configured and openssl failed; the TLS listener is off', err);
        return undefined;
      }
    }
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  }

  async function housekeeping(): Promise<void> {
    const at = now();
    await rawRepository.prune(db, {
      before: new Date(at.getTime() - config.rawMaxDays * 86_400_000).toISOString(),
      maxCount: config.rawMaxEvents,
      maxBytes: config.rawMaxBytes,
    });
    await ingestRepository.pruneMinutes(db, minuteOf(at.getTime() - MINUTES_KEEP_DAYS * 86_400_000));
  }

  return {
    directory,
    accounting,
    runtime,
    journalName,

    /**
     * HTTP bulk input: the records of one body for the source the bearer token is bound to, appended to
     * the journal; resolves after they are durable. Records that cannot be split out are reported and
     * not journaled; the rest are parsed once here to report their errors, and counted by the pipeline.
     */
    async acceptHttp(tokenHash: string, body: Buffer, format: BulkFormat): Promise<HttpIngestResult> {
      const source = await sourcesRepository.findByTokenHash(db, tokenHash);
      if (source?.transport !== 'http') throw new AppError('token_invalid');
      if (!source.enabled) throw new AppError('forbidden');
      const rt = await runtime();
      await freshDirectory();
      if (overloadedWith(rt)) throw new AppError('ingest_busy');
      const at = now().getTime();
      const parser = deps.parserFor(source.kind as Parameters<ParserFactory>[0], {
        timezone: source.timezone,
        now: () => new Date(at),
      });
      const entries: JournalEntry[] = [];
      const errors: HttpIngestResult['errors'] = [];
      let rejected = 0;
      for (const r of decodeRecords(body, format, { maxRecordBytes: config.maxRecordBytes })) {
        if (!r.ok) {
          // Not a record at all (truncated element, invalid UTF-8, too long): counted as failed.
          rejected++;
          entries.push({ sourceId: source.id, receivedAt: at, data: '', extra: { error: r.error } });
          if (errors.length < MAX_LISTED_ERRORS) errors.push({ index: r.index, error: r.error });
          continue;
        }
        entries.push({ sourceId: source.id, receivedAt: at, data: r.record });
        let parsed: ReturnType<ReturnType<ParserFactory>['parse']>;
        try {
          parsed = parser.parse(r.record);
        } catch (err) {
          parsed = { ok: false, error: `parser error: ${(err as Error).message}` };
        }
        if (!parsed.ok) {
          rejected++;
          if (errors.length < MAX_LISTED_ERRORS) errors.push({ index: r.index, error: parsed.error });
        }
      }
      await rt.journal.append(entries);
      return { sourceId: source.id, accepted: entries.length - rejected, rejected, errors };
    },

    /** Starts the pipeline and timers; with the ingest role also the syslog listeners and file tails. */
    async start(
      options: {
        /** Overrides of the configured ports (tests listen on 0, any free port); null = off. */
        ports?: { udp?: number | null; tcp?: number | null; tls?: number | null };
        /** Run the listeners and tails even without the ingest role (tests). */
        listen?: boolean;
        tailPollMs?: number;
      } = {},
    ): Promise<void> {
      const rt = await runtime();
      rt.pipeline.start();
      const every = (ms: number, fn: () => Promise<unknown>) => {
        const t = setInterval(() => {
          fn().catch((err) => log('ingest timer error', err));
        }, ms);
        t.unref();
        timers.push(t);
      };
      every(DIRECTORY_REFRESH_MS, async () => {
        await directory.refresh();
        lastDirectoryRefresh = Date.now();
        await tails?.sync();
      });
      every(ACCOUNTING_FLUSH_MS, () => accounting.flush());
      every(DROP_CHECK_MS, () =>
        checkDropRates(
          db,
          directory,
          deps.reportFinding,
          { thresholdPercent: config.dropFindingPercent, windowMinutes: 5, minDropped: 10 },
          now(),
        ),
      );
      every(PRUNE_MS, housekeeping);
      if (!config.role && !options.listen) return;
      const port = (configured: number, override: number | null | undefined) =>
        override !== undefined ? override : configured === 0 ? null : configured;
      const tlsPort = port(config.syslogTlsPort, options.ports?.tls);
      listeners = await startSyslogListeners({
        host: config.host,
        udpPort: port(config.syslogUdpPort, options.ports?.udp),
        tcpPort: port(config.syslogTcpPort, options.ports?.tcp),
        tlsPort,
        tls: tlsPort !== null ? tlsMaterial() : undefined,
        maxRecordBytes: config.maxRecordBytes,
        udpBufferBytes: DEFAULT_UDP_BUFFER_BYTES,
        directory,
        accounting,
        appendEncoded: (records, count) => rt.journal.appendEncoded(records, count),
        room: () => roomWith(rt),
        now: () => now().getTime(),
        onError: (err) => log('syslog listener error', err),
      });
      // Linux grants at most net.core.rmem_max (and reports twice the usable size): say when it was capped.
      if (listeners.udpBufferBytes !== null && listeners.udpBufferBytes < DEFAULT_UDP_BUFFER_BYTES) {
        log(
          `ingest: the UDP socket got a ${Math.round(listeners.udpBufferBytes / 2 / 1024)} KiB receive buffer, not ${DEFAULT_UDP_BUFFER_BYTES / 1024 / 1024} MiB: raise net.core.rmem_max (sysctl -w net.core.rmem_max=${DEFAULT_UDP_BUFFER_BYTES}) so bursts are not lost`,
        );
      }
      // Tails start after the replay so they resume from offsets the pipeline has committed.
      await rt.pipeline.drain();
      tails = await startTailInputs({
        db,
        directory,
        append: (entries) => rt.journal.append(entries),
        overloaded: () => roomWith(rt).streams <= 0,
        maxRecordBytes: config.maxRecordBytes,
        now: () => now().getTime(),
        pollMs: options.tailPollMs,
        onError: (err) => log('file tail error', err),
      });
    },

    /** Listening ports (tests bind port 0). */
    ports: () => listeners?.ports ?? { udp: null, tcp: null, tls: null },
    /** Reads followed files now (tests; the tails poll by themselves). */
    pollTails: async () => {
      await tails?.sync();
      await tails?.poll();
    },

    /** Processes everything journaled so far (tests; the running pipeline does this by itself). */
    async drain(): Promise<void> {
      const rt = await runtime();
      await accounting.flush();
      await rt.pipeline.drain();
    },

    housekeeping,

    /** Live numbers of this process. */
    async status() {
      const rt = opened ? await opened : null;
      return {
        journal: journalName,
        lag: rt ? rt.pipeline.lag() : 0,
        durableSeq: rt ? rt.journal.durableSeq : 0,
        /** Records appended, durable or not. */
        appendedSeq: rt ? rt.journal.nextSeq - 1 : 0,
        /** Bytes appended and not yet durable. */
        pendingBytes: rt ? rt.journal.pendingBytes : 0,
        processedSeq: rt ? rt.pipeline.stats.processedSeq : 0,
        batchSize: rt ? rt.pipeline.stats.batchSize : 0,
        segments: rt ? rt.journal.segments() : 0,
        droppedSinceStart: accounting.totals.dropped,
        unregisteredSinceStart: accounting.totals.unregistered,
        connections: listeners?.connections() ?? 0,
        udpBufferBytes: listeners?.udpBufferBytes ?? null,
        receiverHeapBytes: listeners?.heapBytes() ?? 0,
      };
    },

    async stop(): Promise<void> {
      for (const t of timers.splice(0)) clearInterval(t);
      await tails?.close();
      await listeners?.close();
      listeners = null;
      if (opened) {
        const rt = await opened;
        await rt.pipeline.stop();
        await accounting.flush().catch(() => {});
        await rt.journal.close();
        opened = null;
      }
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
