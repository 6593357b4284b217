import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource } from '../ingest/ingest.test-support.ts';
import { type RawEventInsert, rawRepository } from './raw.repository.ts';

// The raw event store stays within its bounds (age, count and bytes, oldest first); one event's detail
// answers only within the caller's jurisdiction (404 otherwise).

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

const get = (cookie: string, url: string) =>
  ctx.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': 'en-US' } });

/** Inserts one event and answers its id. */
async function insertOne(sourceId: number, unitId: number, message: string): Promise<number> {
  const db = ctx.services.database.db;
  await rawRepository.insertMany(db, [
    { ...row(sourceId, unitId, '2026-11-21T08:00:00.000Z', 10, 0), message },
  ]);
  const r = await db
    .selectFrom('raw_events')
    .select('id')
    .where('message', '=', message)
    .executeTakeFirstOrThrow();
  return r.id;
}

async function regionPathOf(unitId: number): Promise<{ regionId: number; regionPath: string }> {
  const r = await ctx.services.database.db
    .selectFrom('units')
    .innerJoin('regions', 'regions.id', 'units.region_id')
    .select(['regions.id', 'regions.path'])
    .where('units.id', '=', unitId)
    .executeTakeFirstOrThrow();
  return { regionId: r.id, regionPath: r.path };
}

describe('raw event detail', () => {
  it('answers an event inside the caller’s jurisdiction and 404 outside it', async () => {
    const countyA = await ctx.services.database.db
      .selectFrom('regions')
      .selectAll()
      .where('id', '=', w.unitA.region_id)
      .executeTakeFirstOrThrow();
    const unitA2 = await buildUnit(ctx, countyA, { name: 'Unit A2' });
    const src = async (name: string, unitId: number) =>
      insertSource(ctx, { name, kind: 'ndjson', unitId, transport: 'http' });
    const inA = await insertOne(await src('Detail A', w.unitA.id), w.unitA.id, 'detail in unit A');
    const inA2 = await insertOne(await src('Detail A2', unitA2.id), unitA2.id, 'detail in unit A2');
    const inB = await insertOne(await src('Detail B', w.unitB.id), w.unitB.id, 'detail in unit B');

    const status = async (cookie: string, id: number) =>
      (await get(cookie, `/api/v1/events/raw/${id}`)).statusCode;
    // Office roles: their region's subtree.
    expect(await status(w.analyst.cookie, inA)).toBe(200);
    expect(await status(w.analyst.cookie, inA2)).toBe(200);
    expect(await status(w.analyst.cookie, inB)).toBe(404);
    expect(await status(w.analystB.cookie, inA)).toBe(404);
    expect(await status(w.cityAdmin.cookie, inB)).toBe(200);
    // Unit roles: their own unit only, even within the same county.
    expect(await status(w.handler.cookie, inA)).toBe(200);
    expect(await status(w.handler.cookie, inA2)).toBe(404);
    expect(await status(w.handlerB.cookie, inB)).toBe(200);
    // An invisible event answers exactly as a missing one.
    const missing = await get(w.analyst.cookie, '/api/v1/events/raw/99999999');
    const hidden = await get(w.analyst.cookie, `/api/v1/events/raw/${inB}`);
    expect(hidden.statusCode).toBe(missing.statusCode);
    expect(hidden.json().error).toEqual(missing.json().error);
    const shown = await get(w.handler.cookie, `/api/v1/events/raw/${inA}`);
    expect(shown.json()).toMatchObject({ id: inA, message: 'detail in unit A', unitId: w.unitA.id });
  });

  it('applies the jurisdiction in the query itself: an invisible row is never loaded', async () => {
    const db = ctx.services.database.db;
    const sourceId = await insertSource(ctx, {
      name: 'Repo B',
      kind: 'ndjson',
      unitId: w.unitB.id,
      transport: 'http',
    });
    const id = await insertOne(sourceId, w.unitB.id, 'repository check in unit B');
    const b = await regionPathOf(w.unitB.id);
    const a = await regionPathOf(w.unitA.id);
    const officeA = { ...systemActor(a.regionPath), role: 'analyst' as const, regionId: a.regionId };
    const officeB = { ...systemActor(b.regionPath), role: 'analyst' as const, regionId: b.regionId };
    const unitB = { ...officeB, role: 'unit_handler' as const, unitId: w.unitB.id };
    const unitA = { ...officeA, role: 'unit_handler' as const, unitId: w.unitA.id };
    expect(await rawRepository.findVisible(db, officeA, id)).toBeUndefined();
    expect(await rawRepository.findVisible(db, unitA, id)).toBeUndefined();
    expect((await rawRepository.findVisible(db, officeB, id))?.message).toBe('repository check in unit B');
    expect((await rawRepository.findVisible(db, unitB, id))?.message).toBe('repository check in unit B');
  });
});
