import {
  InsertQueryNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  ValuesNode,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource } from '../ingest/ingest.test-support.ts';
import { type RawEventInsert, rawRepository } from './raw.repository.ts';

// The pipeline inserts batches of any size; the statements doing it come in a few fixed row counts, so the
// SQLite statement cache keeps a handful of texts instead of one per row count (each 500-row statement
// holds about 2 MB of native memory, which the ingest process used to pile up).

let ctx: TestContext;
let w: NoticeWorld;
let sourceId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  sourceId = await insertSource(ctx, {
    name: 'Rows',
    kind: 'syslog',
    unitId: w.unitA.id,
    transport: 'syslog_udp',
  });
});
afterAll(async () => {
  await ctx?.close();
});

/** Records the row count of every multi-row insert Kysely runs. */
function rowCounts(): KyselyPlugin & { seen: number[] } {
  const seen: number[] = [];
  return {
    seen,
    transformQuery({ node }: PluginTransformQueryArgs) {
      if (InsertQueryNode.is(node) && node.values && ValuesNode.is(node.values))
        seen.push(node.values.values.length);
      return node;
    },
    async transformResult({ result }: PluginTransformResultArgs) {
      return result;
    },
  };
}

const row = (i: number): RawEventInsert => {
  const at = new Date(Date.UTC(2026, 10, 21, 10, 0, 0, i)).toISOString();
  return {
    source_id: sourceId,
    unit_id: w.unitA.id,
    ts: at,
    received_at: at,
    source_ip: null,
    destination_ip: null,
    host_name: null,
    user_name: null,
    event_action: null,
    url_path: null,
    message: `row ${i}`,
    event: '{}',
    original: '{}',
    raw: `row ${i}`,
    parse_error: null,
    size: 10,
  };
};

describe('raw event inserts', () => {
  it('store batches of any size with statements of a few fixed row counts', async () => {
    const plugin = rowCounts();
    const db = ctx.services.database.db.withPlugin(plugin);
    let next = 0;
    for (const size of [1, 7, 437, 1234, 2000]) {
      await rawRepository.insertMany(
        db,
        Array.from({ length: size }, () => row(next++)),
      );
    }
    expect(new Set(plugin.seen)).toEqual(new Set([500, 100, 20, 5, 1]));
    // 437 = 4 x 100 + 20 + 3 x 5 + 2 x 1: ten statements, not one per row count.
    expect(plugin.seen.reduce((a, b) => a + b, 0)).toBe(next);
    const stored = await ctx.services.database.db
      .selectFrom('raw_events')
      .select('message')
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute();
    expect(stored.map((r) => r.message)).toEqual(Array.from({ length: next }, (_, i) => `row ${i}`));
  });
});
