import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { caller, type NoticeWorld, noticeWorld } from '../notices/notices.test-support.ts';
import {
  DEFACED,
  HEALTHY,
  HIDDEN_LINKS,
  type LocalSite,
  startSite,
  tickAndRun,
  websiteAsset,
} from './monitoring.test-support.ts';

let ctx: TestContext;
let w: NoticeWorld;
let call: ReturnType<typeof caller>;
const sites: LocalSite[] = [];
const db = () => ctx.services.database.db;

beforeAll(async () => {
  ctx = await createTestContext({ SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8' });
  w = await noticeWorld(ctx);
  call = caller(ctx);
});
afterAll(async () => {
  for (const s of sites) await s.close();
  await ctx?.close();
});

async function site(html = HEALTHY) {
  const s = await startSite(html);
  sites.push(s);
  return s;
}

/** Enables monitoring of a fresh asset for a local site; returns the monitor's detail. */
async function monitored(s: LocalSite, body: Record<string, unknown> = {}) {
  const assetId = await websiteAsset(ctx, w.unitA.id, s.url);
  const res = await call(w.analyst.cookie, 'PUT', `/api/v1/monitoring/assets/${assetId}`, {
    enabled: true,
    intervalSeconds: 60,
    checks: ['availability', 'defacement', 'hidden_links', 'illegal_content'],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Moves the monitor's next run to now (the clock is shared by every test of this file). */
async function dueNow(monitorId: number) {
  await db()
    .updateTable('monitors')
    .set({ next_run_at: ctx.clock.now().toISOString() })
    .where('id', '=', monitorId)
    .execute();
}

async function runNow(monitorId: number) {
  await dueNow(monitorId);
  const results = await tickAndRun(ctx);
  return results.find((r) => r?.monitorId === monitorId);
}

const findingsOf = (assetId: number) =>
  db().selectFrom('findings').selectAll().where('asset_id', '=', assetId).orderBy('id').execute();

describe('website monitoring', () => {
  it('enables monitoring on an asset, spreads its first run, and a tick runs it', async () => {
    const s = await site();
    const m = await monitored(s);
    expect(m).toMatchObject({ enabled: true, status: 'unknown', url: s.url, pages: [s.url] });
    const offset = Date.parse(m.nextRunAt) - ctx.clock.now().getTime();
    expect(offset).toBeGreaterThan(-5_000);
    expect(offset).toBeLessThanOrEqual(60_000);

    ctx.clock.advance(61_000);
    const results = await tickAndRun(ctx);
    expect(results.find((r) => r?.monitorId === m.monitorId)).toMatchObject({ status: 'up', findings: [] });
    expect(s.hits).toBeGreaterThan(0);
    // Claimed for this slot: another tick right away does not run it again.
    expect((await tickAndRun(ctx)).some((r) => r?.monitorId === m.monitorId)).toBe(false);

    const detail = (await call(w.analyst.cookie, 'GET', `/api/v1/monitoring/sites/${m.monitorId}`)).json();
    expect(detail).toMatchObject({ status: 'up', uptime24h: 1, openFindings: [] });
    expect(detail.baselines).toEqual([expect.objectContaining({ pageUrl: s.url, hasPendingChange: false })]);
    const runs = (await call(w.analyst.cookie, 'GET', `/api/v1/monitoring/sites/${m.monitorId}/runs`)).json();
    expect(runs.items).toEqual([expect.objectContaining({ ok: true, statusCode: 200 })]);

    const list = (await call(w.handler.cookie, 'GET', '/api/v1/monitoring/sites')).json();
    expect(list.items.map((i: { monitorId: number }) => i.monitorId)).toContain(m.monitorId);
    expect((await call(w.handlerB.cookie, 'GET', `/api/v1/monitoring/sites/${m.monitorId}`)).statusCode).toBe(
      404,
    );
    const wall = (await call(w.analyst.cookie, 'GET', '/api/v1/monitoring/summary')).json();
    expect(wall.up).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad configuration in the caller’s language', async () => {
    const assetId = await websiteAsset(ctx, w.unitA.id, 'http://127.0.0.1:9/');
    const res = await call(
      w.analyst.cookie,
      'PUT',
      `/api/v1/monitoring/assets/${assetId}`,
      { enabled: true, pages: ['ftp://x'], maintenance: [{ weekdays: [1], from: '25:00', to: '01:00' }] },
      'zh-CN',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'pages.0',
      'maintenance.0',
    ]);
    expect(res.body).toContain('维护时间窗');
    const bulk = await call(w.analyst.cookie, 'POST', '/api/v1/monitoring/bulk', {
      assetIds: [assetId, 999_999],
      enabled: true,
    });
    expect(bulk.json().results).toEqual([
      expect.objectContaining({ assetId, ok: true }),
      expect.objectContaining({ assetId: 999_999, ok: false, code: 'not_found' }),
    ]);
  });

  it('reports hidden links with evidence and, by policy, issues a severity-II notice at once', async () => {
    const s = await site(HIDDEN_LINKS);
    const m = await monitored(s);
    const result = await runNow(m.monitorId);
    expect(result?.findings).toContainEqual(
      expect.objectContaining({ type: 'hidden_links', severity: 'II' }),
    );
    const f = (await findingsOf(m.assetId)).find((x) => x.detector === 'monitoring.hidden_links');
    expect(f).toMatchObject({
      detector: 'monitoring.hidden_links',
      dedup_key: `monitoring:${m.assetId}:hidden_links:${s.url}`,
      severity: 'II',
      is_homepage: 1,
    });
    expect(f?.evidence).toContain('casino-bet.example');
    const notice = await db()
      .selectFrom('notices')
      .selectAll()
      .where('id', '=', Number(f?.notice_id))
      .executeTakeFirstOrThrow();
    expect(notice.state).toBe('issued');

    // Closing re-runs the check: still there → 409; removed → the notice closes.
    const n = notice.id;
    expect(
      (
        await call(w.handler.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
          action: 'sign',
          version: 2,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await call(w.handler.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
          action: 'report_back',
          version: 3,
        })
      ).statusCode,
    ).toBe(200);
    let res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'close',
      version: 4,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('recheck_failed');
    s.html = HEALTHY;
    res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'close',
      version: 4,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('closed');
  });

  it('declares an outage only when a second check confirms it, and recovery resolves it with its duration', async () => {
    const s = await site();
    const m = await monitored(s);
    await runNow(m.monitorId);
    s.down = true;
    ctx.clock.advance(60_000);
    const first = await runNow(m.monitorId);
    expect(first).toMatchObject({ status: 'degraded', findings: [] });
    expect(await findingsOf(m.assetId)).toEqual([]);
    // The confirming check is due within 30 s, before the next interval.
    const row = await db()
      .selectFrom('monitors')
      .selectAll()
      .where('id', '=', m.monitorId)
      .executeTakeFirstOrThrow();
    expect(Date.parse(String(row.next_run_at)) - ctx.clock.now().getTime()).toBeLessThanOrEqual(30_000);

    ctx.clock.advance(30_000);
    const second = (await tickAndRun(ctx)).find((r) => r?.monitorId === m.monitorId);
    expect(second).toMatchObject({
      status: 'down',
      findings: [expect.objectContaining({ type: 'site_down', severity: 'III' })],
    });
    const [down] = await findingsOf(m.assetId);
    expect(down?.status).toBe('open');
    const raised = await ctx.services.findings.raiseNotice(systemActor('/'), Number(down?.id));

    s.down = false;
    ctx.clock.advance(120_000);
    expect(await runNow(m.monitorId)).toMatchObject({ status: 'up' });
    const [after] = await findingsOf(m.assetId);
    expect(after?.status).toBe('resolved');
    const detail = (await call(w.analyst.cookie, 'GET', `/api/v1/monitoring/sites/${m.monitorId}`)).json();
    expect(detail.outages).toEqual([
      expect.objectContaining({
        kind: 'down',
        isHomepage: true,
        durationSeconds: expect.any(Number),
        resolvedAt: expect.any(String),
      }),
    ]);
    const events = await db()
      .selectFrom('notice_events')
      .selectAll()
      .where('notice_id', '=', raised.noticeId)
      .execute();
    const resolved = events.find((e) => e.action === 'finding_resolved');
    // The test clock runs on real time plus the advances: 150 s advanced, a little more elapsed.
    const noted = JSON.parse(String(resolved?.data)).durationSeconds;
    expect(noted).toBeGreaterThanOrEqual(150);
    expect(noted).toBeLessThan(170);
    expect(detail.outages[0].durationSeconds).toBe(noted);
  });

  it('stores a baseline, raises defacement with a diff on change, and accepting it resolves the finding', async () => {
    const s = await site();
    const m = await monitored(s);
    await runNow(m.monitorId);
    expect(
      await db()
        .selectFrom('page_baselines')
        .select('accepted_by')
        .where('monitor_id', '=', m.monitorId)
        .execute(),
    ).toEqual([{ accepted_by: null }]);
    s.html = DEFACED;
    ctx.clock.advance(60_000);
    const result = await runNow(m.monitorId);
    expect(result?.findings.map((f) => [f.type, f.severity])).toContainEqual(['defacement', 'II']);
    const diff = (
      await call(
        w.analyst.cookie,
        'GET',
        `/api/v1/monitoring/sites/${m.monitorId}/baselines/diff?pageUrl=${encodeURIComponent(s.url)}`,
      )
    ).json();
    expect(diff.current).not.toBeNull();
    expect(diff.diff.added.join('\n')).toContain('Hacked by someone');
    expect(diff.reasons.length).toBeGreaterThan(0);

    expect(
      (
        await call(w.auditor.cookie, 'POST', `/api/v1/monitoring/sites/${m.monitorId}/baselines/accept`, {
          pageUrl: s.url,
        })
      ).statusCode,
    ).toBe(403);
    ctx.clock.advance(60_000);
    const res = await call(
      w.analyst.cookie,
      'POST',
      `/api/v1/monitoring/sites/${m.monitorId}/baselines/accept`,
      { pageUrl: s.url },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().baselines).toEqual([
      expect.objectContaining({ acceptedBy: w.analyst.id, hasPendingChange: false }),
    ]);
    expect(res.json().outages).toEqual([
      expect.objectContaining({ kind: 'defaced', durationSeconds: expect.any(Number) }),
    ]);
    expect(res.json().outages[0].durationSeconds).toBeGreaterThanOrEqual(60);
    const defacement = (await findingsOf(m.assetId)).find((f) => f.detector === 'monitoring.defacement');
    expect(defacement?.status).toBe('resolved');
    // The accepted page is the baseline now: the next run raises nothing new.
    ctx.clock.advance(60_000);
    const next = await runNow(m.monitorId);
    expect(next?.findings.some((f) => f.type === 'defacement')).toBe(false);
    expect(
      (
        await call(w.analyst.cookie, 'POST', `/api/v1/monitoring/sites/${m.monitorId}/baselines/accept`, {
          pageUrl: s.url,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('raises no finding during a maintenance window', async () => {
    const s = await site(HIDDEN_LINKS);
    const now = ctx.clock.now();
    const m = await monitored(s, {
      maintenance: [
        {
          start: new Date(now.getTime() - 3600_000).toISOString(),
          end: new Date(now.getTime() + 3600_000).toISOString(),
        },
      ],
    });
    expect(await runNow(m.monitorId)).toMatchObject({ skipped: 'maintenance', status: 'maintenance' });
    expect(await findingsOf(m.assetId)).toEqual([]);
    expect(s.hits).toBe(0);
  });

  it('runs on demand for writers only', async () => {
    const s = await site();
    const m = await monitored(s);
    expect(
      (await call(w.handler.cookie, 'POST', `/api/v1/monitoring/sites/${m.monitorId}/run`)).statusCode,
    ).toBe(403);
    const res = await call(w.analyst.cookie, 'POST', `/api/v1/monitoring/sites/${m.monitorId}/run`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ monitorId: m.monitorId, status: 'up', runId: expect.any(Number) });
  });
});
