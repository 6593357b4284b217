import { performance } from 'node:perf_hooks';
import type { BrowserContext, CDPSession, Page, Route } from 'playwright-core';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import { BROWSER_USER_AGENT, type FetchResult, type SafeFetchOptions } from '../fetch/fetch-types.ts';
import { parseTargetUrl, safeFetch } from '../fetch/safe-fetch.ts';
import type { ChromiumPool } from './chromium-pool.ts';
import { collectRenderedLinks, type RawRenderedLink, type RawRenderedPage } from './link-visibility.ts';

/**
 * One page rendered in headless Chromium, so that what scripts write and what CSS hides is seen as a
 * visitor's browser shows it. Chromium never touches the network: every request of the page (document,
 * frames, subresources, XHR/fetch, redirects) is paused, fetched by the monitor's own SSRF-guarded
 * fetcher (safeFetch: DNS resolved once and every address vetted against the allow-list, the connection
 * pinned to that address, so DNS rebinding cannot switch it afterwards; size caps and timeouts; redirects
 * followed hop by hop with the same vetting) and handed to the page with route.fulfill. Requests that
 * are not GET, not http(s), to a forbidden address, or beyond the page's budget are aborted; WebSockets
 * are refused; service workers, downloads and permissions are off. A proxy nobody listens on catches
 * anything that would escape the interception. Page scripts run only inside this sandboxed Chromium.
 */

export interface RenderOptions {
  fetchOptions: SafeFetchOptions;
  /** Hard limit for the whole render, navigation to screenshot. */
  timeoutMs: number;
  viewport?: { width: number; height: number };
  /** The screenshot covers the page from the top down to this height at most (pixels). */
  maxScreenshotHeight?: number;
  /** A screenshot larger than this (bytes) is taken again of the first screen only. */
  maxScreenshotBytes?: number;
  /** Requests the page may make (the document included). */
  maxRequests?: number;
  /** Bytes the page may load in all. */
  maxBytes?: number;
  /** Links and iframes examined (the first ones in document order). */
  maxLinks?: number;
  /** After the load event, time left for timers and late scripts to write the page. */
  settleMs?: number;
  /** Skip the screenshot (the CLI without --screenshot). */
  screenshot?: boolean;
}

export interface BlockedRequest {
  url: string;
  reason: string;
}

export interface PageRender {
  url: string;
  finalUrl: string | null;
  status: number | null;
  /** ok: rendered; timeout: the hard limit hit first (e.g. an endless script); failed: could not load. */
  outcome: 'ok' | 'timeout' | 'failed';
  error: string | null;
  title: string;
  links: RawRenderedLink[];
  totalLinks: number;
  requests: number;
  bytes: number;
  blocked: BlockedRequest[];
  blockedCount: number;
  screenshot: { png: Buffer; width: number; height: number } | null;
  durationMs: number;
}

export const DEFAULT_VIEWPORT = { width: 1366, height: 768 };
const DEFAULT_MAX_SCREENSHOT_HEIGHT = 4_000;
const DEFAULT_MAX_SCREENSHOT_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_REQUESTS = 300;
const DEFAULT_MAX_BYTES = 30 * 1024 * 1024;
const DEFAULT_MAX_LINKS = 3_000;
const DEFAULT_SETTLE_MS = 1_500;
const MAX_BLOCKED_KEPT = 50;
/** One subresource never waits longer than this. */
const SUBRESOURCE_TIMEOUT_MS = 10_000;
const DROPPED_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'alt-svc',
]);
/** Request headers passed on to the site: what shapes the answer a visitor gets. */
const FORWARDED_HEADERS = ['referer', 'cookie', 'accept', 'accept-language', 'range'];

class RenderTimeout extends Error {}

/** A render with nothing in it yet (or of a page that could not be rendered at all). */
export function emptyRender(url: string): PageRender {
  return {
    url,
    finalUrl: null,
    status: null,
    outcome: 'ok',
    error: null,
    title: '',
    links: [],
    totalLinks: 0,
    requests: 0,
    bytes: 0,
    blocked: [],
    blockedCount: 0,
    screenshot: null,
    durationMs: 0,
  };
}

