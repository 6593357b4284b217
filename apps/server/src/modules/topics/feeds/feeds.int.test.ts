import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type LocalServer, startHttpServer } from '../../monitoring/fetch/fetch.test-support.ts';
import { api, type TopicWorld, topicWorld } from '../topics.test-support.ts';
import { MAX_FEED_BYTES } from './feed-poll.ts';
import { createFeedsService } from './feeds.service.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>江川发布</title>
<item><title>东湖街道今日停水通知</title><link>https://gov.example/1</link><guid>n-1</guid>
<description><![CDATA[<p>因管网抢修，东湖街道 <b>9:00-18:00</b> 停水。</p>]]></description><pubDate>Sat, 21 Nov 2026 01:00:00 GMT</pubDate></item>
<item><title>临河区开展防汛演练</title><link>https://gov.example/2</link><guid>n-2</guid><description>演练顺利完成</description></item>
<item><title></title><description></description></item>
</channel></rss>`;
const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>青山县融媒</title>
<entry><id>tag:qs,2026:1</id><title>青山镇道路施工提醒</title><link href="https://qs.example/a"/><updated>2026-11-21T02:00:00Z</updated><summary>青山镇主干道施工</summary></entry>
</feed>`;
const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: '白石县发布',
  items: [
    {
      id: 'j1',
      title: '白石镇供暖检修',
      content_text: '白石镇部分小区暂停供暖',
      url: 'https://bs.example/j1',
      date_published: '2026-11-21T03:00:00Z',
    },
    { id: 'j2', content_html: '<p>龙泉镇集市搬迁</p>' },
    'not an item',
  ],
});

