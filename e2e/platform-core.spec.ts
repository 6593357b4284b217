// The platform core, end to end in Chromium against the real server on a fresh embedded SQLite database:
// the first administrator signs in with the one-time password the server prints, enrols an authenticator
// and replaces the password; creates a unit; imports assets from an XLSX with one bad row, sees that
// row's error and confirms the rest; finds the audit entries; switches to English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { assetTextZhCN } from '../apps/server/src/modules/assets/i18n/zh-CN.ts';
import { enUS } from '../apps/web/src/i18n/en-US.ts';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { newPage } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { type Login, printedAdminLogin } from './support/first-admin.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { TotpDevice } from './support/totp.ts';
import { buildXlsx, XLSX_MIME } from './support/xlsx.ts';

const NEW_PASSWORD = 'Watchtower-2026-e2e';
const UNIT = '端到端测试局';
const PORTAL = '端到端测试局门户网站';
const OA = '端到端测试局办公系统';
const BAD = '端到端测试局错误网站';
const BAD_URL = 'ftp://bad.example.gov.cn/';
const FILE_NAME = 'e2e-assets.xlsx';

/** Fills {placeholders} the way the web app's translate() does. */
function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

interface Paged<T> {
  items: T[];
  total: number;
}
interface Region {
  id: number;
  parentId: number | null;
  name: string;
}
interface Unit {
  id: number;
  name: string;
  regionId: number;
  kind: string;
}
interface Asset {
  id: number;
  name: string;
  unitId: number;
  kind: string;
  urls: string[];
  mlpsLevel: number | null;
}
interface AuditEntry {
  action: string;
  actorName: string;
  resourceType: string;
  resourceId: string | null;
}
interface Me {
  username: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  locale: string | null;
}

/** GET through the page's own session (its cookies), as the web app itself would call the API. */
async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  // The shape is the documented response of that route; the assertions below check the fields used.
  return (await response.json()) as T;
}

