// Citizen cases on the staff side, end to end in Chromium against the real server on a fresh embedded SQLite
// database. An office administrator (desktop, TOTP) sets up routing through the new settings page — a rule
// for road complaints, moved ahead of the general rule — and the workflow deadlines (bad input is refused
// in the user's language, in Chinese and in English); opens the inbox, searches and filters, opens the
// case and its photo evidence (thumbnail, type by content, download), and dispatches it to the unit the
// rule suggests. The unit handler, on a 390 × 844 phone, signs the case and drafts the reply from the
// phone view; the office approves the reply. The backlog dashboard shows the case in the right counts
// and its XLSX export downloads as a workbook the server's own xlsx library reads back. Last, the admin adds
// a report category of the office's own on the settings page; the public page offers it until it is
// switched off, and the inbox filter still lists it, marked deactivated.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { enUS } from '../apps/web/src/i18n/en-US.ts';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { CATALOGS } from '../apps/web/src/public/i18n.ts';
import { ApiClient } from './support/api.ts';
import { newPage, screenshot, signIn } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { printedAdminLogin } from './support/first-admin.ts';
import { buildPng } from './support/png.ts';
import { type RunningServer, startServer } from './support/server.ts';
import type { TotpDevice } from './support/totp.ts';
import { createSignedUpUser } from './support/users.ts';

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Intake-Staff-2026-e2e';
const OFFICER = 'e2e.intake.office';
const HANDLER = 'e2e.intake.roads';
const ROADS = '端到端道路养护所';
const GENERAL = '端到端综合服务中心';
const TITLE = '人民路桥下积水严重';
const CONTENT = '人民路铁路桥下每逢下雨积水超过半米，车辆无法通行，请尽快处理。';
const REPORT = '有人冒充客服以退款为名骗取验证码，网址见附件。';
const REPLY = '经现场查看，桥下排水泵损坏，已于本周更换并清理排水沟，积水问题已解决。';
const CATEGORY = 'ticket_scalping';
const CATEGORY_ZH = '网络黄牛倒票';

interface Region {
  id: number;
  parentId: number | null;
  name: string;
}
interface CaseSummary {
  id: number;
  title: string;
  state: string;
  unitId: number | null;
  suggestion: { unitId: number; unitName: string } | null;
}
interface RuleList {
  items: { id: number; topic: string | null; messageType: string | null; unitId: number; position: number }[];
}
interface UnitKpi {
  unitName: string;
  dispatched: number;
  completed: number;
  onTimeSigningRate: number | null;
}
interface Dashboard {
  backlog: { total: number; overdue: number; units: number };
  kpisByUnit: UnitKpi[];
}

/** GET through the page's own session, as the web app itself would call the API. */
async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  // The shape is the documented response of that route; the assertions check the fields they use.
  return (await response.json()) as T;
}

/** Picks an option of an Ant Design select by its visible label, typing `search` first when given. */
async function pick(page: Page, testId: string, optionLabel: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.getByTestId(testId).locator('input').fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionLabel })
    .first()
    .click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** The figure a dashboard card shows once it has loaded. */
async function stat(page: Page, key: string): Promise<string> {
  const value = page.getByTestId(`intake-stat-${key}`).locator('.ant-statistic-content');
  await value.waitFor();
  return ((await value.textContent()) ?? '').trim();
}

/** The text of every cell of the table row that names `label`. */
async function rowCells(page: Page, tableTestId: string, label: string): Promise<string[]> {
  const row = page.getByTestId(tableTestId).locator('tr', { hasText: label }).first();
  await row.waitFor();
  return (await row.locator('td').allTextContents()).map((s) => s.trim());
}

