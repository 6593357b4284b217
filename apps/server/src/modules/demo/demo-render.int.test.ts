import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { registerMonitoringJobs } from '../monitoring/monitoring.jobs.ts';
import { tickAndRun } from '../monitoring/monitoring.test-support.ts';
import { describeWithChromium } from '../monitoring/render/render.test-support.ts';
import { caller } from '../notices/notices.test-support.ts';
import { enableDemoMonitoring } from './demo-runtime.ts';
import { seedDemoJurisdiction } from './demo-seed.ts';
import { type RunningDemoSites, startDemoSites } from './sites/demo-sites.ts';
import { RUNTIME_SPAM_LINKS } from './sites/runtime-spam.ts';

// What `serve --demo` shows a newcomer: the demo site whose spam links a script builds at runtime is
// seeded and monitored like the others; its scheduled run finds nothing by static analysis, asks for a
// render, and the rendering job reports the hidden-link finding with the screenshot as evidence.

describeWithChromium('the runtime-injected demo site through the rendering pass', (chromium) => {
  let ctx: TestContext;
  let sites: RunningDemoSites;
  const db = () => ctx.services.database.db;

  beforeAll(async () => {
    ctx = await createTestContext({
      SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8',
      SHOUWANG_MONITOR_CHROMIUM: chromium,
      SHOUWANG_MONITOR_RENDER_TIMEOUT_SECONDS: '40',
    });
    sites = await startDemoSites({ dataDir: null, basePort: 0, log: () => {}, only: ['hidden-runtime'] });
    await registerMonitoringJobs(ctx.services.jobs, ctx.services.monitoring, ['worker']);
    await ctx.services.jobs.start();
  });
  afterAll(async () => {
    await ctx?.services.jobs.stop();
    await ctx?.services.monitoring.rendering.close();
    await sites?.stop();
    await ctx?.close();
  });

  it('is monitored by the demo; the static run sees no hidden link, the render reports them with a screenshot', async () => {
    const seeded = await seedDemoJurisdiction(db(), { siteUrls: sites.urlsByAsset });
    expect(seeded.siteAssetIds).toHaveLength(1);
    expect(await enableDemoMonitoring(seeded.siteAssetIds, ctx.services.monitoring, () => {})).toBe(1);
    const assetId = seeded.siteAssetIds[0] ?? 0;
    const monitor = await db()
      .selectFrom('monitors')
      .select('id')
      .where('asset_id', '=', assetId)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('monitors')
      .set({ next_run_at: ctx.clock.now().toISOString() })
      .where('id', '=', monitor.id)
      .execute();
    const run = (await tickAndRun(ctx)).find((r) => r?.monitorId === monitor.id);
    expect(run?.findings.map((f) => f.type)).not.toContain('hidden_links');

    const renderOf = () =>
      db().selectFrom('monitor_renders').selectAll().where('monitor_id', '=', monitor.id).executeTakeFirst();
    await expect.poll(renderOf, { timeout: 60_000, interval: 250 }).toBeDefined();
    const render = await renderOf();
    expect(render).toMatchObject({ outcome: 'ok', error: null });
    expect(JSON.parse(render?.reasons ?? '[]')).toEqual(['opaque_script']);

    const hiddenFinding = async () => {
      const row = await db()
        .selectFrom('findings')
        .selectAll()
        .where('asset_id', '=', assetId)
        .where('detector', '=', 'monitoring.hidden_links')
        .where('status', '=', 'open')
        .executeTakeFirst();
      return row ? JSON.parse(row.evidence) : undefined;
    };
    await expect.poll(hiddenFinding, { timeout: 20_000, interval: 250 }).toBeDefined();
    const evidence = await hiddenFinding();
    expect(evidence).toMatchObject({ source: 'rendered', count: 3, techniques: ['offscreen'] });
    expect(evidence.links.map((l: { href: string }) => l.href).sort()).toEqual(
      RUNTIME_SPAM_LINKS.map((l) => l.href).sort(),
    );
    expect(evidence.rendered).toMatchObject({
      renderId: render?.id,
      screenshotFileId: render?.id,
      scriptOnly: 3,
    });

    // The screenshot is there for the town's own unit and the city, not for another unit.
    const region = async (name: string) =>
      db().selectFrom('regions').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    const unit = async (name: string) =>
      db().selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const call = caller(ctx);
    const url = `/api/v1/monitoring/renders/${render?.id}/screenshot`;
    const analyst = await buildUser(ctx, { role: 'analyst', region: await region('江川市') });
    const shot = await call(await sessionCookie(ctx, analyst), 'GET', url);
    expect(shot.statusCode).toBe(200);
    expect(shot.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const town = await region('青山镇');
    const own = await buildUser(ctx, {
      role: 'unit_handler',
      region: town,
      unitId: (await unit('青山镇人民政府')).id,
    });
    expect((await call(await sessionCookie(ctx, own), 'GET', url)).statusCode).toBe(200);
    const other = await buildUser(ctx, {
      role: 'unit_handler',
      region: await region('青山县'),
      unitId: (await unit('青山县人民医院')).id,
    });
    expect((await call(await sessionCookie(ctx, other), 'GET', url)).statusCode).toBe(404);
  });
});
