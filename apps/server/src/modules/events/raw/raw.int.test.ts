import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource } from '../ingest/ingest.test-support.ts';
import { type RawEventInsert, rawRepository } from './raw.repository.ts';

// The raw event store stays within its bounds: age, count and bytes, oldest first.

let ctx: TestContext;
let w: NoticeWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const row = (
  sourceId: number,
  unitId: number,
  receivedAt: string,
  size: number,
  n: number,
): RawEventInsert => ({
  source_id: sourceId,
  unit_id: unitId,
  ts: receivedAt,
  received_at: receivedAt,
  source_ip: null,
  destination_ip: null,
  host_name: null,
  user_name: null,
  event_action: null,
  url_path: null,
  message: `event ${n}`,
  event: '{}',
  original: '{}',
  raw: `event ${n}`,
  parse_error: null,
  size,
});

async function messages(): Promise<string[]> {
  const rows = await ctx.services.database.db
    .selectFrom('raw_events')
    .select('message')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.message ?? '');
}

describe('raw event store bounds', () => {
  it('deletes by age, then the oldest beyond the count, then the oldest beyond the bytes', async () => {
    const db = ctx.services.database.db;
    const sourceId = await insertSource(ctx, {
      name: 'Bounded',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    const old = '2026-11-01T00:00:00.000Z';
    const recent = '2026-11-21T00:00:00.000Z';
    await rawRepository.insertMany(db, [
      row(sourceId, w.unitA.id, old, 100, 0),
      ...Array.from({ length: 10 }, (_, i) => row(sourceId, w.unitA.id, recent, 100, i + 1)),
    ]);
    const generous = { maxCount: 1000, maxBytes: 1_000_000 };
    expect(await rawRepository.prune(db, { before: '2026-11-14T00:00:00.000Z', ...generous })).toBe(1);
    expect(await messages()).not.toContain('event 0');
    expect(await rawRepository.prune(db, { before: old, maxCount: 6, maxBytes: 1_000_000 })).toBe(4);
    expect(await messages()).toEqual(['event 5', 'event 6', 'event 7', 'event 8', 'event 9', 'event 10']);
    expect(await rawRepository.prune(db, { before: old, maxCount: 1000, maxBytes: 300 })).toBe(3);
    expect(await messages()).toEqual(['event 8', 'event 9', 'event 10']);
    expect(await rawRepository.prune(db, { before: old, ...generous })).toBe(0);
  });
});
