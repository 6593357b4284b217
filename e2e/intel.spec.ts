// Threat intelligence, end to end in Chromium against `serve` on a fresh SQLite database. An analyst adds a
// STIX feed in the browser, uploads a bundle (one indicator has a broken pattern, one cannot be matched:
// both are reported), finds an indicator by searching and opens it; then a web server sends an access log
// line from that address, and the indicator's alert (rule key ioc:<id>) appears.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { ApiClient } from './support/api.ts';
import { newPage, screenshot } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { printedAdminLogin } from './support/first-admin.ts';
import { type RunningServer, startServer } from './support/server.ts';
import type { TotpDevice } from './support/totp.ts';
import { createSignedUpUser } from './support/users.ts';

const ANALYST = 'e2e.intel';
const PASSWORD = 'Intel-Watch-2026-e2e';
const C2 = '203.0.113.66';

interface Region {
  id: number;
  parentId: number | null;
}
interface Paged<T> {
  items: T[];
  total: number;
}

const id = (n: number) => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const BUNDLE = JSON.stringify({
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000000',
  objects: [
    {
      type: 'indicator',
      spec_version: '2.1',
      id: id(1),
      created: '2026-11-01T00:00:00Z',
      modified: '2026-11-01T00:00:00Z',
      name: '境外控制服务器',
      pattern: `[ipv4-addr:value = '${C2}']`,
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00Z',
      confidence: 90,
    },
    {
      type: 'indicator',
      id: id(2),
      pattern: "[domain-name:value = 'c2.bad.example']",
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00Z',
    },
    {
      type: 'indicator',
      id: id(3),
      pattern: '[network-traffic:dst_port = 4444]',
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00Z',
    },
    {
      type: 'indicator',
      id: id(4),
      pattern: "[ipv4-addr:value = '1.2.3.4'",
      valid_from: '2026-11-01T00:00:00Z',
    },
  ],
});

describeE2E('threat intelligence: a feed, an upload, an indicator and its alert', (chromiumPath) => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let office: Page | undefined;
  let admin: ApiClient | undefined;
  let device: TotpDevice | null = null;
  let token = '';
  let indicatorId = 0;

  beforeAll(async () => {
    server = await startServer();
    const login = await printedAdminLogin(server);
    admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    await admin.changePassword(login.password, 'Watch-Tower-2026-intel');
    const root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
    if (!root) throw new Error('the first start created no root region');
    const unit = await admin.request<{ id: number }>('POST', '/api/v1/units', {
      regionId: root.id,
      name: '江川县人民医院',
      kind: 'government',
    });
    const source = await admin.request<{ token: string | null }>('POST', '/api/v1/events/sources', {
      name: '医院门户 nginx',
      kind: 'access_log',
      unitId: unit.id,
      transport: 'http',
      timezone: 'Asia/Shanghai',
    });
    if (!source.token) throw new Error('the HTTP source got no token');
    token = source.token;
    device = await createSignedUpUser(
      admin,
      {
        username: ANALYST,
        displayName: '情报分析员',
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
  const step = flowSteps('intel', () => office);

  step(
    'the analyst adds a STIX feed and uploads a bundle: the result lists the broken pattern',
    async () => {
      const p = page();
      await p.goto('/login');
      await p.getByTestId('login-username').fill(ANALYST);
      await p.getByTestId('login-password').fill(PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('totp-code').fill((await device?.nextCode()) ?? '');
      await p.getByTestId('totp-submit').click();
      await p.waitForURL((url) => url.pathname === '/');
      await p.getByTestId('nav-indicators').click();
      await p.waitForURL((url) => url.pathname === '/events/indicators');
      await p.getByText(zhCN['intel.none']).waitFor();
      await p.getByTestId('intel-view-feeds').click();
      await p.getByText(zhCN['intel.feeds.none']).waitFor();
      await p.getByTestId('feed-add').click();
      await p.getByTestId('feed-name').fill('国家平台 STIX 共享');
      await p.getByTestId('feed-ttl').fill('90');
      await p.getByTestId('feed-save').click();
      await p.getByText(zhCN['intel.feeds.saved']).waitFor();
      await p.locator('[data-testid^="feed-upload-"]').waitFor();
      await p.locator('input[type=file]').setInputFiles({
        name: 'bundle.json',
        mimeType: 'application/json',
        buffer: Buffer.from(BUNDLE),
      });
      const result = p.getByTestId('import-result').first();
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      expect(text).toContain(zhCN['intel.feeds.lastStatus.partial']);
      expect(text).toContain('新增 3');
      expect(text).toContain('无法匹配 1');
      expect(text).toContain(`objects[3] ${id(4)}`);
      expect(text).toContain('pattern: expected "]" but found the end of the pattern');
      await p.getByRole('button', { name: /知道了|OK/ }).click();
      await p.getByTestId('feeds-chart').waitFor();
      await screenshot(p, 'intel-feeds');
    },
    90_000,
  );

  step(
    'the analyst searches the indicators and opens the C2 address: its pattern and match clause show',
    async () => {
      const p = page();
      await p.getByTestId('intel-view-indicators').click();
      await p.getByTestId('indicator-search').locator('input').fill(C2);
      await p.getByTestId('indicator-search').locator('input').press('Enter');
      const a = admin;
      if (!a) throw new Error('no admin');
      const list = await a.request<Paged<{ id: number; value: string }>>(
        'GET',
        `/api/v1/events/intel/indicators?q=${C2}`,
      );
      indicatorId = list.items[0]?.id ?? 0;
      expect(list.total).toBe(1);
      await p.getByTestId(`indicator-${indicatorId}`).click();
      await p.getByTestId('indicator-pattern').getByText(`[ipv4-addr:value = '${C2}']`).waitFor();
      await p.getByTestId('indicator-drawer').getByText('境外控制服务器').waitFor();
      await p.getByTestId('indicator-drawer').getByText(`ipv4: ${C2}`).waitFor();
      await screenshot(p, 'intel-indicator');
    },
    60_000,
  );

  step(
    'a web server logs a request from the C2 address: the indicator raises its alert',
    async () => {
      if (!server) throw new Error('no server');
      const line = `${C2} - - [22/Nov/2026:09:00:00 +0800] "GET /index.html HTTP/1.1" 200 512 "-" "curl/8"\n`;
      const res = await fetch(`${server.url}/api/v1/events/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body: line,
      });
      expect(res.status, await res.clone().text()).toBe(202);
      const a = admin;
      if (!a) throw new Error('no admin');
      await expect
        .poll(
          async () =>
            (
              await a.request<Paged<{ ruleKey: string; title: string }>>(
                'GET',
                `/api/v1/events/alerts?ruleKey=ioc:${indicatorId}`,
              )
            ).items.map((x) => x.title),
          { timeout: 30_000, interval: 500 },
        )
        .toEqual(['境外控制服务器']);
    },
    60_000,
  );
});
