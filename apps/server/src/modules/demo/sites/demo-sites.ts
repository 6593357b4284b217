import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expiredSelfSignedCertificate } from './demo-cert.ts';
import { renderArticlePage, renderGovPage } from './gov-page.ts';
import { RUNTIME_SPAM_PATH, runtimeSpamConfig, runtimeSpamScript } from './runtime-spam.ts';
import { DEMO_SITES, type DemoSiteSpec } from './site-catalog.ts';
import { CLOAKED_SPAM, defacedPage, GAMBLING_ADVERT, hiddenLinkMarkup, isCrawlerRequest } from './spam.ts';

/** When the misbehaving sites misbehave (ms). Tests shorten them. */
export interface DemoTiming {
  /** The defaced site serves its normal page this long after start, so a baseline is taken first. */
  defaceAfterMs: number;
  slowMinMs: number;
  slowMaxMs: number;
  /** The flapping site goes down `flapDownAfterMs` into every period, for `flapDownForMs`. */
  flapPeriodMs: number;
  flapDownAfterMs: number;
  flapDownForMs: number;
}

export const DEFAULT_DEMO_TIMING: DemoTiming = {
  defaceAfterMs: 90_000,
  slowMinMs: 3_000,
  slowMaxMs: 8_000,
  flapPeriodMs: 600_000,
  flapDownAfterMs: 180_000,
  flapDownForMs: 120_000,
};

/** The default first port; each site takes the next one. Ports are remembered in the data directory. */
export const DEFAULT_DEMO_SITES_PORT = 18_100;
export const DEMO_SITES_HOST = '127.0.0.1';

export interface DemoSitesOptions {
  /** Where the port map and the certificate are kept; null keeps nothing (tests). */
  dataDir: string | null;
  /** First port to try (then +1 per site); 0 lets the system choose. Ignored for ports already remembered. */
  basePort: number;
  log: (line: string) => void;
  timing?: Partial<DemoTiming>;
  /** Which sites to start (default all). */
  only?: readonly string[];
}

export interface DemoSite {
  key: string;
  assetName: string;
  url: string;
  behaviour: DemoSiteSpec['behaviour'];
}

export interface RunningDemoSites {
  sites: DemoSite[];
  /** Asset name → the URL its demo site answers on. */
  urlsByAsset: Map<string, string>;
  stop(): Promise<void>;
}

type PortMap = Record<string, number>;

function readPorts(file: string | null): PortMap {
  if (!file || !existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, number] => Number.isInteger(e[1]) && e[1] > 0),
    );
  } catch {
    return {};
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, DEMO_SITES_HOST, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
};

/**
 * The headers of a page with inline scripts: the CMS allows its own by a fresh nonce per response (the
 * injected scripts ride in its templates, so a browser runs them, as on the compromised portals).
 */
