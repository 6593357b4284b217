import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPageModel } from '../../monitoring/analyzers/page-model.ts';
import type { CheckFinding } from '../../monitoring/check-types.ts';
import { createContentAnalyzers } from '../../monitoring/checks/content-analyzers.ts';
import { runStaticChecks } from '../../monitoring/checks/run-checks.ts';
import { MonitorFetchError } from '../../monitoring/fetch/fetch-error.ts';
import { CRAWLER_USER_AGENT } from '../../monitoring/fetch/fetch-types.ts';
import { safeFetch } from '../../monitoring/fetch/safe-fetch.ts';
import { type ChromiumPool, createChromiumPool } from '../../monitoring/render/chromium-pool.ts';
import { describeWithChromium } from '../../monitoring/render/render.test-support.ts';
import { renderedEvidence, renderedHiddenLinksFinding } from '../../monitoring/render/render-evidence.ts';
import { renderPage } from '../../monitoring/render/render-page.ts';
import { renderSignalOf } from '../../monitoring/render/render-signal.ts';
import { type RunningDemoSites, startDemoSites } from './demo-sites.ts';
import { RUNTIME_SPAM_LINKS, RUNTIME_SPAM_PATH } from './runtime-spam.ts';
import { HIDDEN_TECHNIQUES } from './spam.ts';

const fetchOptions = { allowedNetworks: ['127.0.0.0/8'] };
const analyzers = createContentAnalyzers();
const TIMING = {
  defaceAfterMs: 1_500,
  slowMinMs: 5_500,
  slowMaxMs: 6_000,
  flapPeriodMs: 60_000,
  flapDownAfterMs: 1_000,
  flapDownForMs: 1_500,
};

