import { sql } from 'kysely';
import type { TestContext } from '../../../../test/harness.ts';
import type { IngestConfig } from '../../../config/config.ts';
import type { Db } from '../../../platform/db/database.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import type { AlertRecorder, Detection, Detector, SecurityEvent } from '../event-schema.ts';
import { createParser } from '../parsers/index.ts';
import { sourcesRepository } from '../sources/sources.repository.ts';
import { createIngestService } from './ingest.service.ts';

/** A detector for tests: every event whose message contains ALERT is a detection. */
export const alertWordDetector: Detector = {
  name: 'test-alert-word',
  detect(event: SecurityEvent): Detection[] {
    const text = event.message ?? JSON.stringify(event.original);
    if (!text.includes('ALERT')) return [];
    return [
      {
        kind: 'sigma',
        ruleKey: 'test-alert',
        title: 'ALERT seen',
        level: 'high',
        matchedFields: { message: text },
        event,
      },
    ];
  },
};

/** A recorder for tests that writes each detection into a real table, inside the pipeline's transaction. */
export async function tableRecorder(
  db: Db,
): Promise<AlertRecorder & { count(): Promise<number>; messages(): Promise<string[]> }> {
  await sql`create table if not exists test_detections (message text not null)`.execute(db);
  return {
    async record(trx, detections) {
      for (const d of detections) {
        await sql`insert into test_detections (message) values (${d.event.message ?? ''})`.execute(trx);
      }
    },
    async count() {
      const r = await sql<{ n: number }>`select count(*) as n from test_detections`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
    async messages() {
      const r = await sql<{ message: string }>`select message from test_detections order by message`.execute(
        db,
      );
      return r.rows.map((x) => x.message);
    },
  };
}

/** An ingest service over the test database with the test detector and a table recorder. */
export async function testIngest(
  ctx: TestContext,
  over: Partial<IngestConfig> = {},
  recorder?: AlertRecorder,
  journalName = 'test',
) {
  const db = ctx.services.database.db;
  const rec = recorder ?? (await tableRecorder(db));
  const reports: unknown[] = [];
  const ingest = createIngestService({
    db,
    dataDir: ctx.dataDir,
    config: { ...ctx.config.ingest, role: false, ...over },
    detectors: [alertWordDetector],
    recorder: rec,
    parserFor: createParser,
    reportFinding: async (r) => {
      reports.push(r);
      return ctx.services.findings.report(systemActor(), r);
    },
    now: () => ctx.clock.now(),
    journalName,
  });
  return { ingest, recorder: rec, reports };
}

/** Inserts a source row directly (the API is tested in sources.int.test.ts). */
export async function insertSource(
  ctx: TestContext,
  v: {
    name: string;
    kind: string;
    unitId: number;
    transport: string;
    allowedSenders?: string[];
    filePath?: string;
    enabled?: boolean;
  },
): Promise<number> {
  const at = ctx.clock.now().toISOString();
  return sourcesRepository.insert(ctx.services.database.db, {
    name: v.name,
    kind: v.kind,
    unit_id: v.unitId,
    asset_id: null,
    transport: v.transport,
    allowed_senders: JSON.stringify(v.allowedSenders ?? []),
    timezone: 'Asia/Shanghai',
    file_path: v.filePath ?? null,
    token_id: null,
    enabled: v.enabled === false ? 0 : 1,
    created_by: null,
    created_at: at,
    updated_at: at,
  });
}
