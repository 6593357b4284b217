// A child process for the kill -9 durability test: opens the test database, runs an ingest service with
// the test detector and a table recorder, listens for syslog over TCP on a free port and serves the real
// HTTP bulk route (POST /api/v1/events/ingest, source tokens) on another, and prints its journal position
// every few milliseconds as JSON lines ({"durable", "processed", "appended", "pending", "rss"}).
import { createInterface } from 'node:readline';
import { loadConfig } from '../../../config/config.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import { buildApp } from '../../../platform/http/app.ts';
import { createAuthenticator } from '../../auth/authenticator.ts';
import { createSessions } from '../../auth/session.ts';
import { createTokensService } from '../../tokens/tokens.service.ts';
import { createParser } from '../parsers/index.ts';
import { ingestRoutes } from './ingest.routes.ts';
import { createIngestService } from './ingest.service.ts';
import { alertWordDetector, tableRecorder } from './ingest.test-support.ts';

const env = process.env;
const database = openDatabase({
  databaseUrl: env.FIX_DATABASE_URL || null,
  sqlitePath: env.FIX_SQLITE_PATH ?? '',
});
const recorder = await tableRecorder(database.db);
const config = loadConfig({
  SHOUWANG_DATA_DIR: env.FIX_DATA_DIR ?? '',
  LOG_LEVEL: 'silent',
  ...(env.FIX_MAX_LAG ? { SHOUWANG_INGEST_MAX_LAG: env.FIX_MAX_LAG } : {}),
});
const now = () => new Date();
const ingest = createIngestService({
  db: database.db,
  dataDir: config.dataDir,
  config: { ...config.ingest, role: true, host: '127.0.0.1' },
  detectors: [alertWordDetector],
  recorder,
  parserFor: createParser,
  reportFinding: async () => {},
  now,
  journalName: 'durability',
  log: (m, err) => console.error(m, err),
});
await ingest.start({ ports: { udp: null, tcp: 0, tls: null }, tailPollMs: 3_600_000 });
const rt = await ingest.runtime();
// FIX_PIPELINE_PAUSED: the pipeline waits for a `resume` line on stdin, so the lag can grow deep at once.
if (env.FIX_PIPELINE_PAUSED) {
  await rt.pipeline.stop();
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'resume') rt.pipeline.start();
  });
}
const app = await buildApp({
  config,
  authenticator: createAuthenticator(
    createSessions(database.db, config, now),
    createTokensService(database.db, now).resolver,
  ),
  registerRoutes: (a) => ingestRoutes(a, ingest, config.ingest.httpMaxBytes),
  logger: false,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const http = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ ready: true, tcp: ingest.ports().tcp, http })}\n`);
/** The process's memory and what it is made of (bytes). */
function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}
setInterval(async () => {
  const s = await ingest.status();
  // appended: records handed to the journal, durable or not (with `processed`, what back-pressure counts);
  // pending: bytes appended and not yet durable.
  process.stdout.write(
    `${JSON.stringify({ durable: s.durableSeq, processed: s.processedSeq, appended: s.appendedSeq, pending: s.pendingBytes, ...memory() })}\n`,
  );
}, 5);
