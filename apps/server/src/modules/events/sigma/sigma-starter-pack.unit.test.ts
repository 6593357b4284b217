import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSigmaEngine } from './sigma-engine.ts';
import { loadRulesFromPath } from './sigma-loader.ts';
import type { SigmaEvent } from './sigma-types.ts';

const RULES = path.join(import.meta.dirname, 'rules');

/** An access-log event in the normalised (ECS-like) field names the starter pack assumes. */
function access(
  pathAndQuery: string,
  overrides: { status?: number; ua?: string; ip?: string; method?: string } = {},
): SigmaEvent {
  const [p = '/', q = ''] = pathAndQuery.split('?');
  return {
    logsource: { category: 'webserver' },
    source: { ip: overrides.ip ?? '198.51.100.7' },
    url: { path: p, query: q },
    http: {
      request: { method: overrides.method ?? 'GET' },
      response: { status_code: overrides.status ?? 200 },
    },
    user_agent: { original: overrides.ua ?? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0' },
  };
}

const engine = createSigmaEngine({ rules: loadRulesFromPath(RULES) });
const titles = (event: SigmaEvent) => engine.match(event).map((m) => m.title);

describe('starter pack', () => {
  it('loads every rule and correlation', () => {
    expect(engine.unsupported).toEqual([]);
    expect(engine.stats.rules).toBeGreaterThanOrEqual(12);
    expect(engine.stats.correlations).toBe(2);
  });

  it('stays quiet on ordinary government-site traffic', () => {
    const benign = [
      access('/'),
      access('/index.html'),
      access('/xxgk/zcwj/202611/t20261120_123456.html'),
      access('/search?q=%E5%85%AC%E7%A4%BA%E5%85%AC%E5%91%8A&page=2'),
      access('/static/js/app.3f2a.js'),
      access('/admin/index', { status: 200 }),
      access('/login', { method: 'POST', status: 302 }),
      access('/uploads/2026/11/notice.pdf'),
      access('/news?id=1024&order=desc'),
      access('/robots.txt', { ua: 'Baiduspider/2.0; +http://www.baidu.com/search/spider.html' }),
      access('/api/select-options?type=union'),
      access('/wp-login.php', { status: 200 }),
    ];
    for (const e of benign) expect(titles(e), JSON.stringify(e.url)).toEqual([]);
  });

  it.each([
    ['/uploads/shell.php', 'Request for a Well-Known Web Shell File'],
    ['/images/behinder_v3.jsp', 'Request for a Well-Known Web Shell File'],
    ['/x.php?cmd=whoami', 'Web Shell Command Parameter with an OS Command'],
    ['/a.jsp?exec=cat%20/etc/passwd', 'Web Shell Command Parameter with an OS Command'],
    ['/uploadfiles/2026/a.PHP', 'Script File Uploaded or Requested Under an Upload Directory'],
    ['/ueditor/net/upload/image.aspx;.jpg', 'Script File Uploaded or Requested Under an Upload Directory'],
    ['/.git/config', 'Probe for Exposed Repository, Configuration or Backup Files'],
    ['/.env', 'Probe for Exposed Repository, Configuration or Backup Files'],
    ['/wwwroot.rar', 'Probe for Exposed Repository, Configuration or Backup Files'],
    ['/news?id=1%20UNION%20SELECT%201,2,3', 'SQL Injection Attempt in the URL'],
    ['/news?id=1/**/union/**/all/**/select/**/1', 'SQL Injection Attempt in the URL'],
    ["/news?id=1' or '1'='1", 'SQL Injection Attempt in the URL'],
    ['/news?id=1%27%20or%201=1--', 'SQL Injection Attempt in the URL'],
    ['/news?id=1 and sleep(5)', 'SQL Injection Attempt in the URL'],
    ['/download?file=../../../../etc/passwd', 'Path Traversal Attempt in the URL'],
    ['/download?file=%2e%2e%2f%2e%2e%2fwin.ini', 'Path Traversal Attempt in the URL'],
    ['/static/..%252f..%252fetc', 'Path Traversal Attempt in the URL'],
    ['/static/%2E%2E%5C%2E%2E%5Cboot.ini', 'Path Traversal Attempt in the URL'],
    [`/search?q=${'$'}{jndi:ldap://203.0.113.9/a}`, 'JNDI Lookup (Log4Shell) in a Request'],
    ['/search?q=%3Cscript%3Ealert(1)%3C/script%3E', 'Cross-Site Scripting Probe in the Query'],
  ])('flags %s', (url, title) => {
    expect(titles(access(url))).toContain(title);
  });

  it('flags scanner user agents and WordPress probes on a site that is not WordPress', () => {
    expect(titles(access('/', { ua: 'sqlmap/1.8.2#stable (https://sqlmap.org)' }))).toContain(
      'Vulnerability Scanner User Agent',
    );
    expect(titles(access('/', { ua: 'Mozilla/5.0 (compatible; Nuclei - Open-source project)' }))).toContain(
      'Vulnerability Scanner User Agent',
    );
    expect(titles(access('/wp-login.php', { status: 404 }))).toEqual(['WordPress Probe Answered Not Found']);
  });

  it('raises admin brute force from 10 failed logins by one address within 5 minutes, not from 9', () => {
    const e = createSigmaEngine({ rules: loadRulesFromPath(RULES) });
    const t0 = Date.parse('2026-11-22T08:00:00Z');
    for (let i = 0; i < 9; i++) {
      expect(
        e.correlate(access('/admin/login', { status: 401, ip: '203.0.113.5' }), t0 + i * 20_000),
      ).toEqual([]);
      // failures from other addresses do not add up
      expect(
        e.correlate(access('/admin/login', { status: 401, ip: `203.0.113.${100 + i}` }), t0 + i * 20_000),
      ).toEqual([]);
    }
    expect(e.match(access('/admin/login', { status: 401 }))).toEqual([]); // the base rule does not report alone
    const fired = e.correlate(access('/login', { status: 403, ip: '203.0.113.5' }), t0 + 180_000);
    expect(fired.map((c) => [c.title, c.group])).toEqual([
      ['Brute Force on an Administration Page', { 'source.ip': '203.0.113.5' }],
    ]);
    // slow guessing (one a minute) never reaches 10 in 5 minutes
    for (let i = 0; i < 30; i++)
      expect(e.correlate(access('/admin', { status: 401, ip: '203.0.113.6' }), t0 + i * 60_000)).toEqual([]);
  });

  it('raises directory brute force from 30 distinct missing paths in a minute', () => {
    const e = createSigmaEngine({ rules: loadRulesFromPath(RULES) });
    let fired: unknown[] = [];
    for (let i = 0; i < 29; i++)
      fired = e.correlate(access(`/backup${i}`, { status: 404, ip: '192.0.2.1' }), i * 1000);
    expect(fired).toEqual([]);
    // the same missing path again does not count twice
    expect(e.correlate(access('/backup0', { status: 404, ip: '192.0.2.1' }), 29_500)).toEqual([]);
    expect(e.correlate(access('/backup29', { status: 404, ip: '192.0.2.1' }), 30_000)).toHaveLength(1);
  });
});
