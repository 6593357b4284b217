// Website monitoring, end to end in Chromium against `serve --demo` (its local demo websites on free
// loopback ports) on a fresh embedded SQLite database. The administrator signs in (TOTP, new password);
// switches monitoring on for a website through "monitor this site" and takes its baseline with "run
// now"; on the demo hospital site, whose homepage hides gambling links with display:none, runs the checks
// now, sees the hidden-link finding and follows it to its notice, and sees the page rendered in Chromium
// (the rendering pass: screenshot and the links the browser hides); on the demo town site whose links a
// script builds at runtime, the finding only the browser saw opens on the findings page with its
// screenshot; then the first site's homepage is defaced (the spec serves it), "run now" shows the pending
// change in the diff view, and accepting the new baseline resolves the defacement finding.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { renderArticlePage, renderGovPage } from '../apps/server/src/modules/demo/sites/gov-page.ts';
import { RUNTIME_SPAM_LINKS } from '../apps/server/src/modules/demo/sites/runtime-spam.ts';
import { defacedPage } from '../apps/server/src/modules/demo/sites/spam.ts';
import { zhCN } from '../apps/web/src/i18n/zh-CN.ts';
import { newPage, screenshot } from './support/browser.ts';
import { launchChromium } from './support/chromium.ts';
import { describeE2E, flowSteps } from './support/e2e.ts';
import { type Login, printedAdminLogin } from './support/first-admin.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { TotpDevice } from './support/totp.ts';

const NEW_PASSWORD = 'Watchtower-2026-monitor';
const OWN_SITE = '端到端监测测试网站';
/** The demo asset whose demo website hides links with display:none (site-catalog.ts). */
const HIDDEN_SITE = '青山县人民医院网站';
/** The demo asset whose spam links a script builds at runtime: only the rendering pass sees them. */
const RUNTIME_SITE = '青山镇政府网站';
const RUNTIME_UNIT = '青山镇人民政府';

interface Paged<T> {
  items: T[];
  total: number;
}
interface SiteFinding {
  findingId: number;
  type: string;
  severity: string;
  title: string;
  isHomepage: boolean;
  noticeId: number | null;
}
interface SiteRender {
  renderId: number;
  outcome: string;
  screenshot: { width: number; height: number } | null;
  hiddenLinks: Array<{ href: string; reasons: string[] }>;
}
interface SiteDetail {
  monitorId: number;
  assetId: number;
  enabled: boolean;
  intervalSeconds: number;
  baselines: Array<{ pageUrl: string; hasPendingChange: boolean }>;
  openFindings: SiteFinding[];
  renders: SiteRender[];
}
interface SiteSummary {
  monitorId: number;
  assetId: number;
  assetName: string;
  enabled: boolean;
}
interface Finding {
  id: number;
  status: string;
  noticeId: number | null;
  resolvedAt: string | null;
  evidence: { source?: string; rendered?: { renderId: number; screenshotFileId: number | null } };
}
interface Notice {
  id: number;
  title: string;
  severity: string;
  assetId: number | null;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  // The shape is the documented response of that route; the assertions below check the fields used.
  return (await response.json()) as T;
}

/** Picks an option of an Ant Design select by its visible label, typing `search` first. */
async function pick(page: Page, testId: string, optionLabel: string, search: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).locator('input').fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionLabel })
    .first()
    .click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** A government portal on loopback whose homepage the spec can deface. */
