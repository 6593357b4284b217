// Security events, end to end in Chromium against `serve` on a fresh embedded SQLite database (the starter
// Sigma pack is installed on first start). The office registers an HTTP event source for a unit's portal and
// sends its nginx access log with the source's token: SQL injection probes raise an alert. The analyst finds
// it in the alerts list, opens it (the matched field is highlighted in the event), suppresses that scanner
// from the alert (later probes are only counted on the suppression), and raises a notice from it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { ApiClient } from './support/api.ts';
import { newPage } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { printedAdminLogin } from './support/first-admin.ts';
import { type RunningServer, startServer } from './support/server.ts';
import type { TotpDevice } from './support/totp.ts';
import { createSignedUpUser } from './support/users.ts';

const ANALYST = 'e2e.events';
const PASSWORD = 'Sigma-Watch-2026-e2e';
const UNIT = '江川县教育局';
const PORTAL = '江川县教育局门户网站';
const SCANNER = '203.0.113.77';
const SQLI_RULE = '9f234c08-efad-4821-a28a-ee0c2083fdf6';

interface Region {
  id: number;
  parentId: number | null;
}
interface Paged<T> {
  items: T[];
  total: number;
}
interface Alert {
  id: number;
  ruleKey: string;
  title: string;
  state: string;
  count: number;
  groupKey: string;
  assetId: number | null;
  matchedFields: Record<string, string>;
}
interface Suppression {
  id: number;
  hits: number;
  ruleKey: string | null;
  conditions: Array<{ field: string; value: string }>;
}

/** nginx "combined" lines from the scanner: SQL injection in the query string, and one ordinary request. */
function accessLog(n: number, from = 0): string {
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) {
    const second = String(i % 60).padStart(2, '0');
    lines.push(
      `${SCANNER} - - [22/Nov/2026:09:00:${second} +0800] "GET /news/list.php?id=${i}%27%20or%20%271%27=%271 HTTP/1.1" 200 5120 "-" "Mozilla/5.0"`,
    );
  }
  lines.push(
    `198.51.100.20 - - [22/Nov/2026:09:01:00 +0800] "GET /index.html HTTP/1.1" 200 20480 "-" "Mozilla/5.0"`,
  );
  return `${lines.join('\n')}\n`;
}

