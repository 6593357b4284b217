// The ingest process of bench/ingest.bench.ts: a fresh SQLite database in INGEST_BENCH_DIR, two syslog
// TCP sources (access logs from 127.0.0.2, Linux syslog from 127.0.0.1) and one UDP source, the real
// parsers, a Sigma detector over INGEST_BENCH_RULES (the starter pack by default) and the alert recorder,
// listening on free ports. Prints {"ready":true,"tcp":..,"udp":..} once, then {"durable","processed","dropped",
// "memory"} every 200 ms.
import path from 'node:path';
import { loadConfig } from '../../apps/server/src/config/config.ts';
import { createAlertRecorder } from '../../apps/server/src/modules/events/alerts/alert-recorder.ts';
import type {
  Detection,
  Detector,
  SecurityEvent,
} from '../../apps/server/src/modules/events/event-schema.ts';
import { createIngestService } from '../../apps/server/src/modules/events/ingest/ingest.service.ts';
import { createParser } from '../../apps/server/src/modules/events/parsers/index.ts';
import { createSigmaEngine } from '../../apps/server/src/modules/events/sigma/sigma-engine.ts';
import {
  WEB_ECS_FIELD_MAPPINGS,
  WINDOWS_ECS_FIELD_MAPPINGS,
} from '../../apps/server/src/modules/events/sigma/sigma-field-mappings.ts';
import { loadRulesFromPath } from '../../apps/server/src/modules/events/sigma/sigma-loader.ts';
import type { SigmaEvent } from '../../apps/server/src/modules/events/sigma/sigma-types.ts';
import { migrateToLatest, openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { insertCity, insertEventSource, insertUnit } from './bench-db.ts';
import { statusMiB } from './proc.ts';

const dir = process.env.INGEST_BENCH_DIR ?? '';
const rulesDir =
  process.env.INGEST_BENCH_RULES ||
  path.resolve(
    import.meta.dirname,
    '..',
    '..',
    'apps',
    'server',
    'src',
    'modules',
    'events',
    'sigma',
    'rules',
  );
const config = loadConfig({
  SHOUWANG_DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  SHOUWANG_INGEST_MAX_LAG: process.env.INGEST_BENCH_MAX_LAG ?? '500000',
});
const database = openDatabase({ databaseUrl: null, sqlitePath: config.sqlitePath });
await migrateToLatest(database.db);
const db = database.db;
const at = new Date().toISOString();

if (!(await db.selectFrom('event_sources').select('id').executeTakeFirst())) {
  const region = await insertCity(db, at, '测试市');
  const unitId = await insertUnit(db, region.id, at);
  const source = (name: string, kind: string, transport: string, sender: string) =>
    insertEventSource(db, { name, kind, unitId, transport, allowedSenders: [sender] }, at);
  await source('web access logs', 'access_log', 'syslog_tcp', '127.0.0.2');
  await source('linux syslog', 'syslog', 'syslog_tcp', '127.0.0.1');
  await source('udp syslog', 'syslog', 'syslog_udp', '127.0.0.1');
}

const rules = loadRulesFromPath(rulesDir);
const engine = createSigmaEngine({
  rules,
  fieldMappings: { ...WEB_ECS_FIELD_MAPPINGS, ...WINDOWS_ECS_FIELD_MAPPINGS },
});
// The engine reads any JSON-shaped record; a SecurityEvent is one (the product's detector does the same).
const asSigmaEvent = (e: SecurityEvent): SigmaEvent => e as unknown as SigmaEvent;
/** The Sigma engine as a pipeline detector (the product's detector compiles DB-stored rules the same way). */
const sigma: Detector = {
  name: 'sigma',
  detect(event: SecurityEvent): Detection[] {
    const out: Detection[] = [];
    const e = asSigmaEvent(event);
    for (const m of engine.match(e)) {
      out.push({
        kind: 'sigma',
        ruleKey: m.ruleId ?? m.title,
        title: m.title,
        level: m.level ?? 'medium',
        matchedFields: {},
        event,
      });
    }
    for (const c of engine.correlate(e, event['@timestamp'])) {
      out.push({
        kind: 'sigma_correlation',
        ruleKey: c.correlationId ?? c.title,
        title: c.title,
        level: c.level ?? 'medium',
        matchedFields: {},
        event,
      });
    }
    return out;
  },
};

const ingest = createIngestService({
  db,
  dataDir: config.dataDir,
  config: { ...config.ingest, role: true, host: '127.0.0.1' },
  detectors: [sigma],
  recorder: createAlertRecorder(),
  parserFor: createParser,
  reportFinding: async () => {},
  now: () => new Date(),
  log: (m, err) => console.error(m, err),
});
await ingest.start({ ports: { udp: 0, tcp: 0, tls: null }, tailPollMs: 3_600_000 });
const ports = ingest.ports();
process.stdout.write(
  `${JSON.stringify({ ready: true, tcp: ports.tcp, udp: ports.udp, rules: engine.stats.rules, unsupported: engine.unsupported.length })}\n`,
);
/** The process's memory in MiB, printed with every status line: what its RSS is made of. */
export interface ChildMemory {
  rss: number;
  heap: number;
  heapTotal: number;
  /** The receiver thread's JS heap, outside this thread's. */
  receiverHeap: number;
  external: number;
  arrayBuffers: number;
  /** File-backed pages in the RSS (mapped SQLite and journal files). */
  rssFile: number;
}

setInterval(async () => {
  const s = await ingest.status();
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  const memory: ChildMemory = {
    rss: mb(m.rss),
    heap: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    receiverHeap: mb(s.receiverHeapBytes),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    rssFile: Math.round(statusMiB(process.pid, 'RssFile')),
  };
  process.stdout.write(
    `${JSON.stringify({ durable: s.durableSeq, processed: s.processedSeq, dropped: s.droppedSinceStart, memory })}\n`,
  );
}, 200);
process.on('SIGTERM', () => {
  void ingest.stop().then(() => process.exit(0));
});
