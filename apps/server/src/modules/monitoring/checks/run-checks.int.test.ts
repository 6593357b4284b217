import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK, type LocalServer, startHttpServer } from '../fetch/fetch.test-support.ts';
import { createContentAnalyzers } from './content-analyzers.ts';
import { runStaticChecks } from './run-checks.ts';

// No database involved: run once, in the SQLite project.
const describeOnce = describe.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');

const PAGE =
  '<html><head><title>某县人民政府</title></head><body><h1>政务公开</h1><p>通知公告</p></body></html>';
const SPAM =
  '<html><head><title>某县人民政府 - 澳门赌场 在线博彩</title></head><body><h1>政务公开</h1>' +
  '<a href="http://casino-bet.example/">澳门赌场</a><a href="http://888-bet.example/">在线博彩</a>' +
  '<a href="http://vip-bet.example/">真人百家乐</a></body></html>';

describeOnce('runStaticChecks', () => {
  let site: LocalServer;
  const seen: Array<{ ua: string; referer: string }> = [];

  beforeAll(async () => {
    site = await startHttpServer((req, res) => {
      const ua = req.headers['user-agent'] ?? '';
      seen.push({ ua, referer: req.headers.referer ?? '' });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // A cloaked page: spam only for search crawlers.
      res.end(req.url === '/cloaked' && /Baiduspider/.test(ua) ? SPAM : PAGE);
    });
  });
  afterAll(async () => {
    expect(await site.connections()).toBe(0);
    await site.close();
  });

  it('compares the browser and crawler copies and reports spam served only to crawlers', async () => {
    const report = await runStaticChecks(`${site.url}/cloaked`, {
      fetchOptions: { allowedNetworks: LOOPBACK },
      analyzers: createContentAnalyzers(),
      tls: { probeProtocols: false },
    });
    const cloaking = report.findings.find((f) => f.type === 'cloaking');
    expect(cloaking).toBeDefined();
    expect(JSON.stringify(cloaking?.evidence)).toContain('澳门赌场');
    // The browser's copy is clean: no keyword finding from the page citizens see.
    expect(report.findings.find((f) => f.type === 'illegal_content')).toBeUndefined();
    expect(
      seen.some((s) => /Baiduspider/.test(s.ua) && s.referer.startsWith('https://www.baidu.com/s?wd=')),
    ).toBe(true);
    expect(seen.some((s) => /Chrome/.test(s.ua))).toBe(true);
    expect(report.page).toMatchObject({ status: 200, contentType: 'text/html' });
  });

  it('finds no cloaking when both copies agree', async () => {
    const report = await runStaticChecks(`${site.url}/`, {
      fetchOptions: { allowedNetworks: LOOPBACK },
      analyzers: createContentAnalyzers(),
      tls: { probeProtocols: false },
    });
    expect(report.findings.map((f) => f.type)).not.toContain('cloaking');
  });

  it('runs the network checks alone without analyzers and says what did not run', async () => {
    const report = await runStaticChecks(`${site.url}/`, { fetchOptions: { allowedNetworks: LOOPBACK } });
    expect(report.findings.map((f) => f.type)).toEqual(['security_headers']);
    expect(report.notRun[0]).toContain('content analyzers are not available');
  });

  it('throws for a target it may not check', async () => {
    await expect(runStaticChecks(`${site.url}/`, { fetchOptions: {} })).rejects.toMatchObject({
      kind: 'forbidden_address',
    });
  });
});
