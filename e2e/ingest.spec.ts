// Event sources and raw events, end to end in Chromium against `serve` on a fresh embedded SQLite database.
// An analyst registers an HTTP source in the sources page and copies its token from the one-time dialog;
// a sender posts NDJSON with it (one malformed line); the sources page shows the live counters without a
// reload; the raw events page finds the event by text and shows its normalised and original fields.
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

const ANALYST = 'e2e.ingest';
const PASSWORD = 'Journal-Before-Ack-2026';
const UNIT = '澄江市数据局';
const SOURCE = '数据局 WAF';

interface Region {
  id: number;
  parentId: number | null;
}

async function pick(page: Page, testId: string, optionLabel: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.getByTestId(testId).locator('input').fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionLabel })
    .click();
}

describeE2E('event ingest: register a source, send events, see counters and raw events', (chromiumPath) => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let office: Page | undefined;
  let device: TotpDevice | null = null;
  let token = '';

  beforeAll(async () => {
    server = await startServer();
    const login = await printedAdminLogin(server);
    const admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    await admin.changePassword(login.password, 'Watch-Tower-2026-ingest');
    const root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
    if (!root) throw new Error('the first start created no root region');
    await admin.request('POST', '/api/v1/units', { regionId: root.id, name: UNIT, kind: 'government' });
    device = await createSignedUpUser(
      admin,
      { username: ANALYST, displayName: '分析员小周', role: 'analyst', regionId: root.id, unitId: null },
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
  const step = flowSteps('ingest', () => office);

  step(
    'the analyst registers an HTTP source in the sources page and gets its token once',
    async () => {
      const p = page();
      await p.goto('/login');
      await p.getByTestId('login-username').fill(ANALYST);
      await p.getByTestId('login-password').fill(PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('totp-code').fill((await device?.nextCode()) ?? '');
      await p.getByTestId('totp-submit').click();
      await p.waitForURL((url) => url.pathname === '/');
      await p.getByTestId('nav-eventSources').click();
      await p.waitForURL((url) => url.pathname === '/events/sources');
      await p.getByText(zhCN['sources.none']).waitFor();
      await p.getByTestId('source-add').click();
      await p.getByTestId('source-name').fill(SOURCE);
      await pick(p, 'source-unit', UNIT, UNIT.slice(0, 3));
      await pick(p, 'source-kind', zhCN['enum.sourceKind.ndjson']);
      await pick(p, 'source-transport', zhCN['enum.sourceTransport.http']);
      await p.getByTestId('source-save').click();
      const secret = p.getByTestId('source-token');
      await secret.waitFor();
      token = await secret.inputValue();
      expect(token).toMatch(/^sw_/);
      await p.getByTestId('source-token-close').click();
      await p.getByText(SOURCE).waitFor();
    },
    90_000,
  );

  step(
    'a sender posts NDJSON with the token; the sources page shows the counters without a reload',
    async () => {
      if (!server) throw new Error('no server');
      const body = [
        JSON.stringify({
          '@timestamp': new Date().toISOString(),
          message: 'WAF blocked webshell upload',
          source: { ip: '203.0.113.66' },
        }),
        JSON.stringify({
          '@timestamp': new Date().toISOString(),
          message: 'WAF allowed',
          host: { name: 'waf01' },
        }),
        '{"message": "cut off',
      ].join('\n');
      const res = await fetch(`${server.url}/api/v1/events/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ accepted: 2, rejected: 1 });
      const p = page();
      const counts = p.locator('[data-testid^="source-counts-"]').first();
      await expect
        .poll(async () => (await counts.textContent())?.replace(/\s+/g, ''), { timeout: 20_000 })
        .toContain('3/2/1/0');
    },
    60_000,
  );

  step(
    'the raw events page finds the event by text and shows its normalised and original fields',
    async () => {
      const p = page();
      await p.getByTestId('nav-rawEvents').click();
      await p.waitForURL((url) => url.pathname === '/events/raw');
      await p.getByTestId('raw-search').locator('input').fill('webshell');
      await p.getByTestId('raw-search').locator('input').press('Enter');
      const row = p.getByTestId('raw-table').getByText('WAF blocked webshell upload');
      await row.waitFor();
      await row.click();
      const detail = p.getByTestId('raw-detail');
      await detail.waitFor();
      expect(await detail.textContent()).toContain('203.0.113.66');
    },
    60_000,
  );
});