describeE2E('security events: a source, events, an alert, a suppression and a notice', (chromiumPath) => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let office: Page | undefined;
  let admin: ApiClient | undefined;
  let device: TotpDevice | null = null;
  let token = '';
  let assetId = 0;
  let alertId = 0;

  const send = async (body: string) => {
    if (!server) throw new Error('no server');
    const res = await fetch(`${server.url}/api/v1/events/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()) as { accepted: number; rejected: number };
  };
  const alertsOfScanner = async () => {
    const a = admin;
    if (!a) throw new Error('no admin');
    const list = await a.request<Paged<Alert>>('GET', `/api/v1/events/alerts?ruleKey=${SQLI_RULE}`);
    return list.items.filter((x) => x.groupKey === `source.ip=${SCANNER}`);
  };

  beforeAll(async () => {
    server = await startServer();
    const login = await printedAdminLogin(server);
    admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    await admin.changePassword(login.password, 'Watch-Tower-2026-events');
    const root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
    if (!root) throw new Error('the first start created no root region');
    const unit = await admin.request<{ id: number }>('POST', '/api/v1/units', {
      regionId: root.id,
      name: UNIT,
      kind: 'government',
    });
    assetId = (
      await admin.request<{ id: number }>('POST', '/api/v1/assets', {
        unitId: unit.id,
        kind: 'website',
        name: PORTAL,
        urls: ['https://jy.jiangchuan.example.gov.cn/'],
        mlpsLevel: 2,
      })
    ).id;
    // The office registers the portal's web server as an HTTP source; its token is shown once.
    const source = await admin.request<{ id: number; token: string | null }>(
      'POST',
      '/api/v1/events/sources',
      {
        name: '教育局门户 nginx',
        kind: 'access_log',
        unitId: unit.id,
        assetId,
        transport: 'http',
        timezone: 'Asia/Shanghai',
      },
    );
    if (!source.token) throw new Error('the HTTP source got no token');
    token = source.token;
    device = await createSignedUpUser(
      admin,
      {
        username: ANALYST,
        displayName: '分析员小林',
        role: 'analyst',
        regionId: root.id,
        unitId: null,
      },
      PASSWORD,
    );
    browser = await launchChromium(chromiumPath);
    office = await newPage(browser, server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const page = (): Page => {
    if (!office) throw new Error('no page: the set-up (server or browser) failed');
    return office;
  };
  const step = flowSteps('events', () => office);

  step(
    'the web server sends its access log over HTTP with the source token; the SQL injection probes raise one alert',
    async () => {
      const sent = await send(accessLog(5));
      expect(sent).toMatchObject({ accepted: 6, rejected: 0 });
      await expect
        .poll(async () => (await alertsOfScanner())[0]?.count ?? 0, { timeout: 30_000, interval: 500 })
        .toBe(5);
      const [alert] = await alertsOfScanner();
      expect(alert).toMatchObject({ state: 'new', assetId, title: 'SQL Injection Attempt in the URL' });
      expect(alert?.matchedFields['url.query']).toContain('%27%20or%20%271%27=%271');
      alertId = alert?.id ?? 0;
    },
    60_000,
  );

  step(
    'the analyst signs in, finds the alert in the list and opens it: the matched field is highlighted',
    async () => {
      const p = page();
      await p.goto('/login');
      await p.getByTestId('login-username').fill(ANALYST);
      await p.getByTestId('login-password').fill(PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('totp-code').fill((await device?.nextCode()) ?? '');
      await p.getByTestId('totp-submit').click();
      await p.waitForURL((url) => url.pathname === '/');
      await p.getByTestId('nav-alerts').click();
      await p.waitForURL((url) => url.pathname === '/events/alerts');
      await p.getByTestId('alerts-chart').waitFor();
      await p.getByTestId(`alert-link-${alertId}`).click();
      await p.waitForURL((url) => url.pathname === `/events/alerts/${alertId}`);
      await p.getByTestId('alert-title').getByText('SQL Injection Attempt in the URL').waitFor();
      expect(await p.getByTestId('alert-count').textContent()).toBe('5');
      const highlighted = p.getByTestId('matched-field').first();
      expect(await highlighted.textContent()).toContain('url.query');
      expect(await p.getByTestId('alert-state').first().getAttribute('data-state')).toBe('new');
    },
    60_000,
  );

  step(
    'the analyst suppresses this scanner from the alert; its later probes are counted, not alerted',
    async () => {
      const p = page();
      await p.getByTestId('alert-suppress').click();
      // Prefilled from the alert: its rule and its key (the scanner's address).
      expect(await p.getByTestId('suppression-rule').inputValue()).toBe(SQLI_RULE);
      await p.getByTestId('suppression-reason').fill('本单位委托的漏洞扫描，扫描期内不告警');
      await p.getByTestId('suppression-save').click();
      await p.getByText(zhCN['suppressions.saved']).waitFor();
      const a = admin;
      if (!a) throw new Error('no admin');
      const suppressions = await a.request<Paged<Suppression>>('GET', '/api/v1/events/suppressions');
      expect(suppressions.items).toEqual([
        expect.objectContaining({ ruleKey: SQLI_RULE, conditions: [{ field: 'source.ip', value: SCANNER }] }),
      ]);
      const suppressionId = suppressions.items[0]?.id ?? 0;

      await send(accessLog(4, 10));
      await expect
        .poll(
          async () =>
            (await a.request<Paged<Suppression>>('GET', '/api/v1/events/suppressions')).items[0]?.hits,
          {
            timeout: 30_000,
            interval: 500,
          },
        )
        .toBe(4);
      const alerts = await alertsOfScanner();
      expect(alerts.map((x) => x.count)).toEqual([5]);
      await p.getByTestId('events-view-suppressions').click();
      await p.waitForURL((url) => url.pathname === '/events/suppressions');
      const hits = p.getByTestId(`suppression-hits-${suppressionId}`).first();
      await hits.waitFor();
      await expect.poll(async () => hits.textContent(), { timeout: 15_000 }).toBe('4');
    },
    60_000,
  );

  step(
    'the analyst raises a notice from the alert and lands on its draft',
    async () => {
      const p = page();
      await p.goto(`/events/alerts/${alertId}`);
      await p.getByTestId('alert-raise-notice').click();
      await p.waitForURL((url) => /^\/notices\/\d+\/edit$/.test(url.pathname));
      const noticeId = Number(new URL(p.url()).pathname.split('/')[2]);
      const notice = await p.request.get(`/api/v1/notices/${noticeId}`);
      expect(notice.status()).toBe(200);
      const body = (await notice.json()) as { state: string; assetId: number | null; title: string };
      expect(body).toMatchObject({ state: 'draft', assetId });
      expect(body.title).toContain('SQL Injection Attempt in the URL');
      await p.goto(`/events/alerts/${alertId}`);
      await p.getByTestId('alert-notice-link').waitFor();
    },
    60_000,
  );
});