describeE2E('platform core: first sign-in, unit, asset import, audit, English', (chromiumPath) => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let admin: Login;
  let unit: Unit | undefined;
  let importedIds: number[] = [];

  beforeAll(async () => {
    server = await startServer();
    admin = await printedAdminLogin(server);
    browser = await launchChromium(chromiumPath);
    page = await newPage(browser, server.url, { locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const current = (): Page => {
    if (!page) throw new Error('no page: the set-up (server or browser) failed');
    return page;
  };
  const step = flowSteps('platform-core', () => page);

  step(
    'the first administrator signs in with the printed password, enrols TOTP and replaces the password',
    async () => {
      const p = current();
      await p.goto('/');
      await p.waitForURL((url) => url.pathname === '/login');
      await p.getByText(zhCN['login.title'], { exact: true }).first().waitFor();

      await p.getByTestId('login-username').fill(admin.username);
      await p.getByTestId('login-password').fill(admin.password);
      await p.getByTestId('login-submit').click();

      await p.getByText(zhCN['login.enrolTitle'], { exact: true }).waitFor();
      expect(await p.getByTestId('enrol-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      const secret = ((await p.getByTestId('enrol-secret').textContent()) ?? '').match(/[A-Z2-7]{16,}/)?.[0];
      expect(secret, 'the enrolment shows the base32 secret').toBeTruthy();
      const device = new TotpDevice(secret ?? '');
      await p.getByTestId('enrol-code').fill(await device.nextCode());
      await p.getByTestId('enrol-submit').click();

      // The one-time password must be replaced before anything else.
      await p.waitForURL((url) => url.pathname === '/password');
      await p.getByText(zhCN['password.forced']).waitFor();
      await p.getByTestId('password-current').fill(admin.password);
      await p.getByTestId('password-new').fill(NEW_PASSWORD);
      await p.getByTestId('password-confirm').fill(NEW_PASSWORD);
      await p.getByTestId('password-submit').click();

      await p.waitForURL((url) => url.pathname === '/');
      await p.getByText(fill(zhCN['home.welcome'], { name: admin.username })).waitFor();
      await p.getByTestId('stat-total').waitFor();
      const me = await api<Me>(p, '/api/v1/auth/me');
      expect(me).toMatchObject({ username: admin.username, totpEnabled: true, mustChangePassword: false });
    },
  );

  step('creates a unit in the root region', async () => {
    const p = current();
    await p.getByTestId('nav-org').click();
    await p.waitForURL((url) => url.pathname === '/org');
    const root = (await api<Region[]>(p, '/api/v1/regions')).find((r) => r.parentId === null);
    expect(root, 'the first start created a root region').toBeDefined();
    const rootId = root?.id ?? 0;

    await p.getByTestId(`region-${rootId}`).click();
    await p.getByTestId('unit-new').click();
    await p.getByTestId('unit-name').fill(UNIT);
    await p.getByTestId('unit-save').click();
    await p.getByRole('cell', { name: UNIT, exact: true }).waitFor();

    const units = await api<Paged<Unit>>(p, `/api/v1/units?q=${encodeURIComponent(UNIT)}`);
    expect(units.total).toBe(1);
    unit = units.items[0];
    expect(unit).toMatchObject({ name: UNIT, regionId: rootId, kind: 'government' });
  });

  step('imports assets from an XLSX: the bad row is reported, the valid rows are imported', async () => {
    const p = current();
    const columns = assetTextZhCN.columns;
    const xlsx = await buildXlsx(
      assetTextZhCN.sheetName,
      [
        columns.name,
        columns.kind,
        columns.unit,
        columns.domains,
        columns.urls,
        columns.ips,
        columns.mlpsLevel,
      ],
      [
        [
          PORTAL,
          '网站',
          UNIT,
          'www.e2e.example.gov.cn',
          'https://www.e2e.example.gov.cn/',
          '203.0.113.20',
          2,
        ],
        [OA, '信息系统', UNIT, null, 'https://oa.e2e.example.gov.cn/', '10.20.30.40', 3],
        // Row 4 of the sheet: an ftp:// address is not a website URL.
        [BAD, '网站', UNIT, 'bad.example.gov.cn', BAD_URL, null, 2],
      ],
    );

    await p.getByTestId('nav-assets').click();
    await p.waitForURL((url) => url.pathname === '/assets');
    await p.getByTestId('asset-import').click();
    await p
      .getByTestId('import-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: FILE_NAME, mimeType: XLSX_MIME, buffer: xlsx });

    const summary = p.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      fill(zhCN['import.summary'], { file: FILE_NAME, total: 3, valid: 2, errors: 1 }),
    );
    const errorRows = p.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    expect(await errorRows.count()).toBe(1);
    const cells = await errorRows.first().locator('td').allTextContents();
    expect(cells[0]?.trim()).toBe('4');
    expect(cells.join(' ')).toContain(fill(assetTextZhCN.messages.url_invalid, { value: BAD_URL }));

    await p.getByTestId('import-confirm').click();
    await p.getByText(fill(zhCN['import.done'], { count: 2 })).waitFor();
    await p.getByRole('cell', { name: PORTAL, exact: true }).waitFor();
    await p.getByRole('cell', { name: OA, exact: true }).waitFor();

    const assets = await api<Paged<Asset>>(p, `/api/v1/assets?q=${encodeURIComponent('端到端测试局')}`);
    expect(assets.items.map((a) => a.name).sort()).toEqual([OA, PORTAL].sort());
    expect(assets.items.every((a) => a.unitId === unit?.id)).toBe(true);
    const portal = assets.items.find((a) => a.name === PORTAL);
    expect(portal).toMatchObject({
      kind: 'website',
      urls: ['https://www.e2e.example.gov.cn/'],
      mlpsLevel: 2,
    });
    importedIds = assets.items.map((a) => a.id);
  });

  step('finds the unit and the import in the audit log', async () => {
    const p = current();
    await p.getByTestId('nav-audit').click();
    await p.waitForURL((url) => url.pathname === '/audit');
    await p.getByText(zhCN['audit.title'], { exact: true }).first().waitFor();

    // The action column of every row on screen, once the table has applied a filter.
    const rows = p.locator('tr.ant-table-row');
    const shownActions = async () => (await rows.locator('.ant-tag').allTextContents()).sort();
    const action = p.getByTestId('audit-action').locator('input');
    await action.fill('unit.create');
    await action.press('Enter');
    await expect.poll(shownActions, { timeout: 20_000 }).toEqual(['unit.create']);
    expect(await rows.first().textContent()).toContain(admin.username);

    await action.fill('asset.*');
    await action.press('Enter');
    await expect
      .poll(shownActions, { timeout: 20_000 })
      .toEqual(['asset.create', 'asset.create', 'asset.import']);

    const units = await api<Paged<AuditEntry>>(p, '/api/v1/audit?action=unit.create');
    expect(units.items).toEqual([
      expect.objectContaining({
        actorName: admin.username,
        resourceType: 'unit',
        resourceId: String(unit?.id),
      }),
    ]);
    const assets = await api<Paged<AuditEntry>>(p, '/api/v1/audit?action=asset.*');
    expect(assets.items.filter((e) => e.action === 'asset.import')).toHaveLength(1);
    expect(
      assets.items
        .filter((e) => e.action === 'asset.create')
        .map((e) => e.resourceId)
        .sort(),
    ).toEqual(importedIds.map(String).sort());
  });

  step('switches the language to English, and the choice survives a reload', async () => {
    const p = current();
    await p.getByTestId('language-switch').click();
    await p.getByTestId('nav-assets').getByText(enUS['nav.assets'], { exact: true }).waitFor();
    expect(await p.getByTestId('nav-audit').textContent()).toBe(enUS['nav.audit']);
    await p.getByText(enUS['audit.title'], { exact: true }).first().waitFor();
    expect(await p.locator('body').textContent()).not.toContain(zhCN['nav.assets']);

    await p.reload();
    await p.getByTestId('nav-home').getByText(enUS['nav.home'], { exact: true }).waitFor();
    await expect
      .poll(async () => (await api<Me>(p, '/api/v1/auth/me')).locale, { timeout: 20_000 })
      .toBe('en-US');
  });
});