function pageHeaders(nonce: string) {
  return {
    ...SECURITY_HEADERS,
    'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'`,
  };
}

/**
 * Starts the demo websites on loopback, each on its own port (so a site can go down without taking the
 * others with it, and the HTTPS one has its own certificate). Ports are remembered in
 * `<dataDir>/demo-sites/ports.json`, so the URLs stored in the demo assets stay valid across restarts.
 */
export async function startDemoSites(options: DemoSitesOptions): Promise<RunningDemoSites> {
  const timing = { ...DEFAULT_DEMO_TIMING, ...options.timing };
  const dir = options.dataDir ? path.join(options.dataDir, 'demo-sites') : null;
  if (dir) mkdirSync(dir, { recursive: true });
  const portsFile = dir ? path.join(dir, 'ports.json') : null;
  const remembered = readPorts(portsFile);
  const startedAt = Date.now();
  const timers = new Set<NodeJS.Timeout>();
  const servers: http.Server[] = [];
  const sites: DemoSite[] = [];
  let stopped = false;
  // Without a data directory (tests) the certificate goes to a temporary directory, removed on stop.
  let tempDir: string | null = null;
  const friendlyLinks = () =>
    sites
      .filter((s) => s.behaviour.kind === 'healthy' || s.behaviour.kind === 'cloaked')
      .map((s) => ({ name: s.assetName, url: s.url }));

  const specs = DEMO_SITES.filter((s) => !options.only || options.only.includes(s.key));
  for (const [index, spec] of specs.entries()) {
    const seed = 1_000 + index * 7_919;
    let visits = 120_000 + index * 3_571;
    const page = (req: http.IncomingMessage, nonce: string): string => {
      visits += 1;
      const base = { siteName: spec.assetName, organiser: spec.organiser, seed, now: new Date(), visits };
      const b = spec.behaviour;
      const links = friendlyLinks();
      if (b.kind === 'defaced' && Date.now() - startedAt >= timing.defaceAfterMs)
        return defacedPage(spec.assetName);
      if (b.kind === 'hidden_links')
        return renderGovPage({ ...base, friendlyLinks: links, ...hiddenLinkMarkup(b.technique, nonce) });
      if (b.kind === 'runtime_hidden_links')
        return renderGovPage({ ...base, friendlyLinks: links, tail: runtimeSpamScript(nonce) });
      if (b.kind === 'gambling')
        return renderGovPage({ ...base, friendlyLinks: links, inject: GAMBLING_ADVERT });
      if (b.kind === 'cloaked' && isCrawlerRequest(req.headers['user-agent'], req.headers.referer)) {
        return renderGovPage({ ...base, friendlyLinks: links, inject: CLOAKED_SPAM });
      }
      return renderGovPage({ ...base, friendlyLinks: links });
    };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://demo.invalid');
      const send = () => {
        if (res.destroyed) return;
        if (url.pathname === '/' || url.pathname === '/index.html') {
          const nonce = randomBytes(12).toString('base64');
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders(nonce) });
          res.end(page(req, nonce));
        } else if (spec.behaviour.kind === 'runtime_hidden_links' && url.pathname === RUNTIME_SPAM_PATH) {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
          res.end(runtimeSpamConfig());
        } else if (/^\/(news|service|channel|gk|wza|en|mobile|search)\//.test(url.pathname)) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
          res.end(renderArticlePage(spec.assetName, url.pathname));
        } else if (url.pathname === '/robots.txt') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('User-agent: *\nAllow: /\n');
        } else {
          res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
          res.end('<!DOCTYPE html><title>404</title><h1>404 Not Found</h1>');
        }
      };
      if (spec.behaviour.kind === 'slow' && url.pathname === '/') {
        const delay = timing.slowMinMs + Math.random() * (timing.slowMaxMs - timing.slowMinMs);
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delay);
        timers.add(timer);
      } else send();
    };

    let server: http.Server;
    let scheme = 'http';
    if (spec.behaviour.kind === 'expired_tls') {
      let tlsDir = dir ? path.join(dir, 'tls') : null;
      if (!tlsDir) {
        tlsDir = mkdtempSync(path.join(tmpdir(), 'sw-demo-tls-'));
        tempDir = tlsDir;
      }
      const cert = expiredSelfSignedCertificate(tlsDir, options.log);
      if (!cert) continue;
      server = https.createServer({ key: cert.key, cert: cert.cert }, handler);
      scheme = 'https';
    } else server = http.createServer(handler);
    server.keepAliveTimeout = 2_000;

    const wanted = remembered[spec.key] ?? (options.basePort > 0 ? options.basePort + index : 0);
    let port: number;
    try {
      port = await listen(server, wanted);
    } catch (err) {
      options.log(
        `Demo websites: port ${wanted} for "${spec.key}" is busy (${String(err)}); using a free one`,
      );
      port = await listen(server, 0);
    }
    servers.push(server);
    sites.push({
      key: spec.key,
      assetName: spec.assetName,
      url: `${scheme}://${DEMO_SITES_HOST}:${port}/`,
      behaviour: spec.behaviour,
    });

    if (spec.behaviour.kind === 'flapping') {
      const cycle = (first: boolean) => {
        const downIn = first ? timing.flapDownAfterMs : timing.flapPeriodMs - timing.flapDownForMs;
        const down = setTimeout(async () => {
          timers.delete(down);
          await closeServer(server);
          if (stopped) return;
          const up = setTimeout(() => {
            timers.delete(up);
            if (stopped) return;
            listen(server, port).then(
              () => cycle(false),
              (err) =>
                options.log(`Demo websites: "${spec.key}" could not come back on ${port}: ${String(err)}`),
            );
          }, timing.flapDownForMs);
          timers.add(up);
        }, downIn);
        timers.add(down);
      };
      cycle(true);
    }
  }

  if (portsFile) {
    const map: PortMap = { ...remembered };
    for (const s of sites) map[s.key] = Number(new URL(s.url).port);
    writeFileSync(portsFile, `${JSON.stringify(map, null, 2)}\n`);
  }
  return {
    sites,
    urlsByAsset: new Map(sites.map((s) => [s.assetName, s.url])),
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(servers.map(closeServer));
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
