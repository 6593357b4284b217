// The write side of the ingest pipeline's transaction, apart from parsing and detection: the alert
// recorder (apps/server/src/modules/events/alerts/alert-recorder.ts) recording batches of 2,000 detections
// with 2,000, 100 and 1 distinct alert keys, and the raw event store with the per-minute counters writing
// batches of 2,000 events, each batch in its own transaction as the pipeline does. On SQLite (a fresh file)
// and PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, in a fresh schema
// dropped after). `--scale` shortens the number of batches (default 10 per case).
import { createAlertRecorder } from '../apps/server/src/modules/events/alerts/alert-recorder.ts';
import type { Detection, SecurityEvent } from '../apps/server/src/modules/events/event-schema.ts';
import { ingestRepository, minuteOf } from '../apps/server/src/modules/events/ingest/ingest.repository.ts';
import { rawRowOf } from '../apps/server/src/modules/events/ingest/pipeline.ts';
import { type RawEventInsert, rawRepository } from '../apps/server/src/modules/events/raw/raw.repository.ts';
import { type Db, migrateToLatest } from '../apps/server/src/platform/db/database.ts';
import {
  type Dialect,
  dialectLabel,
  insertCity,
  insertEventSource,
  insertUnit,
  openBenchDatabase,
} from './lib/bench-db.ts';
import type { BenchContext, Benchmark, Measurement } from './lib/types.ts';

const BATCH = 2000;
const FULL_BATCHES = 10;

/** A region, a unit and an HTTP source to hang events and alerts on. */
async function seed(db: Db): Promise<{ unitId: number; sourceId: number }> {
  await migrateToLatest(db);
  const at = new Date().toISOString();
  const region = await insertCity(db, at);
  const unitId = await insertUnit(db, region.id, at);
  const sourceId = await insertEventSource(
    db,
    { name: 'bench', kind: 'access_log', unitId, transport: 'http', allowedSenders: [] },
    at,
  );
  return { unitId, sourceId };
}

/** An access-log event as the parsers make it, from the attacker numbered `key`. */
function eventOf(origin: { unitId: number; sourceId: number }, key: number, i: number): SecurityEvent {
  const at = new Date(Date.UTC(2026, 10, 22, 1, 0, 0) + i).toISOString();
  const ip = `10.${(key >> 16) & 255}.${(key >> 8) & 255}.${key & 255}`;
  return {
    '@timestamp': at,
    logsource: { category: 'webserver' },
    shouwang: { sourceId: origin.sourceId, unitId: origin.unitId, assetId: null, receivedAt: at },
    original: { line: `${ip} - - "GET /index.php?id=${i}' or '1'='1 HTTP/1.1" 200 512` },
    message: `GET /index.php?id=${i}`,
    source: { ip },
    url: { path: '/index.php', query: `id=${i}' or '1'='1` },
    http: { request: { method: 'GET' }, response: { status_code: 200 } },
  };
}

const perSecond = (n: number, ms: number) => Math.round((n * 1000) / Math.max(ms, 0.001));

