import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource, tableRecorder, testIngest } from './ingest.test-support.ts';

// HTTP bulk ingest through the real app (services.ingest), the raw event store's search, and the
// pipeline's exactly-once behaviour across a failed transaction and a restart.

let ctx: TestContext;
let w: NoticeWorld;

beforeAll(async () => {
  ctx = await createTestContext({ SHOUWANG_INGEST_HTTP_MAX_MB: '1' });
  w = await noticeWorld(ctx);
});
afterAll(async () => {
  await ctx?.services.ingest.stop();
  await ctx?.close();
});

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': 'en-US' } });

async function httpSource(name: string, kind = 'ndjson', unitId = w.unitA.id, cookie = w.admin.cookie) {
  const res = await call(cookie, 'POST', '/api/v1/events/sources', { name, kind, unitId, transport: 'http' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().source.id as number, token: res.json().token as string };
}

const post = (token: string, payload: string | Buffer, contentType = 'application/x-ndjson') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/events/ingest',
    payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'accept-language': 'en-US' },
  });

const ndjson = (...objs: object[]) => `${objs.map((o) => JSON.stringify(o)).join('\n')}\n`;

describe('HTTP bulk ingest', () => {
  it('answers 202 with counts and per-line errors, and the pipeline stores and counts every record', async () => {
    const src = await httpSource('WAF A');
    const body =
      ndjson(
        {
          '@timestamp': '2026-11-21T10:00:00Z',
          message: 'login failed',
          source: { ip: '203.0.113.9' },
          user: { name: 'root' },
        },
        { '@timestamp': '2026-11-21T10:00:01Z', message: 'blocked sqlmap', 'url.path': '/admin.php' },
      ) +
      '{"message": "truncated\n' +
      ndjson({ '@timestamp': '2026-11-21T10:00:02Z', message: '中文 事件', event: { action: 'deny' } });
    const res = await post(src.token, body);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ sourceId: src.id, accepted: 3, rejected: 1 });
    expect(res.json().errors).toEqual([expect.objectContaining({ index: 3 })]);

    await ctx.services.ingest.drain();
    const detail = await call(w.analyst.cookie, 'GET', `/api/v1/events/sources/${src.id}`);
    expect(detail.json().lastHour).toEqual({ received: 4, parsed: 3, failed: 1, dropped: 0 });
    expect(detail.json().series.at(-1)).toMatchObject({ received: 4, failed: 1 });

    const all = await call(w.analyst.cookie, 'GET', `/api/v1/events/raw?sourceId=${src.id}`);
    expect(all.json().total).toBe(4);
    const failed = await call(w.analyst.cookie, 'GET', `/api/v1/events/raw?sourceId=${src.id}&failed=true`);
    expect(failed.json().items).toEqual([expect.objectContaining({ parseError: expect.any(String) })]);
  });

  it('takes a JSON array and plain lines', async () => {
    const src = await httpSource('Array sender');
    const arr = await post(
      src.token,
      JSON.stringify([{ message: 'one' }, { message: 'two' }]),
      'application/json',
    );
    expect(arr.statusCode, arr.body).toBe(202);
    expect(arr.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const truncated = await post(src.token, '[{"message":"three"},{"message":"fo', 'application/json');
    expect(truncated.json()).toMatchObject({ accepted: 1, rejected: 1 });
    const web = await httpSource('nginx over http', 'access_log');
    const lines = await post(
      web.token,
      '203.0.113.5 - - [21/Nov/2026:10:00:00 +0800] "GET /index.php?id=1%27 HTTP/1.1" 200 512 "-" "sqlmap/1.7"\nnot an access log line\n',
      'text/plain',
    );
    expect(lines.statusCode, lines.body).toBe(202);
    expect(lines.json()).toMatchObject({ accepted: 1, rejected: 1 });
    await ctx.services.ingest.drain();
    const found = await call(w.analyst.cookie, 'GET', `/api/v1/events/raw?sourceId=${web.id}&failed=false`);
    expect(found.json().items[0]).toMatchObject({ sourceIp: '203.0.113.5', urlPath: '/index.php' });
  });

  it('refuses a bad token, a token without the ingest scope, a session, a disabled source and an oversized body', async () => {
    const src = await httpSource('Guarded');
    expect((await post('sw_not-a-real-token', ndjson({ message: 'x' }))).statusCode).toBe(401);
    const tok = await call(w.admin.cookie, 'POST', '/api/v1/tokens', {
      name: 'reader',
      scopes: ['events:read'],
      expiresInDays: 30,
    });
    expect(tok.statusCode, tok.body).toBe(201);
    const wrongScope = await post(tok.json().token ?? tok.json().secret, ndjson({ message: 'x' }));
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().error.code).toBe('token_scope');
    const session = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/events/ingest',
      payload: ndjson({ message: 'x' }),
      headers: { cookie: w.admin.cookie, 'content-type': 'application/x-ndjson' },
    });
    expect(session.statusCode).toBe(403);
    const big = await post(src.token, Buffer.alloc(1024 * 1024 + 10, 0x61));
    expect(big.statusCode).toBe(413);
    await call(w.admin.cookie, 'PATCH', `/api/v1/events/sources/${src.id}`, { enabled: false });
    expect((await post(src.token, ndjson({ message: 'x' }))).statusCode).toBe(403);
  });
});

