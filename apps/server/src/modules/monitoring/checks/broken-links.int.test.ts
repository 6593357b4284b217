import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check-types.ts';
import { LOOPBACK, type LocalServer, startHttpServer } from '../fetch/fetch.test-support.ts';
import { checkBrokenLinks, clearLinkCache } from './broken-links.ts';

// No database involved: run once, in the SQLite project.
const describeOnce = describe.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');

describeOnce('broken links', () => {
  let server: LocalServer;
  const asked = new Map<string, number>();
  let clock = Date.parse('2026-11-21T08:00:00Z');
  let repaired = false;
  const ctx = (): CheckContext => ({
    url: `${server.url}/`,
    isHomepage: true,
    fetchOptions: { allowedNetworks: LOOPBACK, timeouts: { total: 5_000, firstByte: 2_000 } },
    now: () => new Date(clock),
  });
  const links = () => [`${server.url}/ok`, `${server.url}/gone`, `${server.url}/ok#top`];

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      const path = req.url ?? '/';
      asked.set(path, (asked.get(path) ?? 0) + 1);
      res.writeHead(path === '/gone' && !repaired ? 404 : 200, { 'content-type': 'text/html' });
      res.end();
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clearLinkCache();
    asked.clear();
    repaired = false;
  });

  it('reports broken links, asks healthy ones again only after 15 minutes, broken ones every run', async () => {
    const first = await checkBrokenLinks(ctx(), links());
    expect(first).toHaveLength(1);
    expect(first[0]?.evidence).toMatchObject({
      checked: 2,
      broken: [{ url: `${server.url}/gone`, status: 404 }],
    });
    expect(Object.fromEntries(asked)).toEqual({ '/ok': 1, '/gone': 1 });

    clock += 60_000;
    const second = await checkBrokenLinks(ctx(), links());
    expect(second[0]?.evidence).toMatchObject({ checked: 2 });
    expect(Object.fromEntries(asked)).toEqual({ '/ok': 1, '/gone': 2 });

    // Repaired: the next run sees it at once.
    repaired = true;
    clock += 60_000;
    expect(await checkBrokenLinks(ctx(), links())).toEqual([]);
    expect(asked.get('/gone')).toBe(3);

    clock += 15 * 60_000;
    await checkBrokenLinks(ctx(), links());
    expect(asked.get('/ok')).toBe(2);
  });

  it('asks every link every time when re-use is off', async () => {
    await checkBrokenLinks(ctx(), links(), { reuseHealthyMs: 0 });
    await checkBrokenLinks(ctx(), links(), { reuseHealthyMs: 0 });
    expect(Object.fromEntries(asked)).toEqual({ '/ok': 2, '/gone': 2 });
  });
});