describe('topic feeds against a local feed server', () => {
  let ctx: TestContext;
  let w: TopicWorld;
  let server: LocalServer;
  let call: ReturnType<typeof api>;
  const hits: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestContext({ SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8' });
    w = await topicWorld(ctx);
    call = api(ctx);
    server = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      hits[path] = (hits[path] ?? 0) + 1;
      if (path === '/rss') {
        if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
        return res
          .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' })
          .end(RSS);
      }
      if (path === '/atom') {
        const lm = 'Sat, 21 Nov 2026 02:00:00 GMT';
        if (req.headers['if-modified-since'] === lm) return res.writeHead(304).end();
        return res.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': lm }).end(ATOM);
      }
      if (path === '/json')
        return res.writeHead(200, { 'content-type': 'application/feed+json' }).end(JSON_FEED);
      if (path === '/broken')
        return res.writeHead(200, { 'content-type': 'application/xml' }).end(RSS.slice(0, 300));
      if (path === '/html')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>首页</body></html>');
      if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const item = `<item><title>${'长'.repeat(200)}</title><description>${'文'.repeat(2000)}</description></item>`;
        res.write('<rss version="2.0"><channel>');
        const chunk = item.repeat(100);
        let sent = 0;
        const pump = () => {
          while (sent < MAX_FEED_BYTES * 2) {
            sent += Buffer.byteLength(chunk);
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('</channel></rss>');
        };
        pump();
        return;
      }
      if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (path === '/gone') return res.writeHead(410).end('gone');
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  async function addFeed(name: string, path: string) {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/topic-feeds', {
      name,
      url: `${server.url}${path}`,
      regionId: w.countyA.id,
      intervalMinutes: 30,
      enabled: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: number; nextPollAt: string };
  }
  const poll = async (id: number) =>
    (await call(w.analyst.cookie, 'POST', `/api/v1/topic-feeds/${id}/poll`)).json();
  const feed = async (id: number) =>
    (await call(w.analyst.cookie, 'GET', `/api/v1/topic-feeds/${id}`)).json();
  const itemsOf = (feedId: number) =>
    ctx.services.database.db
      .selectFrom('topic_items')
      .selectAll()
      .where('feed_id', '=', feedId)
      .orderBy('id')
      .execute();

  it('reads RSS 2.0, keeps entries once, and sends If-None-Match next time (304)', async () => {
    const f = await addFeed('江川发布', '/rss');
    const first = await poll(f.id);
    expect(first).toMatchObject({ status: 'ok', httpStatus: 200, newItems: 2, entries: 2 });
    expect(first.error).toMatch(/1 entries/);
    const items = await itemsOf(f.id);
    expect(items.map((i) => i.title)).toEqual(['东湖街道今日停水通知', '临河区开展防汛演练']);
    expect(items[0]?.text).toContain('9:00-18:00 停水');
    expect(items[0]?.text).not.toContain('<b>');
    expect(items[0]).toMatchObject({
      url: 'https://gov.example/1',
      occurred_at: '2026-11-21T01:00:00.000Z',
      source_kind: 'feed',
      region_id: w.countyA.id,
    });
    const second = await poll(f.id);
    expect(second).toMatchObject({ status: 'not_modified', httpStatus: 304, newItems: 0 });
    expect((await itemsOf(f.id)).length).toBe(2);
    const health = await feed(f.id);
    expect(health).toMatchObject({
      lastStatus: 'not_modified',
      format: 'rss',
      itemsTotal: 2,
      failures: 0,
      lastItemCount: 2,
    });
  });

  it('reads Atom with If-Modified-Since, and JSON Feed', async () => {
    const atom = await addFeed('青山县融媒', '/atom');
    expect(await poll(atom.id)).toMatchObject({ status: 'ok', newItems: 1 });
    expect(await poll(atom.id)).toMatchObject({ status: 'not_modified' });
    expect((await itemsOf(atom.id))[0]).toMatchObject({
      title: '青山镇道路施工提醒',
      url: 'https://qs.example/a',
    });

    const json = await addFeed('白石县发布', '/json');
    const r = await poll(json.id);
    expect(r).toMatchObject({ status: 'ok', newItems: 2, entries: 2 });
    expect((await itemsOf(json.id)).map((i) => i.title)).toEqual(['白石镇供暖检修', '龙泉镇集市搬迁']);
    expect((await feed(json.id)).format).toBe('json');
  });

  it('refuses malformed XML, a page that is no feed, a huge feed and a redirect loop, each with its reason and backoff', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/broken', /malformed XML/],
      ['/html', /not an RSS or Atom feed/],
      ['/huge', /too_large/],
      ['/loop', /too_many_redirects/],
      ['/gone', /HTTP 410/],
    ];
    for (const [path, reason] of cases) {
      const f = await addFeed(`bad ${path}`, path);
      const before = Date.now();
      const r = await poll(f.id);
      expect(r.status, path).toBe('error');
      expect(r.error, path).toMatch(reason);
      expect(await itemsOf(f.id)).toEqual([]);
      const health = await feed(f.id);
      expect(health).toMatchObject({ lastStatus: 'error', failures: 1 });
      // The first failure waits twice the interval.
      const wait = Date.parse(health.nextPollAt) - before;
      expect(wait).toBeGreaterThan(55 * 60_000);
      expect(wait).toBeLessThan(62 * 60_000);
      const again = await poll(f.id);
      expect(again.status).toBe('error');
      expect((await feed(f.id)).failures).toBe(2);
    }
  });

  it('polls due feeds from the job layer and not the others', async () => {
    const f = await addFeed('due', '/json');
    const before = hits['/json'] ?? 0;
    const polled = await ctx.services.topics.feeds.pollDue();
    expect(polled).toBeGreaterThanOrEqual(1);
    expect(hits['/json']).toBe(before + 1);
    expect((await feed(f.id)).lastStatus).toBe('ok');
    // Nothing is due now: the next tick polls nothing.
    expect(await ctx.services.topics.feeds.pollDue()).toBe(0);
  });

  it('goes through the SSRF guard: loopback is refused unless the office allowed it', async () => {
    const guarded = createFeedsService({ db: ctx.services.database.db, now: () => ctx.clock.now() });
    const f = await addFeed('loopback', '/rss');
    const r = await guarded.pollNow(
      { ...(await import('../../../platform/http/actor.ts')).systemActor('/') },
      f.id,
    );
    expect(r).toMatchObject({ status: 'error' });
    expect(r.error).toMatch(/forbidden_address/);
    const bad = await call(w.analyst.cookie, 'POST', '/api/v1/topic-feeds', {
      name: 'x',
      url: 'file:///etc/passwd',
      regionId: w.countyA.id,
      intervalMinutes: 30,
      enabled: true,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('feeds its items to the pipeline', async () => {
    const r = await ctx.services.topics.engine.runUntilIdle();
    expect(r.processed).toBeGreaterThanOrEqual(5);
    const processed = await ctx.services.database.db
      .selectFrom('topic_items')
      .select(['processed', 'topic_id'])
      .where('source_kind', '=', 'feed')
      .execute();
    expect(processed.every((i) => i.processed === 1 && i.topic_id !== null)).toBe(true);
  });

  it('searches feeds by name or address, case-insensitively and with % taken literally', async () => {
    await addFeed('Search Probe Feed', '/search-probe');
    const names = async (q: string) =>
      (
        (await call(w.analyst.cookie, 'GET', `/api/v1/topic-feeds?q=${encodeURIComponent(q)}`)).json() as {
          items: Array<{ name: string }>;
        }
      ).items.map((i) => i.name);
    expect(await names('search probe')).toEqual(['Search Probe Feed']);
    expect(await names('SEARCH-PROBE')).toEqual(['Search Probe Feed']);
    expect(await names('%')).toEqual([]);
  });
});