/** A public submission with files, as the public page sends it (multipart: `data` JSON and `files`). */
async function submitWithPhoto(baseUrl: string, data: Record<string, unknown>, photo: Buffer, name: string) {
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  form.append('files', new Blob([new Uint8Array(photo)], { type: 'image/png' }), name);
  const res = await fetch(`${baseUrl}/api/v1/public/messages/with-files`, {
    method: 'POST',
    body: form,
    headers: { 'accept-language': 'zh-CN' },
  });
  if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
}

describeE2E(
  'citizen cases, staff side: routing rules, inbox, evidence, dispatch, phone reply, dashboard',
  (chromiumPath) => {
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    let office: Page | undefined;
    let phone: Page | undefined;
    let admin: ApiClient | undefined;
    let officerDevice: TotpDevice | null = null;
    let root: Region | undefined;
    let roadsId = 0;
    let generalId = 0;
    let generalRuleId = 0;
    let roadsRuleId = 0;
    let caseId = 0;
    let reportId = 0;

    beforeAll(async () => {
      server = await startServer();
      const login = await printedAdminLogin(server);
      admin = new ApiClient(server.url);
      await admin.signIn(login.username, login.password);
      await admin.changePassword(login.password, 'Watch-Tower-2026-e2e');
      root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
      if (!root) throw new Error('the first start created no root region');
      const unit = async (name: string) =>
        (
          await admin?.request<{ id: number }>('POST', '/api/v1/units', {
            regionId: root?.id,
            name,
            kind: 'government',
          })
        )?.id ?? 0;
      roadsId = await unit(ROADS);
      generalId = await unit(GENERAL);
      // Office administrators need an authenticator (the default SHOUWANG_TOTP_REQUIRED_ROLES); handlers do not.
      officerDevice = await createSignedUpUser(
        admin,
        { username: OFFICER, displayName: '来件管理员小周', role: 'office_admin', regionId: root.id },
        PASSWORD,
      );
      if (!officerDevice) throw new Error('the office admin was not asked to enrol an authenticator');
      await createSignedUpUser(
        admin,
        {
          username: HANDLER,
          displayName: '养护所经办人老陈',
          role: 'unit_handler',
          regionId: root.id,
          unitId: roadsId,
        },
        PASSWORD,
      );
      // The office's existing general rule: every message to the general service centre.
      generalRuleId = (
        await admin.request<{ id: number }>('POST', '/api/v1/intake/routing-rules', {
          kind: 'message',
          unitId: generalId,
        })
      ).id;

      // A citizen's message with a photo (a PNG named .jpg: the staff page shows what it really is) …
      await submitWithPhoto(
        server.url,
        {
          type: 'complaint',
          topic: '道路积水',
          regionId: root.id,
          title: TITLE,
          content: CONTENT,
          contactPhone: '13900139000',
          publishable: true,
        },
        buildPng(120, 90, [40, 90, 160]),
        '积水现场.jpg',
      );
      // … and a report of a fraud site, dispatched to the general centre and left open (the backlog).
      const res = await fetch(`${server.url}/api/v1/public/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
        body: JSON.stringify({
          category: 'fraud',
          urls: ['https://refund-scam.example/'],
          description: REPORT,
        }),
      });
      if (res.status !== 201) throw new Error(`report answered ${res.status}: ${await res.text()}`);
      const received = await admin.request<{ items: CaseSummary[] }>(
        'GET',
        '/api/v1/intake/cases?pageSize=50',
      );
      caseId = received.items.find((c) => c.title === TITLE)?.id ?? 0;
      reportId = received.items.find((c) => c.id !== caseId)?.id ?? 0;
      if (!caseId || !reportId) throw new Error('the two cases were not stored');
      await admin.request('POST', `/api/v1/intake/cases/${reportId}/dispatch`, { unitId: generalId });

      browser = await launchChromium(chromiumPath);
      office = await newPage(browser, server.url);
      phone = await newPage(browser, server.url, { viewport: PHONE, mobile: true });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    let lastPage: Page | undefined;
    const step = flowSteps('intake-staff', () => lastPage);
    const onOffice = (): Page => {
      if (!office) throw new Error('no office page: the set-up (server or browser) failed');
      lastPage = office;
      return office;
    };
    const onPhone = (): Page => {
      if (!phone) throw new Error('no phone page: the set-up (server or browser) failed');
      lastPage = phone;
      return phone;
    };
    const casePage = async (p: Page) => {
      await p.goto(`/cases/${caseId}`);
      await p.getByTestId('case-page').waitFor();
    };
    const caseState = (p: Page) => p.getByTestId('case-state').textContent();

    step(
      'the office admin signs in and finds the case settings in the intake menu',
      async () => {
        const p = onOffice();
        await signIn(p, OFFICER, PASSWORD, officerDevice);
        await p.waitForURL((url) => url.pathname === '/');
        await p.getByTestId('nav-casesSettings').click();
        await p.waitForURL((url) => url.pathname === '/cases/settings');
        await p.getByTestId('routing-rules-table').waitFor();
        // The general rule is listed as this office's own, first.
        await expect
          .poll(() => p.getByTestId(`routing-rule-target-${generalRuleId}`).textContent())
          .toBe(GENERAL);
      },
      90_000,
    );

    step(
      'a rule for road complaints in the region, moved ahead of the general rule, suggests the roads unit',
      async () => {
        const p = onOffice();
        // Saving without a unit is refused on the form, in Chinese.
        await p.getByTestId('routing-rule-new').click();
        await p.getByTestId('routing-rule-topic').fill('积水');
        await p.getByTestId('routing-rule-save').click();
        await p.locator('.ant-drawer-open .ant-form-item-explain-error').first().waitFor();
        expect(
          await p.locator('.ant-drawer-open .ant-form-item-explain-error').first().textContent(),
        ).toContain(zhCN['intake.rules.unit']);
        await p.getByTestId('routing-rule-region').click();
        await p
          .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', {
            hasText: root?.name ?? '',
          })
          .first()
          .click();
        await pick(p, 'routing-rule-kind', zhCN['intake.kindValue.message']);
        await pick(p, 'routing-rule-message-type', zhCN['intake.messageTypeValue.complaint']);
        await pick(p, 'routing-rule-unit', ROADS, ROADS.slice(0, 5));
        await p.getByTestId('routing-rule-save').click();
        await p
          .locator('.ant-drawer-open')
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        await expect
          .poll(async () => (await api<RuleList>(p, '/api/v1/intake/routing-rules')).items.length)
          .toBe(2);
        const created = (await api<RuleList>(p, '/api/v1/intake/routing-rules')).items.find(
          (r) => r.id !== generalRuleId,
        );
        expect(created).toMatchObject({ topic: '积水', messageType: 'complaint', unitId: roadsId });
        roadsRuleId = created?.id ?? 0;
        await expect
          .poll(() => p.getByTestId(`routing-rule-target-${roadsRuleId}`).textContent())
          .toBe(ROADS);

        // Still second: the general rule wins and the inbox suggests the general centre.
        let inbox = await api<{ items: CaseSummary[] }>(p, '/api/v1/intake/cases?status=received');
        expect(inbox.items.find((c) => c.id === caseId)?.suggestion?.unitId).toBe(generalId);
        await p.getByTestId(`routing-rule-up-${roadsRuleId}`).click();
        await expect
          .poll(async () => (await api<RuleList>(p, '/api/v1/intake/routing-rules')).items.map((r) => r.id))
          .toEqual([roadsRuleId, generalRuleId]);
        await expect.poll(() => p.getByTestId(`routing-rule-up-${roadsRuleId}`).isDisabled()).toBe(true);
        inbox = await api<{ items: CaseSummary[] }>(p, '/api/v1/intake/cases?status=received');
        expect(inbox.items.find((c) => c.id === caseId)?.suggestion?.unitId).toBe(roadsId);
        await screenshot(p, 'intake-staff-rules');
      },
    );

    step(
      'the workflow deadlines refuse a bad duration in the user’s language and save a good one',
      async () => {
        const p = onOffice();
        await p.getByTestId('intake-settings-tab-workflow').click();
        await p.getByTestId('workflow-handle-complaint').waitFor();
        const error = p.getByTestId('workflow-form').locator('.ant-form-item-explain-error').first();
        await p.getByTestId('workflow-handle-complaint').fill('七天');
        await p.getByTestId('workflow-save').click();
        await expect.poll(() => error.textContent()).toBe(zhCN['settings.durationInvalid']);
        // The same refusal in English once the user switches language (the page reloads the settings).
        await p.getByTestId('language-switch').click();
        await expect.poll(() => p.getByTestId('workflow-save').textContent()).toBe(enUS['common.save']);
        await p.getByTestId('workflow-handle-complaint').fill('seven days');
        await p.getByTestId('workflow-save').click();
        await expect.poll(() => error.textContent()).toBe(enUS['settings.durationInvalid']);
        await p.getByTestId('language-switch').click();
        const before = await api<{ inheritedFromRegionId: number | null }>(p, '/api/v1/intake/settings');
        expect(before.inheritedFromRegionId, 'nothing was saved').toBeNull();

        await p.getByTestId('workflow-handle-complaint').fill('7wd');
        await p.getByTestId('workflow-leader-approval').uncheck();
        await p.getByTestId('workflow-save').click();
        await expect
          .poll(() => p.getByTestId('workflow-source').textContent())
          .toBe(zhCN['intake.workflow.own']);
        const saved = await api<{
          handleDeadlines: { complaint: string };
          inheritedFromRegionId: number | null;
        }>(p, '/api/v1/intake/settings');
        expect(saved).toMatchObject({
          handleDeadlines: { complaint: '7wd' },
          inheritedFromRegionId: root?.id,
        });
      },
    );

    step('the inbox finds the case by search and filters, with the rule’s suggestion', async () => {
      const p = onOffice();
      await p.getByTestId('nav-cases').click();
      await p.waitForURL((url) => url.pathname === '/cases');
      const rows = p.getByTestId('cases-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(1); // received only: the report was dispatched already
      await pick(p, 'cases-state', zhCN['intake.stateValue.dispatched']);
      await p.getByTestId(`case-row-${reportId}`).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
      await p.getByTestId('cases-state').hover();
      await p.getByTestId('cases-state').locator('.ant-select-clear').click();
      await expect.poll(() => rows.count()).toBe(2);
      await pick(p, 'cases-kind', zhCN['intake.kindValue.report']);
      await expect.poll(() => rows.count()).toBe(1);
      await p.getByTestId(`case-row-${reportId}`).waitFor();
      await p.getByTestId('cases-kind').hover();
      await p.getByTestId('cases-kind').locator('.ant-select-clear').click();
      await p.getByTestId('cases-search').locator('input').fill('桥下积水');
      await p.getByTestId('cases-search').locator('input').press('Enter');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await p.getByTestId(`case-suggestion-${caseId}`).textContent()).toContain(ROADS);
      await p.getByTestId(`case-row-${caseId}`).click();
      await p.waitForURL((url) => url.pathname === `/cases/${caseId}`);
      await p.getByTestId('case-page').waitFor();
    });

    step('the case page shows the photo evidence: thumbnail, real type, size, download', async () => {
      const p = onOffice();
      const files = await api<{
        items: { id: number; name: string; sniffedType: string; mediaType: string }[];
      }>(p, `/api/v1/intake/cases/${caseId}/files`);
      const file = files.items[0];
      expect(file).toMatchObject({ name: '积水现场.jpg', sniffedType: 'png', mediaType: 'image/png' });
      const id = file?.id ?? 0;
      const thumb = p.getByTestId('case-files').locator('img').first();
      await thumb.waitFor();
      // The image really loaded through the evidence route (the session's cookie, the case's access check).
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
      expect(await p.getByTestId(`case-file-sniffed-${id}`).textContent()).toContain('png');
      expect(await p.getByTestId(`case-file-type-${id}`).textContent()).toContain('image/png');
      expect(await p.getByTestId(`case-file-mismatch-${id}`).textContent()).toBe(
        zhCN['intake.files.mismatch'],
      );
      expect(await p.getByTestId(`case-file-size-${id}`).textContent()).toContain('120×90');
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.getByTestId(`case-file-download-${id}`).click(),
      ]);
      expect(download.suggestedFilename()).toBe('积水现场.jpg');
      const bytes = await readFile(await download.path());
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      await screenshot(p, 'intake-staff-case');
    });

    step('the office dispatches the case to the unit the rule suggests', async () => {
      const p = onOffice();
      await p.getByTestId('case-action-dispatch').click();
      const dialog = p.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByTestId('case-action-unit').textContent()).toContain(ROADS);
      await p.getByTestId('case-action-ok').click();
      await expect.poll(() => caseState(p)).toBe(zhCN['intake.stateValue.dispatched']);
      const detail = await api<{ unitId: number; state: string }>(p, `/api/v1/intake/cases/${caseId}`);
      expect(detail).toMatchObject({ unitId: roadsId, state: 'dispatched' });
    });

    step(
      'the unit handler signs the case and drafts the reply on a phone',
      async () => {
        const p = onPhone();
        await signIn(p, HANDLER, PASSWORD);
        await p.waitForURL((url) => url.pathname === '/my-notices');
        await p.getByTestId('nav-toggle').click();
        await p.getByTestId('nav-myCases').click();
        await p.waitForURL((url) => url.pathname === '/my-cases');
        const card = p.getByTestId(`my-case-${caseId}`);
        await card.waitFor();
        expect(await card.textContent()).toContain(TITLE);
        // Made for the phone: the card fits the 390 px screen without sideways scrolling.
        expect((await card.boundingBox())?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
          PHONE.width,
        );
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

        await p.getByTestId(`my-case-sign-${caseId}`).click();
        await p.getByTestId('case-action-ok').click();
        await p.getByTestId(`my-case-submit_reply-${caseId}`).click();
        await p.getByTestId('case-action-reply').fill(REPLY);
        await screenshot(p, 'intake-staff-phone-reply');
        await p.getByTestId('case-action-ok').click();
        await p.getByTestId('case-action-reply').waitFor({ state: 'detached' });
        // Waiting for the office now: no more steps on the card.
        await expect.poll(() => p.getByTestId(`my-case-submit_reply-${caseId}`).count()).toBe(0);
        const detail = await api<{ state: string; replyDraft: string }>(p, `/api/v1/intake/cases/${caseId}`);
        expect(detail).toMatchObject({ state: 'reply_review', replyDraft: REPLY });
      },
      60_000,
    );

    step('the office approves the reply', async () => {
      const p = onOffice();
      await casePage(p);
      expect(await p.getByTestId('case-reply').textContent()).toContain(REPLY);
      await p.getByTestId('case-action-approve_reply').click();
      expect(await p.getByTestId('case-action-reply').inputValue()).toBe(REPLY);
      await p.getByTestId('case-action-ok').click();
      await expect.poll(() => caseState(p)).toBe(zhCN['intake.stateValue.replied']);
    });

    step('the backlog dashboard counts the case, and its XLSX export opens as a workbook', async () => {
      const p = onOffice();
      await p.getByTestId('nav-casesDashboard').click();
      await p.waitForURL((url) => url.pathname === '/cases/dashboard');
      // Only the report is still open; it waits at the general centre.
      await expect.poll(() => stat(p, 'backlog'), { timeout: 20_000 }).toBe('1');
      expect(await stat(p, 'overdue')).toBe('0');
      expect(await stat(p, 'units')).toBe('1');
      const dash = await api<Dashboard>(p, '/api/v1/intake/dashboard');
      expect(dash.backlog).toMatchObject({ total: 1, overdue: 0, units: 1 });
      const roads = dash.kpisByUnit.find((u) => u.unitName === ROADS);
      expect(roads).toMatchObject({ dispatched: 1, completed: 1, onTimeSigningRate: 1 });
      // The table's row for the roads unit: dispatched 1, signed on time 100%, completed 1.
      const cells = await rowCells(p, 'intake-kpi-table', ROADS);
      expect(cells.slice(0, 4)).toEqual([ROADS, '1', '100.0%', '1']);

      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.getByTestId('intake-dashboard-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(bytes).buffer);
      const text: string[] = [];
      workbook.eachSheet((sheet) => {
        sheet.eachRow((row) => {
          text.push(row.values?.toString() ?? '');
        });
      });
      expect(workbook.worksheets.length).toBeGreaterThan(0);
      expect(text.join('\n')).toContain(ROADS);
      expect(text.join('\n')).toContain(GENERAL);
    });
    step(
      'a report category added on the settings page is offered on the public form until it is switched off',
      async () => {
        const p = onOffice();
        await p.goto('/cases/settings?tab=categories');
        await p.getByTestId('categories-table').waitFor();
        // The shipped categories are read-only: a state tag, no switch and no edit button.
        await p.getByTestId('category-state-fraud').waitFor();
        expect(await p.getByTestId('category-edit-fraud').count()).toBe(0);
        expect(await p.getByTestId('category-active-fraud').count()).toBe(0);
        // A shipped code is refused by the server, the message placed on the code field, in Chinese.
        await p.getByTestId('category-new').click();
        await p.getByTestId('category-code').fill('fraud');
        await p.getByTestId('category-name-zh').fill(CATEGORY_ZH);
        await p.getByTestId('category-name-en').fill('Ticket scalping');
        await p.getByTestId('category-save').click();
        const codeError = p.locator('.ant-drawer-open .ant-form-item-explain-error').first();
        await expect.poll(() => codeError.textContent()).toBe('“fraud”是系统内置类别的代码');
        await p.getByTestId('category-code').fill(CATEGORY);
        await p.getByTestId('category-save').click();
        const toggle = p.getByTestId(`category-active-${CATEGORY}`);
        await toggle.waitFor();
        await p
          .locator('.ant-drawer-open')
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        await screenshot(p, 'intake-staff-categories');
        expect(await rowCells(p, 'categories-table', CATEGORY)).toContain(CATEGORY_ZH);

        if (!browser || !server) throw new Error('no browser or server');
        const citizen = await newPage(browser, server.url);
        await citizen.goto('/public/#report');
        const select = citizen.getByLabel(new RegExp(`^${CATALOGS['zh-CN'].category}`));
        const option = (name: string) => select.locator('option', { hasText: name });
        await expect.poll(() => option(CATEGORY_ZH).count()).toBe(1);

        // Switched off: the public form no longer offers it (the shipped ones are there, so it has loaded).
        await toggle.click();
        await expect
          .poll(async () => {
            const list = await api<{ items: { code: string; active: boolean }[] }>(
              p,
              '/api/v1/intake/categories',
            );
            return list.items.find((c) => c.code === CATEGORY)?.active;
          })
          .toBe(false);
        await citizen.reload();
        await expect.poll(() => option('诈骗').count()).toBe(1);
        expect(await option(CATEGORY_ZH).count()).toBe(0);
        await citizen.context().close();

        // The inbox filter still lists it, marked deactivated: its cases are still there.
        await p.getByTestId('nav-cases').click();
        await p.waitForURL((url) => url.pathname === '/cases');
        await p.getByTestId('cases-category').click();
        const marked = zhCN['intake.categoryInactive'].replace('{name}', CATEGORY_ZH);
        await p
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: marked })
          .waitFor();
        await p.keyboard.press('Escape');
      },
      60_000,
    );
  },
);