function startPortal(): Promise<{ url: string; deface(): void; close(): Promise<void> }> {
  let defaced = false;
  const normal = renderGovPage({
    siteName: OWN_SITE,
    organiser: '端到端测试局',
    seed: 42,
    now: new Date(),
    visits: 1234,
    friendlyLinks: [],
  });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body =
      path === '/' ? (defaced ? defacedPage(OWN_SITE) : normal) : renderArticlePage(OWN_SITE, path);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      // Listening on a TCP address, so address() is an AddressInfo, never a pipe name.
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        deface: () => {
          defaced = true;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describeE2E(
  'website monitoring: enable, hidden links to a notice, defacement diff and new baseline',
  (chromiumPath) => {
    let server: RunningServer | undefined;
    let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
    let browser: Browser | undefined;
    let page: Page | undefined;
    let admin: Login;
    let ownMonitorId = 0;
    let hiddenMonitorId = 0;
    let defacementId = 0;

    beforeAll(async () => {
      portal = await startPortal();
      server = await startServer({
        demo: true,
        serveArgs: ['--demo-sites-port', '0'],
        // The rendering pass on, with the Chromium the spec drives.
        env: { SHOUWANG_MONITOR_CHROMIUM: chromiumPath, SHOUWANG_MONITOR_RENDER_CONCURRENCY: '2' },
        startTimeoutMs: 120_000,
      });
      admin = await printedAdminLogin(server);
      browser = await launchChromium(chromiumPath);
      page = await newPage(browser, server.url, { locale: 'zh-CN' });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await portal?.close();
    });

    const current = (): Page => {
      if (!page) throw new Error('no page: the set-up (server or browser) failed');
      return page;
    };
    const step = flowSteps('monitoring', () => page);
    const detail = (monitorId: number) => api<SiteDetail>(current(), `/api/v1/monitoring/sites/${monitorId}`);

    step(
      'the administrator signs in with the printed password, enrols TOTP and replaces the password',
      async () => {
        const p = current();
        await p.goto('/login');
        await p.getByTestId('login-username').fill(admin.username);
        await p.getByTestId('login-password').fill(admin.password);
        await p.getByTestId('login-submit').click();
        await p.getByText(zhCN['login.enrolTitle'], { exact: true }).waitFor();
        const secret = ((await p.getByTestId('enrol-secret').textContent()) ?? '').match(
          /[A-Z2-7]{16,}/,
        )?.[0];
        expect(secret, 'the enrolment shows the base32 secret').toBeTruthy();
        await p.getByTestId('enrol-code').fill(await new TotpDevice(secret ?? '').nextCode());
        await p.getByTestId('enrol-submit').click();
        await p.waitForURL((url) => url.pathname === '/password');
        await p.getByTestId('password-current').fill(admin.password);
        await p.getByTestId('password-new').fill(NEW_PASSWORD);
        await p.getByTestId('password-confirm').fill(NEW_PASSWORD);
        await p.getByTestId('password-submit').click();
        await p.waitForURL((url) => url.pathname === '/');
      },
    );

    step(
      'the office grades broken links on a homepage as severity III in the monitoring policy',
      async () => {
        const p = current();
        await p.goto('/monitoring');
        await p.getByTestId('monitoring-view-policy').click();
        await p.waitForURL((url) => url.pathname === '/monitoring/policy');
        await p.getByTestId('monitoring-rendering-status').waitFor();
        expect(await p.getByTestId('monitoring-rendering-status').getAttribute('data-enabled')).toBe('true');
        expect(await p.getByTestId('monitoring-rendering-version').textContent()).toMatch(/Chromium|Chrome/);
        await p.getByTestId('severity-policy-source').getByText(zhCN['monitoring.policyShipped']).waitFor();
        await p.getByTestId('severity-broken_links-homepage').click();
        await p
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
          .getByText(zhCN['enum.severity.III'], { exact: true })
          .click();
        await p.getByTestId('severity-policy-save').click();
        await p.getByTestId('severity-policy-source').getByText(zhCN['monitoring.policyOwn']).waitFor();
        const policy = await api<{
          types: Record<string, { homepage: string; other: string }>;
          inheritedFrom: number;
        }>(p, '/api/v1/monitoring/severity-policy');
        expect(policy.types.broken_links).toEqual({ homepage: 'III', other: 'IV' });
        // The rest stays as shipped (the steps below expect homepage hidden links and defacement at II).
        expect(policy.types.hidden_links).toEqual({ homepage: 'II', other: 'III' });
        expect(policy.types.defacement).toEqual({ homepage: 'II', other: 'III' });
        // Kept across a reload.
        await p.reload();
        await p.getByTestId('severity-policy-source').getByText(zhCN['monitoring.policyOwn']).waitFor();
        expect(await p.getByTestId('severity-broken_links-homepage').textContent()).toContain(
          zhCN['enum.severity.III'],
        );
      },
    );

    step('switches monitoring on for a website with "monitor this site" and takes its baseline', async () => {
      const p = current();
      const units = await api<Paged<{ id: number }>>(p, '/api/v1/units?pageSize=1');
      const created = await p.request.post('/api/v1/assets', {
        data: { unitId: units.items[0]?.id, kind: 'website', name: OWN_SITE, urls: [portal?.url] },
      });
      expect(created.status(), await created.text()).toBe(201);
      // POST /assets answers the created asset (checked 201 above); only its id is used.
      const asset = (await created.json()) as { id: number };

      await p.getByTestId('nav-assets').click();
      await p.waitForURL((url) => url.pathname === '/assets');
      // Input.Search puts the test id on the <input> itself or on its wrapper, depending on the antd version.
      const search = p
        .locator('input[data-testid="assets-search"], [data-testid="assets-search"] input')
        .first();
      await search.fill(OWN_SITE);
      await search.press('Enter');
      await p.getByTestId(`asset-monitor-${asset.id}`).click();
      expect(await p.getByTestId('monitor-enabled').getAttribute('aria-checked')).toBe('true');
      await p.getByTestId('monitor-save').click();
      await p.waitForURL((url) => /^\/monitoring\/sites\/\d+$/.test(url.pathname));
      ownMonitorId = Number(new URL(p.url()).pathname.split('/').pop());
      await p.getByTestId('site-name').getByText(OWN_SITE).waitFor();
      expect(await detail(ownMonitorId)).toMatchObject({ assetId: asset.id, enabled: true });

      await p.getByTestId('site-run-now').click();
      await expect
        .poll(async () => (await detail(ownMonitorId)).baselines, { timeout: 60_000 })
        .toEqual([expect.objectContaining({ pageUrl: portal?.url, hasPendingChange: false })]);
      await p.getByTestId('site-baselines').getByText(zhCN['monitoring.noChange']).waitFor();
    });

    step('runs the checks now on the demo site with hidden links and sees the finding', async () => {
      const p = current();
      const sites = await api<Paged<SiteSummary>>(
        p,
        `/api/v1/monitoring/sites?q=${encodeURIComponent(HIDDEN_SITE)}`,
      );
      const site = sites.items.find((s) => s.assetName === HIDDEN_SITE);
      expect(site, 'serve --demo monitors its hidden-link demo site').toMatchObject({ enabled: true });
      await p.getByTestId('nav-monitoring').click();
      await p.waitForURL((url) => url.pathname === '/monitoring');
      await p.getByTestId('monitoring-view-sites').click();
      await p.getByTestId(`site-link-${site?.monitorId}`).click();
      await p.waitForURL((url) => url.pathname === `/monitoring/sites/${site?.monitorId}`);
      await p.getByTestId('site-run-now').click();
      await p
        .getByTestId('site-findings')
        .getByText(zhCN['enum.monitorFinding.hidden_links'], { exact: true })
        .waitFor({ timeout: 60_000 });
      hiddenMonitorId = site?.monitorId ?? 0;
      const hidden = (await detail(hiddenMonitorId)).openFindings.find((f) => f.type === 'hidden_links');
      expect(hidden).toMatchObject({ isHomepage: true, severity: 'II' });

      // Homepage hidden links raise a severity-II notice at once; otherwise staff raise a draft here.
      const id = hidden?.findingId ?? 0;
      if (hidden?.noticeId) await p.getByTestId(`site-finding-notice-${id}`).click();
      else await p.getByTestId(`site-finding-raise-${id}`).click();
      await p.waitForURL((url) => /^\/notices\/\d+(\/edit)?$/.test(url.pathname));
      const noticeId = Number(new URL(p.url()).pathname.split('/')[2]);
      if (new URL(p.url()).pathname.endsWith('/edit')) await p.goto(`/notices/${noticeId}`);
      await p.getByTestId('notice-title').waitFor();
      const notice = await api<Notice>(p, `/api/v1/notices/${noticeId}`);
      expect(notice).toMatchObject({ assetId: site?.assetId, severity: 'II' });
      expect(await p.getByTestId('notice-title').textContent()).toContain(notice.title);
      expect(await api<Finding>(p, `/api/v1/findings/${id}`)).toMatchObject({
        noticeId,
        status: expect.any(String),
      });
    });

    step(
      'the hidden-link page is rendered in Chromium: screenshot and the links the browser hides',
      async () => {
        const p = current();
        // The render runs as its own job after the check; other demo pages may be rendered first.
        await expect
          .poll(async () => (await detail(hiddenMonitorId)).renders[0]?.outcome, { timeout: 110_000 })
          .toBe('ok');
        const render = (await detail(hiddenMonitorId)).renders[0];
        expect(render?.screenshot?.width).toBe(1366);
        expect(render?.hiddenLinks.length).toBeGreaterThan(0);
        for (const h of render?.hiddenLinks ?? []) expect(h.reasons).toContain('display_none');

        await p.goto(`/monitoring/sites/${hiddenMonitorId}`);
        const block = p.getByTestId(`site-render-${render?.renderId}`);
        await block.waitFor();
        expect(await block.getAttribute('data-outcome')).toBe('ok');
        await block
          .getByTestId('render-hidden-links')
          .getByText(render?.hiddenLinks[0]?.href ?? '-')
          .waitFor();
        // The screenshot is served to the signed-in user and really loads as an image.
        const image = block
          .locator('img[data-testid="render-screenshot"], [data-testid="render-screenshot"] img')
          .first();
        await expect
          .poll(async () => image.evaluate((img) => (img as HTMLImageElement).naturalWidth), {
            timeout: 20_000,
          })
          .toBe(1366);
      },
      150_000,
    );

    step(
      'links a script builds at runtime: the finding only the browser saw, on the findings page with its screenshot',
      async () => {
        const p = current();
        const sites = await api<Paged<SiteSummary>>(
          p,
          `/api/v1/monitoring/sites?q=${encodeURIComponent(RUNTIME_SITE)}`,
        );
        const site = sites.items.find((s) => s.assetName === RUNTIME_SITE);
        expect(site, 'serve --demo monitors its runtime-injected demo site').toMatchObject({ enabled: true });
        const monitorId = site?.monitorId ?? 0;
        await p.goto(`/monitoring/sites/${monitorId}`);
        await p.getByTestId('site-run-now').click();
        // The static run sees no hidden link; the render it asks for (a job, after the other demo
        // renders queued before it) reports them.
        const hiddenId = async () =>
          (await detail(monitorId)).openFindings.find((f) => f.type === 'hidden_links')?.findingId;
        await expect.poll(hiddenId, { timeout: 150_000, interval: 1_000 }).toBeDefined();
        const id = (await hiddenId()) ?? 0;
        const finding = await api<Finding>(p, `/api/v1/findings/${id}`);
        expect(finding.evidence.source).toBe('rendered');
        expect(finding.evidence.rendered?.screenshotFileId).toBe(finding.evidence.rendered?.renderId);

        await p.getByTestId('nav-findings').click();
        await p.waitForURL((url) => url.pathname === '/findings');
        await pick(p, 'findings-filter-unit', RUNTIME_UNIT, RUNTIME_UNIT);
        await p.getByTestId(`finding-rendered-${id}`).click();
        const block = p.getByTestId(`finding-render-${id}`);
        await block.waitFor();
        for (const link of RUNTIME_SPAM_LINKS) {
          await block.getByTestId('render-hidden-links').getByText(link.href).waitFor();
        }
        expect(await block.getByTestId('render-script-only').count()).toBe(RUNTIME_SPAM_LINKS.length);
        const image = block
          .locator('img[data-testid="render-screenshot"], [data-testid="render-screenshot"] img')
          .first();
        await expect
          .poll(async () => image.evaluate((img) => (img as HTMLImageElement).naturalWidth), {
            timeout: 20_000,
          })
          .toBe(1366);
        await screenshot(p, 'monitoring-finding-render');
      },
      200_000,
    );

    step('the homepage is defaced: run now shows the pending change in the diff view', async () => {
      const p = current();
      portal?.deface();
      await p.goto(`/monitoring/sites/${ownMonitorId}`);
      await p.getByTestId('site-run-now').click();
      await p
        .getByTestId('site-findings')
        .getByText(zhCN['enum.monitorFinding.defacement'], { exact: true })
        .waitFor({ timeout: 60_000 });
      const site = await detail(ownMonitorId);
      expect(site.baselines).toEqual([expect.objectContaining({ hasPendingChange: true })]);
      const defaced = site.openFindings.find((f) => f.type === 'defacement');
      expect(defaced).toMatchObject({ isHomepage: true, severity: 'II' });
      defacementId = defaced?.findingId ?? 0;

      await p.getByTestId('site-baselines').getByText(zhCN['monitoring.pendingChange']).waitFor();
      await p.getByTestId('baseline-view-diff').click();
      const diff = p.getByTestId('diff-lines');
      await diff.waitFor();
      await p.getByTestId('diff-reasons').waitFor();
      expect(await diff.getByTestId('diff-line-added').allTextContents()).toEqual(
        // The diff is of the normalised visible text: digits are masked (SH4D0W reads SH#D#W).
        expect.arrayContaining([
          expect.stringContaining('HACKED BY SH'),
          expect.stringContaining(`${OWN_SITE} 已被入侵`),
        ]),
      );
      expect(await diff.getByTestId('diff-line-removed').count()).toBeGreaterThan(0);
    });

    step('accepts the new baseline: the defacement finding is resolved', async () => {
      const p = current();
      await p.getByTestId('baseline-accept').click();
      await p.getByTestId('baseline-accept-confirm').click();
      await p.getByText(zhCN['monitoring.baselineDone']).waitFor();
      await expect
        .poll(async () => (await api<Finding>(p, `/api/v1/findings/${defacementId}`)).status, {
          timeout: 20_000,
        })
        .toBe('resolved');
      const site = await detail(ownMonitorId);
      expect(site.baselines).toEqual([expect.objectContaining({ hasPendingChange: false })]);
      expect(site.openFindings.map((f) => f.type)).not.toContain('defacement');
      await p.getByTestId('site-baselines').getByText(zhCN['monitoring.noChange']).waitFor();
      expect(await p.getByTestId('site-findings').textContent()).not.toContain(
        zhCN['enum.monitorFinding.defacement'],
      );
    });
  },
);
