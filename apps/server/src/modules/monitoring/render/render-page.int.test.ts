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
import { MAX_FRAMES, renderPage } from './render-page.ts';
import { renderSignalOf } from './render-signal.ts';

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>某县人民政府</title></head><body>${body}</body></html>`;
const spam = (host: string, text = '澳门赌场') => `<a href="http://${host}/">${text}</a>`;
/** Same-origin iframes: links inside are read, and a hidden iframe hides them. */
const FRAME_PAGES: Record<string, string> = {
  '/frames': page(
    '<p>政务公开</p>' +
      '<iframe src="/frames/shown" width="600" height="200"></iframe>' +
      '<iframe src="/frames/inner" style="display:none"></iframe>' +
      '<iframe src="/frames/inner-2" width="0" height="0" frameborder="0"></iframe>' +
      '<div style="position:absolute;left:-9999px"><iframe src="/frames/inner-3"></iframe></div>' +
      `<iframe srcdoc='<p>${spam('srcdoc-hidden.example').replace('<a ', '<a style="display:none" ')}</p>'></iframe>`,
  ),
  '/frames/shown':
    `<p>${spam('frame-visible.example', '下载中心')}</p>` +
    `<div style="display:none">${spam('frame-css-hidden.example')}</div>` +
    '<iframe src="/frames/nested" style="visibility:hidden" width="300" height="100"></iframe>',
  '/frames/nested': `<p>${spam('nested-hidden.example')}</p>`,
  '/frames/inner': `<p>${spam('in-display-none-frame.example')}</p>`,
  '/frames/inner-2': `<p>${spam('in-zero-size-frame.example')}</p>`,
  '/frames/inner-3': `<p>${spam('in-offscreen-frame.example')}</p>`,
  '/frames/many': page(
    Array.from(
      { length: 30 },
      (_, i) => `<iframe src="/frames/one-${i}" width="50" height="20"></iframe>`,
    ).join(''),
  ),
  ...Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [`/frames/one-${i}`, `<a href="http://f${i}.example/">${i}</a>`]),
  ),
};

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
        if (path.startsWith('/frames')) return html(res, FRAME_PAGES[path] ?? '<p>none</p>');
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

    it('reads the links of same-origin iframes; a hidden iframe hides its links, nested too', async () => {
      const url = `${site.url}/frames`;
      const render = await renderPage(pool, url, { fetchOptions: allowed, timeoutMs: 30_000 });
      expect(render.outcome, render.error ?? '').toBe('ok');
      const of = (host: string) => render.links.find((l) => l.href === `http://${host}/`);
      expect(of('frame-visible.example')).toMatchObject({
        reasons: [],
        frameUrl: `${site.url}/frames/shown`,
      });
      expect(of('frame-css-hidden.example')?.reasons).toEqual(['display_none']);
      expect(of('in-display-none-frame.example')?.reasons).toContain('display_none');
      expect(of('in-zero-size-frame.example')?.reasons).toContain('zero_size');
      expect(of('in-offscreen-frame.example')?.reasons).toContain('offscreen');
      expect(of('nested-hidden.example')?.reasons).toContain('visibility_hidden');
      expect(of('nested-hidden.example')?.frameUrl).toBe(`${site.url}/frames/nested`);
      expect(of('srcdoc-hidden.example')?.reasons).toEqual(['display_none']);
      // The page's own links carry no frame.
      expect(render.links.find((l) => l.kind === 'iframe')?.frameUrl).toBeUndefined();

      const evidence = renderedEvidence(render, [], {
        renderId: 1,
        renderedAt: new Date().toISOString(),
        screenshotFileId: null,
      });
      const hidden = evidence.hiddenLinks.map((h) => new URL(h.href).host);
      expect(hidden).toEqual(
        expect.arrayContaining([
          'frame-css-hidden.example',
          'in-display-none-frame.example',
          'in-zero-size-frame.example',
          'in-offscreen-frame.example',
          'nested-hidden.example',
        ]),
      );
      expect(hidden).not.toContain('frame-visible.example');
      expect(evidence.hiddenLinks.find((h) => h.href === 'http://nested-hidden.example/')?.frameUrl).toBe(
        `${site.url}/frames/nested`,
      );
    });

    it('reads at most MAX_FRAMES iframes, and at most the configured number of links in all', async () => {
      const many = await renderPage(pool, `${site.url}/frames/many`, {
        fetchOptions: allowed,
        timeoutMs: 30_000,
        screenshot: false,
      });
      expect(many.outcome, many.error ?? '').toBe('ok');
      const inFrames = many.links.filter((l) => l.frameUrl !== undefined);
      expect(inFrames).toHaveLength(MAX_FRAMES);
      expect(many.links.filter((l) => l.kind === 'iframe')).toHaveLength(30);

      const capped = await renderPage(pool, `${site.url}/frames/many`, {
        fetchOptions: allowed,
        timeoutMs: 30_000,
        screenshot: false,
        maxLinks: 35,
      });
      expect(capped.links).toHaveLength(35);
      expect(capped.links.filter((l) => l.frameUrl !== undefined)).toHaveLength(5);
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
