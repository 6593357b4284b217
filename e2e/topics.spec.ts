// Hot-topic early warning, end to end in Chromium against `serve` on a fresh embedded SQLite database.
// The office sets ten-second buckets (so the flow runs in a minute rather than hours); a burst of 30
// citizen messages about one water outage is entered through intake; the pipeline job raises an alert;
// the analyst finds it on the topic board, assesses the topic, links the notice issued about it, records
// the public statement (time to first response is shown), and watches the topic cool once the burst is over.
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

const ANALYST = 'e2e.topics';
const PASSWORD = 'Topic-Watch-2026-e2e';
const TOWN = '东湖街道';
const UNIT = '江川自来水公司';

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
  topicId: number;
  kind: string;
  why: { count: number };
}
interface Topic {
  id: number;
  state: string;
  riskLevel: string | null;
  itemCount: number;
  timeToFirstResponseMinutes: number | null;
  links: Array<{ kind: string; targetId: number }>;
  responses: Array<{ channel: string }>;
}

const TAILS = [
  '已经两天了',
  '什么时候恢复',
  '小区没有通知',
  '老人孩子没水喝',
  '物业也说不清楚',
  '请尽快处理',
];

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  // The shape is the documented response of that route; the assertions check the fields used.
  return (await response.json()) as T;
}

