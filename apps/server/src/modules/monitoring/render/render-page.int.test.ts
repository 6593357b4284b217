import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzePageContent } from '../analyzers/page-findings.ts';
import { buildPageModel } from '../analyzers/page-model.ts';
import { type ChromiumPool, createChromiumPool } from './chromium-pool.ts';
import {
  BELOW_FOLD_HREF,
  describeWithChromium,
  ENDLESS_LOOP_PAGE,
  OBFUSCATED_HREF,
  TECHNIQUE_LINKS,
  TECHNIQUES_PAGE,
  VISIBLE_HREF,
} from './render.test-support.ts';
import { renderedEvidence } from './render-evidence.ts';
import { renderPage } from './render-page.ts';
import { renderSignalOf } from './render-signal.ts';

interface Listening {
  url: string;
  /** TCP connections the server accepted. */
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

async function listen(
  host: string,
  handler: (req: IncomingMessage, res: ServerResponse, self: Listening) => void,
): Promise<Listening> {
  const self: Listening = { url: '', connections: 0, requests: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    self.requests.push(`${req.method} ${req.url}`);
    handler(req, res, self);
  });
  server.on('connection', () => {
    self.connections += 1;
  });
  // Upgrades (WebSocket) count as connections too; answer none.
  server.on('upgrade', (_req, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  self.url = `http://${host}:${port}`;
  self.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return self;
}

const html = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
};

describeWithChromium(
  'rendering pass in headless Chromium',
  (chromium) => {
    let pool: ChromiumPool;
    let site: Listening;
    /** A second loopback address the policy forbids: nothing may ever reach it. */
    let forbidden: Listening;
    const allowed = { allowedNetworks: ['127.0.0.1/32'] };

    beforeAll(async () => {
      pool = createChromiumPool({ executablePath: chromium, concurrency: 1, warn: () => {} });
      forbidden = await listen('127.0.0.2', (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('not an image');
      });
      const f = forbidden.url;
      site = await listen('127.0.0.1', (req, res) => {
        const path = req.url ?? '/';
        if (path === '/techniques') return html(res, TECHNIQUES_PAGE);
        if (path === '/loop') return html(res, ENDLESS_LOOP_PAGE);
        if (path === '/to-forbidden') {
          res.writeHead(302, { location: `${f}/redirected` });
          return res.end();
        }
        if (path === '/huge') {
          return html(
            res,
            '<p>big</p><script>var h="";for(var i=0;i<20000;i++)h+=\'<a href="http://x\'+i+\'.example/">x</a>\';' +
              'document.body.insertAdjacentHTML("beforeend",h);</script>',
          );
        }
        if (path === '/ssrf') {
          return html(
            res,
            '<p>政务公开</p>' +
              `<img src="${f}/img.png"><iframe src="${f}/frame"></iframe>` +
              `<script src="${f}/x.js"></script><link rel="stylesheet" href="${f}/x.css">` +
              `<img src="/to-forbidden"><img src="http://evil.test:${new URL(f).port}/by-name.png">` +
              `<script>fetch("${f}/fetch").catch(function(){});` +
              `try{new WebSocket("ws://${new URL(f).host}/ws")}catch(e){}` +
              `navigator.sendBeacon&&navigator.sendBeacon("/beacon","x");</script>` +
              `<form id="f" method="post" action="/post"><input name="a" value="1"></form>` +
              '<a href="http://www.gov.cn/">中国政府网</a>',
          );
        }
        res.writeHead(404);
        res.end();
      });
    });
    afterAll(async () => {
      await pool?.close();
      await site?.close();
      await forbidden?.close();
    });

    it('sees every hiding technique as the browser renders it, and the link a disguised script writes', async () => {
      const url = `${site.url}/techniques`;
      const render = await renderPage(pool, url, { fetchOptions: allowed, timeoutMs: 30_000 });
      expect(render.outcome, render.error ?? '').toBe('ok');
      const byHost = new Map(render.links.map((l) => [new URL(l.href).host, l]));
      for (const [host, t] of Object.entries(TECHNIQUE_LINKS)) {
        expect(byHost.get(host)?.reasons, host).toContain(t.reason);
      }
      expect(render.links.find((l) => l.href === VISIBLE_HREF)?.reasons).toEqual([]);
      expect(render.links.find((l) => l.href === BELOW_FOLD_HREF)?.reasons).toEqual([]);
      expect(render.links.find((l) => l.href === OBFUSCATED_HREF)?.reasons).toEqual(['display_none']);
      expect(render.screenshot?.png.subarray(1, 4).toString()).toBe('PNG');
      expect(render.screenshot?.width).toBe(1366);

      // The static pass finds the CSS-hidden links but not the scripted one; it flags the script instead.
      const analysis = analyzePageContent(TECHNIQUES_PAGE, url, { isHomepage: true });
      expect(analysis.hiddenLinks.map((h) => h.href)).not.toContain(OBFUSCATED_HREF);
      const opaque = buildPageModel(TECHNIQUES_PAGE, url).scripts.flatMap((x) =>
        x.opaque && x.inlineHash ? [x.inlineHash] : [],
      );
      expect(opaque).toHaveLength(1);
      const signal = renderSignalOf(analysis.findings, opaque);
      expect(signal?.reasons).toEqual(expect.arrayContaining(['hidden_links', 'opaque_script']));
      const evidence = renderedEvidence(render, signal?.staticHidden ?? [], {
        renderId: 1,
        renderedAt: new Date().toISOString(),
        screenshotFileId: 1,
      });
      const scripted = evidence.hiddenLinks.find((h) => h.href === OBFUSCATED_HREF);
      expect(scripted).toMatchObject({ staticAlso: false, suspicion: 'outbound_and_keyword' });
      expect(evidence.hiddenLinks.find((h) => h.href === 'http://display-none.example/')?.staticAlso).toBe(
        true,
      );
      expect(evidence.scriptOnly).toBeGreaterThanOrEqual(1);
      expect(evidence.visibleLinks).toBeGreaterThanOrEqual(2);
    });

    it('never lets a page reach a forbidden address: subresources, redirects, names, frames, sockets', async () => {
      const render = await renderPage(pool, `${site.url}/ssrf`, {
        fetchOptions: {
          ...allowed,
          // evil.test resolves to the forbidden address: it is vetted after resolution, like any name.
          resolver: async (host) => (host === 'evil.test' ? ['127.0.0.2'] : ['127.0.0.1']),
        },
        timeoutMs: 30_000,
      });
      expect(render.outcome, render.error ?? '').toBe('ok');
      await new Promise((r) => setTimeout(r, 300));
      expect(forbidden.connections).toBe(0);
      expect(forbidden.requests).toEqual([]);
      const blocked = render.blocked.map((b) => b.url);
      expect(blocked).toEqual(
        expect.arrayContaining([
          `${forbidden.url}/img.png`,
          `${forbidden.url}/frame`,
          `${forbidden.url}/fetch`,
          `${site.url}/to-forbidden`,
        ]),
      );
      expect(blocked.some((u) => u.startsWith('http://evil.test:'))).toBe(true);
      expect(render.blocked.find((b) => b.url === `${forbidden.url}/img.png`)?.reason).toMatch(/loopback/);
      // The site itself saw only GETs: no beacon, no form post.
      expect(site.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    });

    it('gives up cleanly on a page that never yields, and renders the next page', async () => {
      const launches = pool.launches();
      const started = Date.now();
      const stuck = await renderPage(pool, `${site.url}/loop`, { fetchOptions: allowed, timeoutMs: 6_000 });
      expect(stuck.outcome).toBe('timeout');
      expect(stuck.screenshot).toBeNull();
      expect(Date.now() - started).toBeLessThan(20_000);
      const next = await renderPage(pool, `${site.url}/techniques`, {
        fetchOptions: allowed,
        timeoutMs: 30_000,
      });
      expect(next.outcome, next.error ?? '').toBe('ok');
      // Only the stuck page was closed: the browser (and any other render in it) carried on.
      expect(pool.launches()).toBe(launches);
    });

    it('reads at most the configured number of links of a huge page', async () => {
      const render = await renderPage(pool, `${site.url}/huge`, {
        fetchOptions: allowed,
        timeoutMs: 30_000,
        maxLinks: 500,
        screenshot: false,
      });
      expect(render.outcome, render.error ?? '').toBe('ok');
      expect(render.totalLinks).toBeGreaterThanOrEqual(20_000);
      expect(render.links.length).toBeLessThanOrEqual(500);
    });

    it('closes an idle browser, and launches one again for the next render', async () => {
      const idle = createChromiumPool({
        executablePath: chromium,
        concurrency: 1,
        idleCloseMs: 300,
        warn: () => {},
      });
      try {
        const first = await renderPage(idle, `${site.url}/techniques`, {
          fetchOptions: allowed,
          timeoutMs: 30_000,
          screenshot: false,
        });
        expect(first.outcome, first.error ?? '').toBe('ok');
        const pid = idle.pid() ?? 0;
        const alive = () => {
          try {
            process.kill(pid, 0);
            return true;
          } catch {
            return false;
          }
        };
        await expect.poll(alive, { timeout: 10_000 }).toBe(false);
        const second = await renderPage(idle, `${site.url}/techniques`, {
          fetchOptions: allowed,
          timeoutMs: 30_000,
          screenshot: false,
        });
        expect(second.outcome, second.error ?? '').toBe('ok');
        expect(idle.launches()).toBe(2);
      } finally {
        await idle.close();
      }
    });

    it('launches Chromium again after it was killed', async () => {
      const before = pool.launches();
      const pid = pool.pid();
      expect(pid).not.toBeNull();
      // The pool's own browser process, started by this test file.
      process.kill(pid ?? 0, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      const render = await renderPage(pool, `${site.url}/techniques`, {
        fetchOptions: allowed,
        timeoutMs: 30_000,
      });
      expect(render.outcome, render.error ?? '').toBe('ok');
      expect(pool.launches()).toBe(before + 1);
      expect(pool.pid()).not.toBe(pid);
    });
  },
  { databaseFree: true },
);
