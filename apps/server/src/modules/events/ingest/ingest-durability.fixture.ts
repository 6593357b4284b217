// A child process for the kill -9 durability test: opens the test database, runs an ingest service with
// the test detector and a table recorder, listens for syslog over TCP on a free port, and prints its
// journal position every few milliseconds as JSON lines ({"durable": n, "processed": m}).
import { loadConfig } from '../../../config/config.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import { createParser } from '../parsers/index.ts';
import { createIngestService } from './ingest.service.ts';
import { alertWordDetector, tableRecorder } from './ingest.test-support.ts';

const env = process.env;
const database = openDatabase({
  databaseUrl: env.FIX_DATABASE_URL || null,
  sqlitePath: env.FIX_SQLITE_PATH ?? '',
});
const recorder = await tableRecorder(database.db);
const config = loadConfig({ SHOUWANG_DATA_DIR: env.FIX_DATA_DIR ?? '', LOG_LEVEL: 'silent' });
const ingest = createIngestService({
  db: database.db,
  dataDir: config.dataDir,
  config: { ...config.ingest, role: true, host: '127.0.0.1' },
  detectors: [alertWordDetector],
  recorder,
  parserFor: createParser,
  reportFinding: async () => {},
  now: () => new Date(),
  journalName: 'durability',
  log: (m, err) => console.error(m, err),
});
await ingest.start({ ports: { udp: null, tcp: 0, tls: null }, tailPollMs: 3_600_000 });
process.stdout.write(`${JSON.stringify({ ready: true, tcp: ingest.ports().tcp })}\n`);
setInterval(async () => {
  const s = await ingest.status();
  process.stdout.write(`${JSON.stringify({ durable: s.durableSeq, processed: s.processedSeq })}\n`);
}, 5);
