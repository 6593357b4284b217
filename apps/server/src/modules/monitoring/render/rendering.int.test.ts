import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { caller, type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { registerMonitoringJobs } from '../monitoring.jobs.ts';
import { type LocalSite, startSite, tickAndRun, websiteAsset } from '../monitoring.test-support.ts';
import {
  describeWithChromium,
  OBFUSCATED_HREF,
  OPAQUE_ONLY_PAGE,
  STATIC_AND_OPAQUE_PAGE,
} from './render.test-support.ts';

// The whole path: a scheduled run flags the page, asks for a render job, a worker renders it in
// Chromium, the screenshot and evidence are stored and attached to the findings, and the site page
// and the screenshot route show them within the jurisdiction only.

describeWithChromium('rendering pass through the job queue', (chromium) => {
  let ctx: TestContext;
  let w: NoticeWorld;
  let call: ReturnType<typeof caller>;
  const sites: LocalSite[] = [];
  const db = () => ctx.services.database.db;

  beforeAll(async () => {
    ctx = await createTestContext({
      SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8',
      SHOUWANG_MONITOR_CHROMIUM: chromium,
      SHOUWANG_MONITOR_RENDER_TIMEOUT_SECONDS: '40',
    });
    w = await noticeWorld(ctx);
    call = caller(ctx);
    // A worker of this process: only the render handler matters here (no scheduler fires ticks).
    await registerMonitoringJobs(ctx.services.jobs, ctx.services.monitoring, ['worker']);
    await ctx.services.jobs.start();
  });
  afterAll(async () => {
    await ctx?.services.jobs.stop();
    await ctx?.services.monitoring.rendering.close();
    for (const s of sites) await s.close();
    await ctx?.close();
  });

  async function monitored(html: string) {
    const s = await startSite(html);
    sites.push(s);
    const assetId = await websiteAsset(ctx, w.unitA.id, s.url);
    const res = await call(w.analyst.cookie, 'PUT', `/api/v1/monitoring/assets/${assetId}`, {
      enabled: true,
      intervalSeconds: 60,
      checks: ['availability', 'hidden_links', 'illegal_content'],
    });
    expect(res.statusCode, res.body).toBe(200);
    return { site: s, assetId, monitorId: res.json().monitorId as number };
  }

  async function runNow(monitorId: number) {
    await db()
      .updateTable('monitors')
      .set({ next_run_at: ctx.clock.now().toISOString() })
      .where('id', '=', monitorId)
      .execute();
    const results = await tickAndRun(ctx);
    return results.find((r) => r?.monitorId === monitorId);
  }

  const renders = (monitorId: number) =>
    db().selectFrom('monitor_renders').selectAll().where('monitor_id', '=', monitorId).execute();

  async function waitForRender(monitorId: number, count = 1) {
    const until = Date.now() + 60_000;
    for (;;) {
      const rows = await renders(monitorId);
      if (rows.length >= count) return rows;
      if (Date.now() > until) throw new Error(`no render of monitor ${monitorId} within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const openFindings = (assetId: number) =>
    db()
      .selectFrom('findings')
      .selectAll()
      .where('asset_id', '=', assetId)
      .where('status', '=', 'open')
      .execute();

  it('renders a flagged page, stores the screenshot and attaches the rendered links to its finding', async () => {
    const { assetId, monitorId } = await monitored(STATIC_AND_OPAQUE_PAGE);
    const result = await runNow(monitorId);
    expect(result?.findings.map((f) => f.type)).toContain('hidden_links');
    const [row] = await waitForRender(monitorId);
    expect(row).toMatchObject({ outcome: 'ok', error: null });
    expect(JSON.parse(row?.reasons ?? '[]')).toEqual(
      expect.arrayContaining(['hidden_links', 'opaque_script']),
    );

    // The job attaches the render to the finding just after storing it.
    const renderedOf = async () => {
      const f = (await openFindings(assetId)).find((x) => x.detector === 'monitoring.hidden_links');
      return JSON.parse(f?.evidence ?? '{}');
    };
    await expect.poll(async () => (await renderedOf()).rendered?.renderId, { timeout: 20_000 }).toBe(row?.id);
    const evidence = await renderedOf();
    expect(evidence.rendered).toMatchObject({ renderId: row?.id, screenshotFileId: row?.id, outcome: 'ok' });
    const links = evidence.rendered.hiddenLinks as Array<{ href: string; staticAlso: boolean }>;
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ href: 'http://casino-bet.example/', staticAlso: true }),
        expect.objectContaining({ href: OBFUSCATED_HREF, staticAlso: false }),
      ]),
    );

    // The site page lists the render; the screenshot is served inside the jurisdiction only.
    const detail = await call(w.analyst.cookie, 'GET', `/api/v1/monitoring/sites/${monitorId}`);
    expect(detail.json().renders[0]).toMatchObject({
      renderId: row?.id,
      outcome: 'ok',
      scriptOnly: 1,
      screenshot: { width: 1366 },
    });
    const url = `/api/v1/monitoring/renders/${row?.id}/screenshot`;
    const inside = await call(w.analyst.cookie, 'GET', url);
    expect(inside.statusCode).toBe(200);
    expect(inside.headers['content-type']).toBe('image/png');
    expect(inside.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await call(w.handler.cookie, 'GET', url)).statusCode).toBe(200);
    expect((await call(w.analystB.cookie, 'GET', url)).statusCode).toBe(404);
    expect((await call(w.handlerB.cookie, 'GET', url)).statusCode).toBe(404);
    expect(
      (await call(w.analystB.cookie, 'GET', '/api/v1/monitoring/renders/999999/screenshot')).statusCode,
    ).toBe(404);

    // The next run keeps the rendered evidence on the finding and does not render again so soon.
    await runNow(monitorId);
    await new Promise((r) => setTimeout(r, 500));
    expect(await renders(monitorId)).toHaveLength(1);
    const again = (await openFindings(assetId)).find((f) => f.detector === 'monitoring.hidden_links');
    expect(JSON.parse(again?.evidence ?? '{}').rendered?.renderId).toBe(row?.id);
  });

  it('reports hidden links only the browser sees, and keeps them while the script stays', async () => {
    const { site, assetId, monitorId } = await monitored(OPAQUE_ONLY_PAGE);
    const first = await runNow(monitorId);
    expect(first?.findings.map((f) => f.type)).not.toContain('hidden_links');
    await waitForRender(monitorId);
    const hiddenFinding = async () =>
      (await openFindings(assetId)).find((f) => f.detector === 'monitoring.hidden_links');
    // Reported by the job just after it stored the render.
    await expect.poll(hiddenFinding, { timeout: 20_000 }).toBeDefined();
    const reported = await hiddenFinding();
    const evidence = JSON.parse(reported?.evidence ?? '{}');
    expect(evidence).toMatchObject({ source: 'rendered', count: 1 });
    expect(evidence.links[0]).toMatchObject({ href: OBFUSCATED_HREF, technique: 'display_none' });

    // A later static run sees the same disguised script: the finding stays open, with its render.
    const second = await runNow(monitorId);
    expect(second?.findings.map((f) => f.type)).toContain('hidden_links');
    const still = (await openFindings(assetId)).find((f) => f.detector === 'monitoring.hidden_links');
    expect(still?.id).toBe(reported?.id);

    // The script is removed: the finding is resolved by the next run.
    site.html =
      '<!doctype html><html><head><title>某县人民政府</title></head><body><p>政务公开</p></body></html>';
    await runNow(monitorId);
    expect(
      (await openFindings(assetId)).find((f) => f.detector === 'monitoring.hidden_links'),
    ).toBeUndefined();
  });

  it('says on the policy page whether rendering is on, with the Chromium version', async () => {
    const res = await call(w.auditor.cookie, 'GET', '/api/v1/monitoring/rendering');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      enabled: true,
      sandbox: process.getuid?.() !== 0,
      concurrency: 1,
      timeoutSeconds: 40,
    });
    expect(res.json().chromiumVersion).toMatch(/Chromium|Chrome/);
  });
});
