// The notice loop (通报处置), end to end in Chromium against the real server on a fresh embedded SQLite
// database, with two people in two browser contexts: an office analyst (desktop, TOTP) and a unit
// handler (a 390 × 844 phone). The analyst drafts and issues a notice; the handler finds it in the unit
// inbox, signs, reports back with a photo; the analyst returns it with a reason and a new deadline; the
// handler reports back again; the analyst verifies and closes it. The home dashboard's figures follow
// each step, and the notice's DOCX opens with its document number.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  paragraphWith,
  readDocx,
} from '../apps/server/src/modules/notices/documents/docx-reader.test-support.ts';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { formatRate } from '../apps/web/src/pages/notices/notice-logic.ts';
import { ApiClient } from './support/api.ts';
import { newPage, signIn } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { printedAdminLogin } from './support/first-admin.ts';
import { buildPng } from './support/png.ts';
import { type RunningServer, startServer } from './support/server.ts';
import type { TotpDevice } from './support/totp.ts';
import { createSignedUpUser } from './support/users.ts';

const UNIT = '端到端通报测试中心';
const TITLE = '门户网站存在SQL注入漏洞';
const DESCRIPTION = '经监测，贵单位门户网站搜索接口存在SQL注入漏洞，可导致数据库信息泄露。';
const REQUIRED = '立即修复漏洞，排查是否已被利用，并于期限内反馈整改情况。';
const RETURN_REASON = '整改报告未附复测截图，请补充后重新反馈。';
const ANALYST = 'e2e.analyst';
const HANDLER = 'e2e.handler';
const PASSWORD = 'Notice-Loop-2026-e2e';
const PHONE = { width: 390, height: 844 };

interface Region {
  id: number;
  parentId: number | null;
  name: string;
}
interface Attachment {
  kind: string;
  fileName: string;
  contentType: string;
  uploadedByName: string;
}
interface TimelineEntry {
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  actorName: string;
}
interface NoticeDetail {
  id: number;
  docNumber: string | null;
  title: string;
  state: string;
  unitName: string;
  rectifyDueAt: string | null;
  returnCount: number;
  attachments: Attachment[];
  timeline: TimelineEntry[];
}
interface Paged<T> {
  items: T[];
  total: number;
}

/** GET through the page's own session (its cookies), as the web app itself would call the API. */
async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  // The shape is the documented response of that route; the assertions below check the fields used.
  return (await response.json()) as T;
}

/** The figure a home-page dashboard card shows, once it has loaded. */
async function stat(page: Page, key: 'open' | 'overdue' | 'signing' | 'rectification'): Promise<string> {
  const value = page.getByTestId(`notice-stat-${key}`).locator('.ant-statistic-content');
  await value.waitFor();
  return ((await value.textContent()) ?? '').trim();
}

/** Opens the home page and waits for the notice dashboard's figures (not the loading placeholders). */
async function dashboard(
  page: Page,
): Promise<Record<'open' | 'overdue' | 'signing' | 'rectification', string>> {
  await page.getByTestId('nav-home').click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByTestId('notice-dashboard').waitFor();
  await expect.poll(() => stat(page, 'open'), { timeout: 20_000 }).toMatch(/^\d+$/);
  return {
    open: await stat(page, 'open'),
    overdue: await stat(page, 'overdue'),
    signing: await stat(page, 'signing'),
    rectification: await stat(page, 'rectification'),
  };
}

/** Picks an option of an Ant Design select by its visible label. */
async function pick(page: Page, testId: string, optionLabel: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.getByTestId(testId).locator('input').fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionLabel })
    .click();
}

/** Takes a transition from the notice page through its dialog and waits for the state the server answers. */
async function act(page: Page, action: string, fill: (dialog: Page) => Promise<void>, state: string) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId(`action-form-${action}`).waitFor();
  await fill(page);
  await page.getByTestId('action-submit').click();
  await page.getByTestId(`action-form-${action}`).waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('notice-state').getAttribute('data-state')).toBe(state);
}

/** A Shanghai wall-clock time `days` ahead at 17:00, as the dialog's input text and as the ISO instant. */
function shanghaiDeadline(days: number): { text: string; iso: string } {
  const shanghai = new Date(Date.now() + 8 * 3600_000 + days * 24 * 3600_000);
  const date = shanghai.toISOString().slice(0, 10);
  return { text: `${date} 17:00`, iso: new Date(`${date}T17:00:00+08:00`).toISOString() };
}