/** A clock for the render's hard limit. */
function deadline(timeoutMs: number) {
  const end = performance.now() + timeoutMs;
  return {
    left: () => Math.max(0, Math.round(end - performance.now())),
    /** Settles with `work`, or rejects with RenderTimeout when the time is up first. */
    race<T>(work: Promise<T>, capMs = Number.POSITIVE_INFINITY): Promise<T> {
      const ms = Math.min(capMs, Math.max(0, end - performance.now()));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new RenderTimeout('the render took too long')), ms);
        work.then(
          (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          (e: unknown) => {
            clearTimeout(timer);
            reject(e);
          },
        );
      });
    },
  };
}

function responseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!DROPPED_HEADERS.has(name)) out[name] = value;
  return out;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/**
 * Renders `url` in a fresh incognito context of the pool's browser and reports its links with their
 * rendered visibility, the requests it made and refused, and a screenshot. Never throws for what the
 * page or the site does: a refused, unreachable or hung page is a render with outcome failed or timeout.
 */
export async function renderPage(
  pool: ChromiumPool,
  url: string,
  options: RenderOptions,
): Promise<PageRender> {
  let target = url;
  try {
    target = parseTargetUrl(url).href;
  } catch (err) {
    return { ...emptyRender(url), outcome: 'failed', error: errorText(err) };
  }
  const started = performance.now();
  const clock = deadline(options.timeoutMs);
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const result = emptyRender(target);
  const block = (requestUrl: string, reason: string) => {
    result.blockedCount += 1;
    if (result.blocked.length < MAX_BLOCKED_KEPT)
      result.blocked.push({ url: requestUrl.slice(0, 500), reason });
  };

  // The document is fetched (and its redirects vetted) before Chromium sees it, so a refused or
  // unreachable target ends here and the browser navigates straight to where the site sent it.
  let first: FetchResult;
  try {
    first = await safeFetch(target, {
      ...options.fetchOptions,
      userAgent: BROWSER_USER_AGENT,
      timeouts: { ...options.fetchOptions.timeouts, total: Math.min(clock.left(), 20_000) },
    });
  } catch (err) {
    if (!(err instanceof MonitorFetchError)) throw err;
    if (err.kind === 'forbidden_address' || err.kind === 'invalid_url') block(target, err.message);
    result.outcome = 'failed';
    result.error = err.message;
    result.durationMs = Math.round(performance.now() - started);
    return result;
  }
  result.requests += 1;
  result.bytes += first.body.length;
  let prefetched: FetchResult | null = first;

  const fulfilFrom = async (route: Route, fetched: FetchResult) => {
    await route.fulfill({
      status: fetched.status,
      headers: responseHeaders(fetched.headers),
      body: fetched.body,
    });
  };

  const handle = async (route: Route) => {
    const request = route.request();
    const requestUrl = request.url();
    if (prefetched && requestUrl === first.finalUrl && request.isNavigationRequest()) {
      const fetched = prefetched;
      prefetched = null;
      await fulfilFrom(route, fetched);
      return;
    }
    if (!/^https?:/i.test(requestUrl)) {
      block(requestUrl, 'only http and https are fetched');
      await route.abort('blockedbyclient');
      return;
    }
    const method = request.method();
    if (method !== 'GET' && method !== 'HEAD') {
      // The monitor looks; it never submits forms or sends beacons to a site.
      block(requestUrl, `${method} requests are not sent`);
      await route.abort('blockedbyclient');
      return;
    }
    if (result.requests >= maxRequests || result.bytes >= maxBytes) {
      block(requestUrl, 'the page exceeded its request or byte budget');
      await route.abort('blockedbyclient');
      return;
    }
    result.requests += 1;
    const headers: Record<string, string> = {};
    const sent = await request.allHeaders();
    for (const name of FORWARDED_HEADERS) if (sent[name]) headers[name] = sent[name];
    const left = clock.left();
    if (left <= 0) {
      await route.abort('timedout');
      return;
    }
    try {
      const fetched = await safeFetch(requestUrl, {
        ...options.fetchOptions,
        method: method === 'HEAD' ? 'HEAD' : 'GET',
        userAgent: BROWSER_USER_AGENT,
        headers: { ...options.fetchOptions.headers, ...headers },
        timeouts: { ...options.fetchOptions.timeouts, total: Math.min(left, SUBRESOURCE_TIMEOUT_MS) },
        maxBodyBytes: Math.max(1, Math.min(maxBytes - result.bytes, 5 * 1024 * 1024)),
      });
      result.bytes += fetched.body.length;
      await fulfilFrom(route, fetched);
    } catch (err) {
      if (
        err instanceof MonitorFetchError &&
        (err.kind === 'forbidden_address' || err.kind === 'invalid_url')
      ) {
        block(requestUrl, err.message);
        await route.abort('blockedbyclient');
      } else await route.abort('failed');
    }
  };

  try {
    await pool.withContext(async (context, browser) => {
      let page: Page | undefined;
      try {
        page = await prepare(context, viewport, (route) => {
          handle(route).catch(() => {
            // The context closed while the request was in flight: nothing left to answer.
          });
        });
        await visit(page, first.finalUrl, clock, result, options);
      } catch (err) {
        if (err instanceof RenderTimeout) {
          result.outcome = 'timeout';
          result.error = `the page did not finish rendering within ${options.timeoutMs} ms (a script that never yields?)`;
          // Chromium closes a page stuck in a script; a browser that cannot is dropped (and relaunched).
          const closed = page
            ? await Promise.race([
                page.close({ runBeforeUnload: false }).then(
                  () => true,
                  () => false,
                ),
                new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
              ])
            : false;
          if (!closed) await pool.discard(browser);
        } else {
          result.outcome = 'failed';
          result.error = errorText(err);
        }
      }
    });
  } catch (err) {
    result.outcome = 'failed';
    result.error = `Chromium could not be started or crashed: ${errorText(err)}`;
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

async function prepare(
  context: BrowserContext,
  viewport: { width: number; height: number },
  onRequest: (route: Route) => void,
): Promise<Page> {
  await context.routeWebSocket(/.*/, (ws) => {
    void ws.close({ code: 1008, reason: 'refused by the monitor' }).catch(() => {});
  });
  await context.route('**/*', onRequest);
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  // Pop-ups are closed: only the page asked for is rendered.
  context.on('page', (other) => {
    if (other !== page) void other.close().catch(() => {});
  });
  page.on('dialog', (dialog) => void dialog.dismiss().catch(() => {}));
  return page;
}

/** Navigates, lets scripts run, then reads the links (isolated world) and takes the screenshot. */
async function visit(
  page: Page,
  url: string,
  clock: ReturnType<typeof deadline>,
  result: PageRender,
  options: RenderOptions,
): Promise<void> {
  const response = await clock.race(page.goto(url, { waitUntil: 'domcontentloaded', timeout: clock.left() }));
  result.status = response?.status() ?? null;
  // Slow images must not use up the budget: wait for load a while, then go on with what is there.
  await clock.race(
    page.waitForLoadState('load', { timeout: Math.max(1, Math.min(10_000, clock.left())) }).catch(() => {}),
  );
  await clock.race(page.waitForTimeout(Math.min(options.settleMs ?? DEFAULT_SETTLE_MS, clock.left())));
  result.finalUrl = page.url();

  const cdp = await clock.race(page.context().newCDPSession(page));
  const collected = await clock.race(collect(cdp, options.maxLinks ?? DEFAULT_MAX_LINKS, clock.left()));
  result.links = collected.links;
  result.totalLinks = collected.total;
  result.title = collected.title;
  await cdp.detach().catch(() => {});

  if (options.screenshot === false) return;
  const viewport = page.viewportSize() ?? DEFAULT_VIEWPORT;
  const height = Math.max(
    1,
    Math.min(collected.pageHeight, options.maxScreenshotHeight ?? DEFAULT_MAX_SCREENSHOT_HEIGHT),
  );
  let png = await clock.race(
    page.screenshot({
      type: 'png',
      fullPage: true,
      clip: { x: 0, y: 0, width: viewport.width, height },
      animations: 'disabled',
      caret: 'hide',
      timeout: clock.left(),
    }),
  );
  let shotHeight = height;
  if (png.length > (options.maxScreenshotBytes ?? DEFAULT_MAX_SCREENSHOT_BYTES)) {
    png = await clock.race(page.screenshot({ type: 'png', animations: 'disabled', timeout: clock.left() }));
    shotHeight = viewport.height;
  }
  result.screenshot = { png, width: viewport.width, height: shotHeight };
}

/** Child frames whose links are read, breadth first (a page of nested ad frames stops here). */
export const MAX_FRAMES = 20;

interface FrameNode {
  frame: { id: string; url: string };
  childFrames?: FrameNode[];
}

/** Runs collectRenderedLinks in an isolated world of one frame; answers the links and that world. */
async function readFrame(
  cdp: CDPSession,
  frameId: string,
  max: number,
  timeoutMs: number,
): Promise<{ page: RawRenderedPage; contextId: number }> {
  const world = await cdp.send('Page.createIsolatedWorld', {
    frameId,
    worldName: 'shouwang-monitor',
    grantUniveralAccess: false,
  });
  const evaluated = await cdp.send('Runtime.evaluate', {
    expression: `(${collectRenderedLinks.toString()})(${Math.max(1, Math.floor(max))})`,
    contextId: world.executionContextId,
    returnByValue: true,
    timeout: Math.max(1, timeoutMs),
  });
  if (evaluated.exceptionDetails) {
    throw new Error(`reading the rendered links failed: ${evaluated.exceptionDetails.text}`);
  }
  return { page: evaluated.result.value as RawRenderedPage, contextId: world.executionContextId };
}

/** How the iframe element holding `frameId` is hidden in its parent (judged in the parent's world). */
async function ownerReasons(cdp: CDPSession, frameId: string, parentContextId: number): Promise<string[]> {
  const { backendNodeId } = await cdp.send('DOM.getFrameOwner', { frameId });
  const { object } = await cdp.send('DOM.resolveNode', {
    backendNodeId,
    executionContextId: parentContextId,
  });
  if (!object.objectId) throw new Error('the frame has no owner element');
  const judged = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () { return (${collectRenderedLinks.toString()})(1, this); }`,
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
  if (judged.exceptionDetails) throw new Error(`judging a frame failed: ${judged.exceptionDetails.text}`);
  return (judged.result.value as RawRenderedPage).links[0]?.reasons ?? [];
}

/**
 * Reads the links of the page and of its iframes (those in the page's process: same-origin and
 * same-site ones), each frame in an isolated world of its own. A link in a frame is judged inside
 * that frame and is hidden, too, when the iframe holding it (or one around that) is: a display:none
 * or zero-size iframe hides all its links. At most `max` links in all and MAX_FRAMES frames.
 */
async function collect(cdp: CDPSession, max: number, timeoutMs: number): Promise<RawRenderedPage> {
  const tree: FrameNode = (await cdp.send('Page.getFrameTree')).frameTree;
  const main = await readFrame(cdp, tree.frame.id, max, timeoutMs);
  const links = [...main.page.links];
  let total = main.page.total;
  const queue = (tree.childFrames ?? []).map((node) => ({
    node,
    parentContextId: main.contextId,
    hiddenBy: [] as string[],
  }));
  for (let read = 0; queue.length > 0 && read < MAX_FRAMES && links.length < max; read++) {
    const next = queue.shift();
    if (!next) break;
    try {
      const own = await ownerReasons(cdp, next.node.frame.id, next.parentContextId);
      const hiddenBy = [...new Set([...next.hiddenBy, ...own])];
      const child = await readFrame(cdp, next.node.frame.id, max - links.length, timeoutMs);
      total += child.page.total;
      for (const link of child.page.links) {
        links.push({
          ...link,
          reasons: [...new Set([...hiddenBy, ...link.reasons])],
          frameUrl: next.node.frame.url.slice(0, 500),
        });
      }
      for (const node of next.node.childFrames ?? []) {
        queue.push({ node, parentContextId: child.contextId, hiddenBy });
      }
    } catch {
      // A frame that went away meanwhile, or one in another process (cross-site): its links are not read.
    }
  }
  return { ...main.page, links: links.slice(0, max), total };
}