describe('raw event search', () => {
  it('filters by text, time, source and ECS fields within the caller’s jurisdiction, and shows one event', async () => {
    const a = await httpSource('Search A');
    const b = await httpSource('Search B', 'ndjson', w.unitB.id, w.cityAdmin.cookie);
    await post(
      a.token,
      ndjson(
        {
          '@timestamp': '2026-11-20T08:00:00Z',
          message: 'webshell upload detected',
          source: { ip: '198.51.100.1' },
          vendor: { score: 9 },
        },
        { '@timestamp': '2026-11-21T08:00:00Z', message: 'routine', host: { name: 'web01' } },
      ),
    );
    await post(b.token, ndjson({ '@timestamp': '2026-11-21T08:00:00Z', message: 'webshell elsewhere' }));
    await ctx.services.ingest.drain();

    const text = await call(w.analyst.cookie, 'GET', '/api/v1/events/raw?q=WEBSHELL');
    expect(text.json().items.map((e: { sourceName: string }) => e.sourceName)).toEqual(['Search A']);
    const county = await call(w.cityAdmin.cookie, 'GET', '/api/v1/events/raw?q=webshell');
    expect(county.json().total).toBe(2);
    const time = await call(
      w.analyst.cookie,
      'GET',
      `/api/v1/events/raw?sourceId=${a.id}&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z`,
    );
    expect(time.json().items).toEqual([expect.objectContaining({ hostName: 'web01' })]);
    const ip = await call(w.analyst.cookie, 'GET', '/api/v1/events/raw?sourceIp=198.51.100.1');
    expect(ip.json().total).toBe(1);
    const id = ip.json().items[0].id;
    const detail = await call(w.analyst.cookie, 'GET', `/api/v1/events/raw/${id}`);
    expect(detail.json()).toMatchObject({
      event: { source: { ip: '198.51.100.1' }, message: 'webshell upload detected' },
      original: { vendor: { score: 9 } },
    });
    expect(detail.json().raw).toContain('webshell upload detected');
    expect((await call(w.analystB.cookie, 'GET', `/api/v1/events/raw/${id}`)).statusCode).toBe(404);
    const unitB = await call(w.handlerB.cookie, 'GET', '/api/v1/events/raw?q=webshell');
    expect(unitB.json().items.map((e: { sourceName: string }) => e.sourceName)).toEqual(['Search B']);
  });
});

describe('ingest pipeline', () => {
  it('applies each journaled record exactly once across a failed transaction and restarts', async () => {
    const sourceId = await insertSource(ctx, {
      name: 'Pipeline',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    let failNext = true;
    const realRecorder = await tableRecorder(ctx.services.database.db);
    const flaky = await testIngest(
      ctx,
      {},
      {
        async record(trx, detections, now) {
          await realRecorder.record(trx, detections, now);
          if (failNext) {
            failNext = false;
            throw new Error('database went away');
          }
        },
      },
    );
    const rt = await flaky.ingest.runtime();
    const entries = Array.from({ length: 50 }, (_, i) => ({
      sourceId,
      receivedAt: Date.now(),
      data: JSON.stringify({ message: i % 5 === 0 ? `ALERT ${i}` : `ok ${i}` }),
    }));
    await rt.journal.append(entries);
    await expect(flaky.ingest.drain()).rejects.toThrow(/went away/);
    expect(await realRecorder.count()).toBe(0);
    await flaky.ingest.drain();
    expect(await realRecorder.count()).toBe(10);
    await rt.journal.append(entries.slice(0, 5));
    await flaky.ingest.stop();

    // A restart replays from the checkpoint: only the 5 unprocessed records take effect.
    const again = await testIngest(ctx, {}, realRecorder);
    await again.ingest.drain();
    expect(await realRecorder.count()).toBe(11);
    await again.ingest.stop();
    const third = await testIngest(ctx, {}, realRecorder);
    await third.ingest.drain();
    expect(await realRecorder.count()).toBe(11);
    const stats = await third.ingest.status();
    expect(stats.lag).toBe(0);
    await third.ingest.stop();
  });

  it('skips a record the database refuses even alone, counting it as failed, and goes on', async () => {
    const sourceId = await insertSource(ctx, {
      name: 'Poisoned',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    const inner = await tableRecorder(ctx.services.database.db);
    const before = await inner.count();
    const t = await testIngest(
      ctx,
      {},
      {
        async record(trx, detections, now) {
          if (detections.some((d) => d.event.message?.includes('POISON'))) throw new Error('refused');
          await inner.record(trx, detections, now);
        },
      },
      'poison',
    );
    await t.ingest.start();
    const rt = await t.ingest.runtime();
    await rt.journal.append(
      ['ALERT one', 'ok', 'ALERT POISON', 'ok', 'ALERT two'].map((m) => ({
        sourceId,
        receivedAt: Date.now(),
        data: JSON.stringify({ message: m }),
      })),
    );
    const until = Date.now() + 20_000;
    while ((await t.ingest.status()).lag > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    await t.ingest.stop();
    expect(await inner.count()).toBe(before + 2);
    const detail = await call(w.analyst.cookie, 'GET', `/api/v1/events/sources/${sourceId}`);
    expect(detail.json().lastHour).toMatchObject({ received: 5, parsed: 4, failed: 1 });
  }, 30_000);
});