async function measure(dialect: Dialect, batches: number, ctx: BenchContext): Promise<Measurement[]> {
  const label = dialectLabel(dialect);
  const target = await openBenchDatabase(dialect, 'recorder');
  const out: Measurement[] = [];
  try {
    const db = target.handle.db;
    const origin = await seed(db);
    const recorder = createAlertRecorder();
    let n = 0;
    for (const keys of [BATCH, 100, 1]) {
      // With 2,000 keys every batch brings new ones (each detection opens an alert: the worst case);
      // with fewer, later batches join the alerts the first opened, as a scanner's probes do.
      const keyBase = n;
      let ms = 0;
      const outcome = { opened: 0, joined: 0 };
      for (let b = 0; b < batches; b++) {
        const detections: Detection[] = [];
        for (let i = 0; i < BATCH; i++) {
          const key = keys === BATCH ? keyBase + b * BATCH + i : keyBase + (i % keys);
          const event = eventOf(origin, key, n++);
          detections.push({
            kind: 'sigma',
            ruleKey: `bench-rule-${keys}`,
            title: 'SQL Injection Attempt in the URL',
            level: 'high',
            matchedFields: { 'url.query': String(event.url?.query) },
            event,
          });
        }
        const started = performance.now();
        const r = await db
          .transaction()
          .execute((trx) => recorder.recordWithOutcome(trx, detections, new Date()));
        ms += performance.now() - started;
        outcome.opened += r.opened;
        outcome.joined += r.joined;
      }
      ctx.log(
        `${label}: ${batches} x ${BATCH} detections over ${keys} key(s) a batch: ${perSecond(batches * BATCH, ms)}/s (${outcome.opened} alerts opened, ${outcome.joined} joined)`,
      );
      out.push({
        metric: `${label}: alert recorder, batches of ${BATCH.toLocaleString('en-US')} detections with ${keys.toLocaleString('en-US')} key${keys === 1 ? '' : 's'}`,
        value: perSecond(batches * BATCH, ms),
        unit: 'count',
        budget: null,
        note: `detections/s; ${outcome.opened.toLocaleString('en-US')} alerts opened, ${outcome.joined.toLocaleString('en-US')} detections joined`,
      });
    }

    // The raw store and the per-minute counters, as the pipeline writes them for every batch.
    let ms = 0;
    for (let b = 0; b < batches; b++) {
      const rows: RawEventInsert[] = [];
      for (let i = 0; i < BATCH; i++) {
        const event = eventOf(origin, i, n++);
        rows.push(
          rawRowOf(event, {
            seq: n,
            sourceId: origin.sourceId,
            receivedAt: Date.parse(event.shouwang.receivedAt),
            data: String(event.original?.line),
          }),
        );
      }
      const minute = minuteOf(Date.now());
      const started = performance.now();
      await db.transaction().execute(async (trx) => {
        await rawRepository.insertMany(trx, rows);
        await ingestRepository.addMinuteCounts(trx, [
          { sourceId: origin.sourceId, minute, received: BATCH, parsed: BATCH, failed: 0, dropped: 0 },
        ]);
      });
      ms += performance.now() - started;
    }
    ctx.log(
      `${label}: raw store and counters, ${batches} x ${BATCH} events: ${perSecond(batches * BATCH, ms)}/s`,
    );
    out.push({
      metric: `${label}: raw event store and per-minute counters, batches of ${BATCH.toLocaleString('en-US')}`,
      value: perSecond(batches * BATCH, ms),
      unit: 'count',
      budget: null,
      note: 'events/s',
    });
    return out;
  } finally {
    await target.dispose();
  }
}

export const benchmark: Benchmark = {
  title: 'Ingest transaction writers: alert recorder, raw event store and counters',
  method: `The write side of the ingest pipeline's transaction without parsing or detection, on a fresh SQLite file and a fresh PostgreSQL schema after the real migrations: the alert recorder records ${FULL_BATCHES} batches of ${BATCH.toLocaleString('en-US')} detections (one transaction each, as the pipeline calls it) with ${BATCH.toLocaleString('en-US')} distinct keys a batch (every detection opens an alert: the worst case), 100 keys and 1 key (later batches join the open alerts); then ${FULL_BATCHES} batches of ${BATCH.toLocaleString('en-US')} raw events with their per-minute counters. Rates are detections or events per second of transaction time. Informational: the end-to-end budget is in the ingest benchmark.`,
  async run(ctx) {
    const batches = Math.max(2, Math.round(FULL_BATCHES * (ctx.scale ?? 1)));
    const out: Measurement[] = [];
    for (const dialect of ['sqlite', 'postgres'] as const)
      out.push(...(await measure(dialect, batches, ctx)));
    return out;
  },
};
