import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckFinding } from '../../monitoring/check-types.ts';
import { createContentAnalyzers } from '../../monitoring/checks/content-analyzers.ts';
import { runStaticChecks } from '../../monitoring/checks/run-checks.ts';
import { MonitorFetchError } from '../../monitoring/fetch/fetch-error.ts';
import { CRAWLER_USER_AGENT } from '../../monitoring/fetch/fetch-types.ts';
import { safeFetch } from '../../monitoring/fetch/safe-fetch.ts';
import { type RunningDemoSites, startDemoSites } from './demo-sites.ts';
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
    expect(running.sites).toHaveLength(15);
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