describeE2E('notice loop: analyst and unit handler, create to close', (chromiumPath) => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let office: Page | undefined;
  let phone: Page | undefined;
  let analystDevice: TotpDevice | null = null;
  let unitId = 0;
  let noticeId = 0;
  let docNumber = '';
  let before: Awaited<ReturnType<typeof dashboard>> | undefined;

  beforeAll(async () => {
    server = await startServer();
    const login = await printedAdminLogin(server);
    const admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    await admin.changePassword(login.password, 'Watch-Tower-2026-e2e');
    const root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
    if (!root) throw new Error('the first start created no root region');
    const unit = await admin.request<{ id: number }>('POST', '/api/v1/units', {
      regionId: root.id,
      name: UNIT,
      kind: 'government',
    });
    unitId = unit.id;
    // The analyst's role needs an authenticator (the default SHOUWANG_TOTP_REQUIRED_ROLES); the handler's not.
    analystDevice = await createSignedUpUser(
      admin,
      { username: ANALYST, displayName: '分析员小王', role: 'analyst', regionId: root.id },
      PASSWORD,
    );
    if (!analystDevice) throw new Error('the analyst was not asked to enrol an authenticator');
    const handlerDevice = await createSignedUpUser(
      admin,
      { username: HANDLER, displayName: '经办人小李', role: 'unit_handler', regionId: root.id, unitId },
      PASSWORD,
    );
    expect(handlerDevice, 'unit handlers sign in without an authenticator').toBeNull();

    browser = await launchChromium(chromiumPath);
    office = await newPage(browser, server.url);
    phone = await newPage(browser, server.url, { viewport: PHONE, mobile: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const analystPage = (): Page => {
    if (!office) throw new Error('no office page: the set-up (server or browser) failed');
    return office;
  };
  const handlerPage = (): Page => {
    if (!phone) throw new Error('no phone page: the set-up (server or browser) failed');
    return phone;
  };
  let lastPage: Page | undefined;
  const step = flowSteps('notice-loop', () => lastPage);
  const onOffice = () => {
    lastPage = analystPage();
    return lastPage;
  };
  const onPhone = () => {
    lastPage = handlerPage();
    return lastPage;
  };
  const noticePage = async (p: Page) => {
    await p.goto(`/notices/${noticeId}`);
    await p.getByTestId('notice-title').waitFor();
  };

  step(
    'the analyst signs in with password and authenticator; the dashboard shows no open notice',
    async () => {
      const p = onOffice();
      await signIn(p, ANALYST, PASSWORD, analystDevice);
      await p.waitForURL((url) => url.pathname === '/');
      before = await dashboard(p);
      expect(before).toEqual({
        open: '0',
        overdue: '0',
        signing: zhCN['noticeDash.noRate'],
        rectification: zhCN['noticeDash.noRate'],
      });
    },
    90_000,
  );

  step('the analyst drafts a notice for the unit and issues it: it gets a document number', async () => {
    const p = onOffice();
    await p.getByTestId('nav-notices').click();
    await p.waitForURL((url) => url.pathname === '/notices');
    await p.getByTestId('notice-new').click();
    await p.waitForURL((url) => url.pathname === '/notices/new');
    await pick(p, 'notice-unit', UNIT, UNIT.slice(0, 4));
    await p.getByTestId('notice-severity-II').click();
    await pick(p, 'notice-category', zhCN['enum.noticeCategory.vulnerability']);
    await p.getByTestId('notice-title-input').fill(TITLE);
    await p.getByTestId('notice-description-input').fill(DESCRIPTION);
    await p.getByTestId('notice-required-actions').fill(REQUIRED);
    await p.getByTestId('notice-save').click();
    await p.waitForURL((url) => /^\/notices\/\d+$/.test(url.pathname));
    noticeId = Number(new URL(p.url()).pathname.split('/').pop());
    expect(await p.getByTestId('notice-state').getAttribute('data-state')).toBe('draft');
    expect(await p.getByTestId('notice-title').textContent()).toBe(TITLE);

    await act(p, 'issue', async () => {}, 'issued');
    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice).toMatchObject({ state: 'issued', unitName: UNIT, title: TITLE });
    expect(notice.docNumber).toMatch(/^.+网信通〔\d{4}〕1号$/);
    docNumber = notice.docNumber ?? '';
    expect(await p.getByTestId('notice-doc-number').textContent()).toContain(docNumber);

    const now = await dashboard(p);
    expect(now.open).toBe('1');
    expect(now.overdue).toBe('0');
  });

  step('the handler signs in on a phone and finds the notice in the unit inbox', async () => {
    const p = onPhone();
    await signIn(p, HANDLER, PASSWORD);
    // A unit user's home is the inbox.
    await p.waitForURL((url) => url.pathname === '/my-notices');
    const card = p.getByTestId(`inbox-card-${noticeId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain(TITLE);
    expect(await card.textContent()).toContain(docNumber);
    // The card is made for the phone: it fits the 390 px screen without sideways scrolling.
    const box = await card.boundingBox();
    expect(box?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(PHONE.width);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  step('the handler signs the notice from the inbox card', async () => {
    const p = onPhone();
    await p.getByTestId(`inbox-sign-${noticeId}`).click();
    await p.getByTestId('action-form-sign').waitFor();
    await p.getByTestId('action-submit').click();
    await p.getByTestId('action-form-sign').waitFor({ state: 'detached' });
    await p.getByTestId(`inbox-report_back-${noticeId}`).waitFor();
    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice.state).toBe('signed');
  });

  step('the handler reports back with a photo taken as evidence', async () => {
    const p = onPhone();
    await p.getByTestId(`inbox-report_back-${noticeId}`).click();
    await p.getByTestId('action-form-report_back').waitFor();
    await p.getByTestId('action-photo-input').setInputFiles({
      name: 'fix-screenshot.png',
      mimeType: 'image/png',
      buffer: buildPng(64, 48),
    });
    await p.getByText(zhCN['notice.uploadedCount'].replace('{count}', '1')).waitFor();
    await p.getByTestId('action-note').fill('已修复搜索接口，改为参数化查询，并完成复测。');
    await p.getByTestId('action-submit').click();
    await p.getByTestId('action-form-report_back').waitFor({ state: 'detached' });

    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice.state).toBe('reported');
    expect(notice.attachments).toEqual([
      expect.objectContaining({
        kind: 'evidence',
        fileName: 'fix-screenshot.png',
        contentType: 'image/png',
        uploadedByName: '经办人小李',
      }),
    ]);
    // A reported notice waits for the office: no more actions on the card.
    await expect.poll(() => p.getByTestId(`inbox-report_back-${noticeId}`).count()).toBe(0);
  });

  const newDeadline = shanghaiDeadline(10);
  step('the analyst returns it with a reason and a new deadline', async () => {
    const p = onOffice();
    await noticePage(p);
    await act(
      p,
      'return',
      async () => {
        await p.getByTestId('action-reason').fill(RETURN_REASON);
        // Ant Design puts the test id on the picker's input (or its wrapper, depending on the version).
        const input = p
          .locator('input[data-testid=action-deadline], [data-testid=action-deadline] input')
          .first();
        await input.click();
        await input.fill(newDeadline.text);
        // Confirm with the picker's OK button (Enter would submit the whole dialog at once).
        await p.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
        await p.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
        expect(await input.inputValue()).toBe(newDeadline.text);
      },
      'returned',
    );
    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice).toMatchObject({ state: 'returned', returnCount: 1, rectifyDueAt: newDeadline.iso });
    expect(notice.timeline.at(-1)).toMatchObject({
      action: 'return',
      fromState: 'reported',
      toState: 'returned',
      reason: RETURN_REASON,
    });
    expect(await p.getByTestId('notice-rectify-due').textContent()).toContain(newDeadline.text);
  });

  step('the handler sees it returned, adds evidence and reports back again', async () => {
    const p = onPhone();
    await p.reload();
    const card = p.getByTestId(`inbox-card-${noticeId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain(zhCN['enum.noticeState.returned']);
    await p.getByTestId(`inbox-photo-${noticeId}-input`).setInputFiles({
      name: 'retest.png',
      mimeType: 'image/png',
      buffer: buildPng(80, 60, [30, 120, 200]),
    });
    await p.getByText(zhCN['notice.uploaded'].replace('{file}', 'retest.png')).waitFor();
    await p.getByTestId(`inbox-report_back-${noticeId}`).click();
    await p.getByTestId('action-form-report_back').waitFor();
    await p.getByTestId('action-note').fill('已补充复测截图。');
    await p.getByTestId('action-submit').click();
    await p.getByTestId('action-form-report_back').waitFor({ state: 'detached' });

    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice.state).toBe('reported');
    expect(notice.attachments.map((a) => a.fileName).sort()).toEqual(['fix-screenshot.png', 'retest.png']);
  });

  step('the analyst starts verification and closes the notice', async () => {
    const p = onOffice();
    await noticePage(p);
    await act(p, 'start_verification', async () => {}, 'verifying');
    await act(p, 'close', async () => {}, 'closed');
    const notice = await api<NoticeDetail>(p, `/api/v1/notices/${noticeId}`);
    expect(notice.timeline.map((e) => e.action)).toEqual([
      'create',
      'issue',
      'sign',
      'attachment_added',
      'report_back',
      'return',
      'attachment_added',
      'report_back',
      'start_verification',
      'close',
    ]);
    await p.getByTestId('notice-tab-timeline').click();
    await expect.poll(() => p.getByTestId('timeline-entry').count()).toBe(notice.timeline.length);
    const closed = await api<Paged<{ id: number }>>(p, '/api/v1/notices?state=closed');
    expect(closed.items.map((n) => n.id)).toEqual([noticeId]);
  });

  step('the dashboard counts the notice as closed on time', async () => {
    const p = onOffice();
    const after = await dashboard(p);
    expect(after).toEqual({
      open: '0',
      overdue: '0',
      signing: formatRate(1),
      rectification: formatRate(1),
    });
    expect(after).not.toEqual(before);
  });

  step('the notice downloads as a DOCX that opens and carries its document number', async () => {
    const p = onOffice();
    await noticePage(p);
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('notice-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = await download.path();
    const { paragraphs } = await readDocx(await readFile(file));
    expect(paragraphWith(paragraphs, docNumber).text).toContain(docNumber);
    expect(paragraphWith(paragraphs, UNIT).text).toContain(UNIT);
    expect(paragraphs.some((para) => para.text.includes(TITLE))).toBe(true);
  });
});
