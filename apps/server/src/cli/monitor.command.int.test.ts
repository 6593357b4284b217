import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startHttpServer } from '../modules/monitoring/fetch/fetch.test-support.ts';
import {
  chromiumRequired,
  OBFUSCATED_HREF,
  OBFUSCATED_SCRIPT,
  testChromium,
} from '../modules/monitoring/render/render.test-support.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/shouwang.js');
// No database involved: run once, in the SQLite project. Each run starts a Node process: allow for it.
const describeOnce = describe.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');
const CLI_TIMEOUT = 60_000;

/** Runs the real CLI asynchronously (the test's own server must keep answering meanwhile). */
function shouwang(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SHOUWANG_') && k !== 'DATABASE_URL') env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...env, LOG_LEVEL: 'silent', ...extraEnv }, timeout: 50_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describeOnce('shouwang monitor check', () => {
  let site: LocalServer;

  beforeAll(async () => {
    site = await startHttpServer((req, res) => {
      if (req.url === '/scripted') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<html><head><title>某县人民政府</title></head><body><p>欢迎访问</p>${OBFUSCATED_SCRIPT}` +
            '<footer>京ICP备12345678号-1</footer></body></html>',
        );
      } else if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<html><head><title>某县人民政府</title></head><body><p>欢迎访问</p>' +
            '<div style="display:none"><a href="http://casino-bet.example/">澳门赌场 在线博彩</a></div>' +
            '<a href="/gone">旧页面</a><footer>京ICP备12345678号-1</footer></body></html>',
        );
      } else if (req.url === '/down') {
        res.writeHead(503);
        res.end('maintenance');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  afterAll(async () => {
    await site.close();
  });

  it(
    'prints the findings as JSON and exits 1 when there are findings',
    async () => {
      const r = await shouwang([
        'monitor',
        'check',
        `${site.url}/`,
        '--allow-network',
        '127.0.0.0/8',
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.page).toMatchObject({
        status: 200,
        remoteAddress: '127.0.0.1',
        contentType: 'text/html',
      });
      const types: string[] = report.findings.map((f: { type: string }) => f.type);
      expect(types).toContain('security_headers');
      for (const f of report.findings) {
        expect(f).toMatchObject({
          severity: expect.stringMatching(/^(I|II|III|IV)$/),
          evidence: expect.any(Object),
        });
      }
      // The content analyzers run on the same fetched page: the hidden gambling link, its keywords, the dead link.
      expect(types).toEqual(expect.arrayContaining(['hidden_links', 'illegal_content', 'broken_links']));
      const hidden = report.findings.find((f: { type: string }) => f.type === 'hidden_links');
      expect(JSON.stringify(hidden.evidence)).toContain('http://casino-bet.example/');
      const broken = report.findings.find((f: { type: string }) => f.type === 'broken_links');
      expect(broken.evidence.broken).toEqual(
        expect.arrayContaining([{ url: `${site.url}/gone`, status: 404 }]),
      );
      expect(types).not.toContain('icp_missing');
      expect(report.notRun).toEqual([
        'defacement: needs an accepted baseline (kept by scheduled monitoring)',
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'prints a readable report, and reports a server error as the site being down',
    async () => {
      const r = await shouwang(['monitor', 'check', `${site.url}/down`, '--allow-network', '127.0.0.0/8']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${site.url}/down -> ${site.url}/down: HTTP 503 from 127.0.0.1`);
      expect(r.stdout).toMatch(/\[III\] site_down: Server error: HTTP 503/);
    },
    CLI_TIMEOUT,
  );

  const chromium = testChromium();
  if (!chromium && !chromiumRequired()) console.log('monitor check --render test SKIPPED: no Chromium');
  it.skipIf(chromium === null && !chromiumRequired())(
    'with --render also renders the page in Chromium: a link only a browser sees, and the screenshot',
    async () => {
      if (!chromium) throw new Error('E2E_REQUIRED=1 but no Chromium (/usr/bin/chromium or CHROMIUM_PATH)');
      const shot = path.join(mkdtempSync(path.join(tmpdir(), 'sw-cli-')), 'page.png');
      const r = await shouwang(
        [
          'monitor',
          'check',
          `${site.url}/scripted`,
          '--allow-network',
          '127.0.0.0/8',
          '--no-tls-probe',
          '--json',
          '--render',
          '--screenshot',
          shot,
        ],
        { SHOUWANG_MONITOR_CHROMIUM: chromium },
      );
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.rendered).toMatchObject({ outcome: 'ok', scriptOnly: 1 });
      expect(report.rendered.hiddenLinks[0]).toMatchObject({ href: OBFUSCATED_HREF, staticAlso: false });
      // The static checks alone found no hidden link here: the rendered one becomes the finding.
      const hidden = report.findings.find((f: { type: string }) => f.type === 'hidden_links');
      expect(hidden?.evidence).toMatchObject({ source: 'rendered', count: 1 });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    },
    CLI_TIMEOUT,
  );

  it(
    'exits 2 for a loopback target without --allow-network, a bad network and a bad URL',
    async () => {
      const [refused, badNet, badUrl] = await Promise.all([
        shouwang(['monitor', 'check', `${site.url}/`, '--json']),
        shouwang(['monitor', 'check', `${site.url}/`, '--allow-network', '127.0.0.0/40']),
        shouwang(['monitor', 'check', 'ftp://files.example.gov.cn/']),
      ]);
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stdout).error).toMatchObject({ kind: 'forbidden_address', phase: 'dns' });
      expect(badNet).toMatchObject({ code: 2, stdout: '' });
      expect(badNet.stderr).toContain('--allow-network: "127.0.0.0/40": prefix length must be 0 to 32');
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toContain('only http and https URLs can be monitored');
    },
    CLI_TIMEOUT,
  );
});