const types = (findings: CheckFinding[]) => findings.map((f) => f.type);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('local demo websites', () => {
  let running: RunningDemoSites;
  const logs: string[] = [];
  const urlOf = (key: string) => {
    const site = running.sites.find((s) => s.key === key);
    if (!site) throw new Error(`demo site ${key} is not running`);
    return site.url;
  };
  const check = (key: string) => runStaticChecks(urlOf(key), { fetchOptions, analyzers });

  beforeAll(async () => {
    running = await startDemoSites({ dataDir: null, basePort: 0, log: (l) => logs.push(l), timing: TIMING });
  });
  afterAll(() => running.stop());

  it('serves every site on loopback, each a realistic 50-300 KB portal with 备案号 and 公网安备', async () => {
    expect(running.sites.map((s) => s.key)).toEqual(expect.arrayContaining(['healthy', 'expired-tls']));
    expect(running.sites).toHaveLength(16);
    for (const site of running.sites) expect(new URL(site.url).hostname).toBe('127.0.0.1');
    const page = await safeFetch(urlOf('healthy'), fetchOptions);
    expect(page.status).toBe(200);
    expect(page.body.length).toBeGreaterThan(50_000);
    expect(page.body.length).toBeLessThan(300_000);
    expect(page.text).toContain('赣ICP备2026001234号-1');
    expect(page.text).toContain('赣公网安备 36010202000123号');
    expect(page.text).toMatch(
      /<li><a href="\/news\/0\/\d+\.html"[^>]*>[^<]+<\/a><span>\d{4}-\d\d-\d\d<\/span>/,
    );
  });

  it('the healthy site raises nothing but the plain-http header note', async () => {
    const report = await check('healthy');
    expect(types(report.findings)).toEqual(['security_headers']);
  });

  it.each(HIDDEN_TECHNIQUES)(
    'the hidden-link page for %s is detected with that technique',
    async (technique) => {
      const report = await check(`hidden-${technique.replaceAll('_', '-')}`);
      const hidden = report.findings.find((f) => f.type === 'hidden_links');
      expect(hidden?.severity).toBe('II');
      expect(hidden?.isHomepage).toBe(true);
      expect(hidden?.evidence.techniques).toContain(technique);
      expect(JSON.stringify(hidden?.evidence.links)).toContain('amjs-casino.example');
    },
  );

  it('the runtime-injected site shows the static pass no hidden link, only a script to render', async () => {
    const url = urlOf('hidden-runtime');
    const report = await check('hidden-runtime');
    expect(types(report.findings)).toEqual(['security_headers']);
    const page = await safeFetch(url, fetchOptions);
    const html = page.text ?? '';
    for (const l of RUNTIME_SPAM_LINKS) {
      expect(html).not.toContain(new URL(l.href).host);
      expect(html).not.toContain(l.text);
    }
    // Its inline script is allowed by the page's CSP nonce, so a browser runs it.
    const nonce = /'nonce-([^']+)'/.exec(page.headers['content-security-policy'] ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">`);
    // The static analysis flags the script as one it cannot read, which asks for a render.
    const opaque = buildPageModel(html, url).scripts.flatMap((x) =>
      x.opaque && x.inlineHash ? [x.inlineHash] : [],
    );
    expect(opaque).toHaveLength(1);
    expect(renderSignalOf(report.findings, opaque)?.reasons).toEqual(['opaque_script']);
    // The links come from JSON on the same site.
    const config = await safeFetch(new URL(RUNTIME_SPAM_PATH, url).href, fetchOptions);
    expect(config.contentType).toBe('application/json');
    expect(JSON.parse(config.text ?? '{}').l.map((l: { h: string }) => l.h)).toEqual(
      RUNTIME_SPAM_LINKS.map((l) => l.href),
    );
  });

  it('the cloaked site shows spam only to a crawler or a search referral', async () => {
    const url = urlOf('cloaked');
    const browser = await safeFetch(url, fetchOptions);
    const crawler = await safeFetch(url, { ...fetchOptions, userAgent: CRAWLER_USER_AGENT });
    const referred = await safeFetch(url, {
      ...fetchOptions,
      headers: { referer: 'https://www.baidu.com/s?wd=x' },
    });
    expect(browser.text).not.toContain('澳门葡京');
    expect(crawler.text).toContain('澳门葡京');
    expect(referred.text).toContain('澳门葡京');
    const report = await check('cloaked');
    expect(types(report.findings)).toContain('cloaking');
    expect(types(report.findings)).not.toContain('illegal_content');
  });

  it('the gambling page carries illegal-content keywords in visible text', async () => {
    const report = await check('gambling');
    const finding = report.findings.find((f) => f.type === 'illegal_content');
    expect(finding).toBeDefined();
    expect(JSON.stringify(finding?.evidence)).toContain('gambling');
  });

  it('the HTTPS site has an expired self-signed certificate', async () => {
    expect(urlOf('expired-tls')).toMatch(/^https:/);
    const report = await check('expired-tls');
    expect(types(report.findings)).toContain('tls_invalid');
  });

  it('the slow site answers, but slowly', async () => {
    const report = await check('slow');
    expect(types(report.findings)).toContain('slow_response');
    expect(types(report.findings)).not.toContain('site_down');
  });

  it('the defaced site serves its portal first, then the defacement', async () => {
    // Its own instance: the clock starts now, not when the other sites started.
    const own = await startDemoSites({
      dataDir: null,
      basePort: 0,
      log: () => {},
      timing: TIMING,
      only: ['defaced'],
    });
    try {
      const url = own.sites[0]?.url ?? '';
      const before = await safeFetch(url, fetchOptions);
      expect(before.text).toContain('江川市教育局网站');
      expect(before.text).not.toContain('HACKED');
      await sleep(TIMING.defaceAfterMs);
      const after = await safeFetch(url, fetchOptions);
      expect(after.text).toContain('HACKED BY SH4D0W CREW');
    } finally {
      await own.stop();
    }
  });

  it('the flapping site goes down (connection refused) and comes back on the same port', async () => {
    const own = await startDemoSites({
      dataDir: null,
      basePort: 0,
      log: () => {},
      timing: TIMING,
      only: ['flapping'],
    });
    try {
      const url = own.sites[0]?.url ?? '';
      // Down from 1.0 s to 2.5 s after start. Poll until each state is seen.
      const states: string[] = [];
      const deadline = Date.now() + 8_000;
      while (Date.now() < deadline && !(states.includes('down') && states.at(-1) === 'up')) {
        const state = await safeFetch(url, fetchOptions).then(
          (r) => (r.status === 200 ? 'up' : 'error'),
          (e: unknown) =>
            e instanceof MonitorFetchError && e.kind === 'connect' ? 'down' : `other:${String(e)}`,
        );
        if (states.at(-1) !== state) states.push(state);
        await sleep(100);
      }
      expect(states).toEqual(['up', 'down', 'up']);
    } finally {
      await own.stop();
    }
  });
});

