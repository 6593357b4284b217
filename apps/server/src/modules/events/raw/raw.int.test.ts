import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import type { SecurityEvent } from '../event-schema.ts';
import { insertSource } from '../ingest/ingest.test-support.ts';
import { rawRowOf } from '../ingest/pipeline.ts';
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

describe('raw event search filters', () => {
  it('filters by host, user, action and destination IP (exact values), each alone and combined', async () => {
    const db = ctx.services.database.db;
    const sourceA = await insertSource(ctx, {
      name: 'Filters A',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    const sourceB = await insertSource(ctx, {
      name: 'Filters B',
      kind: 'ndjson',
      unitId: w.unitB.id,
      transport: 'http',
    });
    // Rows as the pipeline writes them (rawRowOf), so the columns searched are those ingest fills.
    const rec = (sourceId: number, data: string) => ({ seq: 1, sourceId, receivedAt: Date.parse(at), data });
    const at = '2026-11-21T09:00:00.000Z';
    const event = (sourceId: number, unitId: number, message: string, over: Partial<SecurityEvent>) =>
      rawRowOf(
        {
          '@timestamp': at,
          logsource: {},
          shouwang: { sourceId, unitId, assetId: null, receivedAt: at },
          original: {},
          message,
          ...over,
        },
        rec(sourceId, message),
      );
    await rawRepository.insertMany(db, [
      event(sourceA, w.unitA.id, 'f1', {
        host: { name: 'web01' },
        user: { name: 'alice' },
        event: { action: 'logon-failed' },
        destination: { ip: '10.20.0.5' },
      }),
      event(sourceA, w.unitA.id, 'f2', {
        host: { name: 'web02' },
        user: { name: 'alice' },
        event: { action: 'logon' },
        destination: { ip: '10.20.0.6' },
      }),
      event(sourceA, w.unitA.id, 'f3', {
        host: { name: 'web01' },
        user: { name: 'bob' },
        event: { action: 'logon' },
        destination: { ip: '2001:db8::5' },
      }),
      event(sourceA, w.unitA.id, 'f4', { message: 'f4' }),
      // The same values in another county: never found by county A's analyst.
      event(sourceB, w.unitB.id, 'f5', {
        host: { name: 'web01' },
        user: { name: 'alice' },
        event: { action: 'logon' },
        destination: { ip: '10.20.0.5' },
      }),
    ]);
    const search = async (query: string, cookie = w.analyst.cookie) => {
      const res = await get(cookie, `/api/v1/events/raw?sourceId=${sourceA}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { message: string }[]).map((e) => e.message).sort();
    };
    expect(await search('hostName=web01')).toEqual(['f1', 'f3']);
    expect(await search('hostName=web0')).toEqual([]); // exact, not a prefix
    expect(await search('userName=alice')).toEqual(['f1', 'f2']);
    expect(await search('eventAction=logon')).toEqual(['f2', 'f3']);
    expect(await search('eventAction=logon-failed')).toEqual(['f1']);
    expect(await search('destinationIp=10.20.0.5')).toEqual(['f1']);
    expect(await search(`destinationIp=${encodeURIComponent('2001:db8::5')}`)).toEqual(['f3']);
    expect(await search('hostName=web01&userName=alice')).toEqual(['f1']);
    expect(await search('hostName=web01&eventAction=logon&destinationIp=2001:db8::5')).toEqual(['f3']);
    expect(await search('userName=alice&eventAction=logon&hostName=web01')).toEqual([]);

    // Without the source filter, the jurisdiction still bounds every field filter.
    const all = async (query: string, cookie: string) =>
      ((await get(cookie, `/api/v1/events/raw?${query}`)).json().items as { message: string }[])
        .map((e) => e.message)
        .filter((m) => /^f\d$/.test(m))
        .sort();
    expect(await all('destinationIp=10.20.0.5', w.analyst.cookie)).toEqual(['f1']);
    expect(await all('destinationIp=10.20.0.5', w.cityAdmin.cookie)).toEqual(['f1', 'f5']);
    expect(await all('hostName=web01&userName=alice', w.handlerB.cookie)).toEqual(['f5']);
    expect(await all('eventAction=logon', w.analystB.cookie)).toEqual(['f5']);
  });

  it('takes time bounds in any ISO 8601 form: an event exactly at `from` is inside, one at `to` outside', async () => {
    const db = ctx.services.database.db;
    const sourceId = await insertSource(ctx, {
      name: 'Bounds',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    await rawRepository.insertMany(db, [
      row(sourceId, w.unitA.id, '2026-11-19T00:00:00.000Z', 10, 100),
      row(sourceId, w.unitA.id, '2026-11-19T12:00:00.000Z', 10, 101),
      row(sourceId, w.unitA.id, '2026-11-20T00:00:00.000Z', 10, 102),
    ]);
    const messagesIn = async (from: string, to: string) =>
      (
        (
          await get(
            w.analyst.cookie,
            `/api/v1/events/raw?sourceId=${sourceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
          )
        ).json().items as { message: string }[]
      )
        .map((e) => e.message)
        .sort();
    expect(await messagesIn('2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z')).toEqual([
      'event 100',
      'event 101',
    ]);
    expect(await messagesIn('2026-11-19T08:00:00+08:00', '2026-11-20T08:00:00+08:00')).toEqual([
      'event 100',
      'event 101',
    ]);
  });
});