describeE2E(
  'topics: a burst of messages to an alert, an assessment, a response and a cooled topic',
  (chromiumPath) => {
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    let office: Page | undefined;
    let admin: ApiClient | undefined;
    let device: TotpDevice | null = null;
    let townId = 0;
    let noticeId = 0;
    let topicId = 0;

    beforeAll(async () => {
      server = await startServer();
      const login = await printedAdminLogin(server);
      admin = new ApiClient(server.url);
      await admin.signIn(login.username, login.password);
      await admin.changePassword(login.password, 'Watch-Tower-2026-topics');
      const root = (await admin.request<Region[]>('GET', '/api/v1/regions')).find((r) => r.parentId === null);
      if (!root) throw new Error('the first start created no root region');
      townId = (
        await admin.request<{ id: number }>('POST', '/api/v1/regions', { parentId: root.id, name: TOWN })
      ).id;
      const unit = await admin.request<{ id: number }>('POST', '/api/v1/units', {
        regionId: root.id,
        name: UNIT,
        kind: 'enterprise',
      });
      // Ten-second buckets, no warm-up: a drill-sized pipeline, so the flow does not wait for hours.
      await admin.request('PUT', '/api/v1/topics/settings', {
        bucketSeconds: 10,
        sensitivity: 6,
        minCount: 12,
        minGrowth: 3,
        warmupBuckets: 0,
        coolingShare: 0.5,
        coldBuckets: 360,
        words: [],
      });
      const notice = await admin.request<{ id: number }>('POST', '/api/v1/notices', {
        unitId: unit.id,
        category: 'other',
        severity: 'III',
        title: '关于东湖街道停水舆情处置的通知',
        description: '东湖街道停水引发群众集中反映，请尽快公布恢复供水时间。',
        requiredActions: '公布抢修进展和恢复时间，设置临时供水点。',
      });
      noticeId = notice.id;
      device = await createSignedUpUser(
        admin,
        {
          username: ANALYST,
          displayName: '研判员小周',
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
    const step = flowSteps('topics', () => office);

    step(
      'a burst of 30 messages about one outage, entered through intake, raises an alert',
      async () => {
        const a = admin;
        if (!a) throw new Error('no admin');
        for (let i = 0; i < 30; i++) {
          await a.request('POST', '/api/v1/intake/cases', {
            type: 'complaint',
            topic: '停水',
            regionId: townId,
            title: `东湖街道停水 ${i + 1}`,
            content: `东湖街道停水，${TAILS[i % TAILS.length]}，自来水公司电话打不通。`,
            publishable: false,
          });
        }
        // The pipeline job runs every 15 seconds.
        await expect
          .poll(async () => (await a.request<Paged<Alert>>('GET', '/api/v1/topic-alerts')).total, {
            timeout: 60_000,
            interval: 2000,
          })
          .toBeGreaterThan(0);
        const alerts = await a.request<Paged<Alert>>('GET', '/api/v1/topic-alerts');
        const alert = alerts.items.find((x) => x.kind === 'topic');
        expect(alert?.why.count).toBeGreaterThanOrEqual(12);
        topicId = alert?.topicId ?? 0;
      },
      90_000,
    );

    step(
      'the analyst signs in and finds the rising topic and its alert on the board',
      async () => {
        const p = page();
        await p.goto('/login');
        await p.getByTestId('login-username').fill(ANALYST);
        await p.getByTestId('login-password').fill(PASSWORD);
        await p.getByTestId('login-submit').click();
        await p.getByTestId('totp-code').fill((await device?.nextCode()) ?? '');
        await p.getByTestId('totp-submit').click();
        await p.waitForURL((url) => url.pathname === '/');
        await p.getByTestId('nav-topics').click();
        await p.waitForURL((url) => url.pathname === '/topics');
        await p.getByTestId('topic-board').waitFor();
        await p.getByTestId(`board-topic-${topicId}`).waitFor();
        expect(await p.getByTestId('board-curves').count()).toBe(1);
        expect(await p.locator('[data-testid^="topic-alert-link-"]').count()).toBeGreaterThan(0);
        await p.getByTestId(`board-topic-${topicId}`).click();
        await p.waitForURL((url) => url.pathname === `/topics/${topicId}`);
        await p.getByTestId('topic-title').waitFor();
        // Ten-second buckets: by now the topic may already be past its peak.
        expect(['rising', 'cooling']).toContain(
          await p.getByTestId('topic-state').first().getAttribute('data-state'),
        );
      },
      60_000,
    );

    step('the analyst assesses the topic: level III, summary and recommended action', async () => {
      const p = page();
      await p.getByTestId('topic-assess').click();
      await p.getByTestId('assess-level').click();
      await p
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: zhCN['topics.risk.III'] })
        .click();
      await p.getByTestId('assess-summary').fill('管网抢修导致东湖街道停水，群众集中反映恢复时间不明。');
      await p.getByTestId('assess-action').fill('督促供水单位公布恢复时间，设置临时供水点。');
      await p.getByTestId('assess-save').click();
      await p.getByTestId('topic-assessment').getByText(zhCN['topics.risk.III']).waitFor();
      const topic = await api<Topic>(p, `/api/v1/topics/${topicId}`);
      expect(topic.riskLevel).toBe('III');
    });

    step('the analyst links the notice issued about it', async () => {
      const p = page();
      await p.getByTestId('topic-link').click();
      await p.getByTestId('link-target').fill(String(noticeId));
      await p.getByTestId('link-save').click();
      await p.getByTestId(`topic-link-notice-${noticeId}`).waitFor();
      const topic = await api<Topic>(p, `/api/v1/topics/${topicId}`);
      expect(topic.links).toEqual([expect.objectContaining({ kind: 'notice', targetId: noticeId })]);
    });

    step('the analyst records the public statement; time to first response is shown', async () => {
      const p = page();
      expect(await p.getByTestId('topic-ttfr').textContent()).toBe(zhCN['topics.notYet']);
      await p.getByTestId('topic-respond').click();
      await p.getByTestId('respond-channel').fill('江川发布政务微博');
      await p.getByTestId('respond-summary').fill('自来水公司公布抢修进展，预计今晚 20 时恢复供水。');
      await p.getByTestId('respond-save').click();
      await p.getByTestId('topic-response').waitFor();
      await expect
        .poll(async () => p.getByTestId('topic-ttfr').textContent())
        .not.toBe(zhCN['topics.notYet']);
      const topic = await api<Topic>(p, `/api/v1/topics/${topicId}`);
      expect(topic.responses).toEqual([expect.objectContaining({ channel: '江川发布政务微博' })]);
      expect(topic.timeToFirstResponseMinutes).not.toBeNull();
    });

    step(
      'with the burst over, the topic cools',
      async () => {
        const p = page();
        await expect
          .poll(async () => (await api<Topic>(p, `/api/v1/topics/${topicId}`)).state, {
            timeout: 75_000,
            interval: 3000,
          })
          .toBe('cooling');
        await p.reload();
        await p.getByTestId('topic-title').waitFor();
        expect(await p.getByTestId('topic-state').first().getAttribute('data-state')).toBe('cooling');
      },
      90_000,
    );
  },
);