describe('demo website ports', () => {
  it('are remembered in the data directory, so asset URLs stay valid after a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sw-demo-sites-'));
    try {
      const first = await startDemoSites({
        dataDir,
        basePort: 0,
        log: () => {},
        only: ['healthy', 'expired-tls'],
      });
      const urls = first.sites.map((s) => s.url);
      await first.stop();
      expect(existsSync(path.join(dataDir, 'demo-sites', 'tls', 'cert.pem'))).toBe(true);
      const saved = JSON.parse(readFileSync(path.join(dataDir, 'demo-sites', 'ports.json'), 'utf8'));
      expect(Object.keys(saved).sort()).toEqual(['expired-tls', 'healthy']);
      const second = await startDemoSites({
        dataDir,
        basePort: 0,
        log: () => {},
        only: ['healthy', 'expired-tls'],
      });
      expect(second.sites.map((s) => s.url)).toEqual(urls);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describeWithChromium(
  'demo websites in the rendering pass',
  (chromium) => {
    let running: RunningDemoSites;
    let pool: ChromiumPool;
    const urlOf = (key: string) => running.sites.find((s) => s.key === key)?.url ?? '';
    const render = async (key: string) => {
      const report = await runStaticChecks(urlOf(key), { fetchOptions, analyzers });
      const rendered = await renderPage(pool, urlOf(key), { fetchOptions, timeoutMs: 40_000 });
      const staticHidden = renderSignalOf(report.findings, [])?.staticHidden ?? [];
      const evidence = renderedEvidence(rendered, staticHidden, {
        renderId: 1,
        renderedAt: new Date().toISOString(),
        screenshotFileId: 1,
      });
      return { report, rendered, evidence };
    };

    beforeAll(async () => {
      pool = createChromiumPool({ executablePath: chromium, concurrency: 1, warn: () => {} });
      running = await startDemoSites({
        dataDir: null,
        basePort: 0,
        log: () => {},
        only: ['hidden-runtime', 'hidden-script-written'],
      });
    });
    afterAll(async () => {
      await pool?.close();
      await running?.stop();
    });

    it('the runtime-injected links are seen only in the browser: hidden off the page, with a screenshot', async () => {
      const { report, rendered, evidence } = await render('hidden-runtime');
      expect(types(report.findings)).not.toContain('hidden_links');
      expect(rendered.outcome, rendered.error ?? '').toBe('ok');
      expect(rendered.screenshot?.png.subarray(1, 4).toString()).toBe('PNG');
      expect(rendered.blockedCount).toBe(0);
      expect(evidence.hiddenLinks.map((h) => h.href).sort()).toEqual(
        RUNTIME_SPAM_LINKS.map((l) => l.href).sort(),
      );
      for (const h of evidence.hiddenLinks) {
        expect(h).toMatchObject({
          staticAlso: false,
          reasons: ['offscreen'],
          suspicion: 'outbound_and_keyword',
        });
      }
      const finding = renderedHiddenLinksFinding(evidence, urlOf('hidden-runtime'), true);
      expect(finding).toMatchObject({
        type: 'hidden_links',
        severity: 'II',
        evidence: { source: 'rendered', count: 3, techniques: ['offscreen'] },
      });
    });

    it('the script-written site runs its injection in the browser too (CSP nonce), confirming the static finding', async () => {
      const { report, evidence } = await render('hidden-script-written');
      expect(types(report.findings)).toContain('hidden_links');
      expect(evidence.outcome).toBe('ok');
      expect(evidence.notConfirmed).toEqual([]);
      expect(evidence.hiddenCount).toBe(3);
      expect(evidence.hiddenLinks.every((h) => h.staticAlso && h.reasons.includes('offscreen'))).toBe(true);
    });
  },
  { databaseFree: true },
);
