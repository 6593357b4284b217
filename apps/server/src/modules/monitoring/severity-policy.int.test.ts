import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { caller, type NoticeWorld, noticeWorld } from '../notices/notices.test-support.ts';
import {
  HIDDEN_LINKS,
  type LocalSite,
  startSite,
  tickAndRun,
  websiteAsset,
} from './monitoring.test-support.ts';
import { DEFAULT_SEVERITY_POLICY } from './severity-policy.ts';

let ctx: TestContext;
let w: NoticeWorld;
let call: ReturnType<typeof caller>;
let site: LocalSite;
const URL_ = '/api/v1/monitoring/severity-policy';

beforeAll(async () => {
  ctx = await createTestContext({ SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8' });
  w = await noticeWorld(ctx);
  call = caller(ctx);
  site = await startSite(HIDDEN_LINKS);
});
afterAll(async () => {
  await site?.close();
  await ctx?.close();
});

describe('monitoring severity policy', () => {
  it('ships today’s table as the default, readable by every role', async () => {
    for (const who of [w.analyst, w.handler, w.auditor]) {
      const res = await call(who.cookie, 'GET', URL_);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        types: DEFAULT_SEVERITY_POLICY.types,
        tlsExpiringLastDay: 'III',
        inheritedFrom: null,
        defaults: DEFAULT_SEVERITY_POLICY,
      });
    }
    expect((await call(w.analyst.cookie, 'GET', URL_)).json().abilities).toEqual({ update: false });
    expect((await call(w.admin.cookie, 'GET', URL_)).json().abilities).toEqual({ update: true });
  });

  it('an office sets its region’s policy, inherited below it, audited, and applied to new findings', async () => {
    // The city office grades hidden links on a homepage as I; the county inherits it.
    const city = await call(w.cityAdmin.cookie, 'PUT', URL_, {
      regionId: w.city.id,
      types: { hidden_links: { homepage: 'I', other: 'II' } },
    });
    expect(city.statusCode, city.body).toBe(200);
    expect(city.json()).toMatchObject({ regionId: w.city.id, inheritedFrom: w.city.id });
    const inherited = (await call(w.analyst.cookie, 'GET', URL_)).json();
    expect(inherited).toMatchObject({
      regionId: w.countyA.id,
      inheritedFrom: w.city.id,
      types: { hidden_links: { homepage: 'I', other: 'II' }, defacement: { homepage: 'II', other: 'III' } },
    });

    // The county sets its own: only what it names changes, the rest stays the default.
    const county = await call(w.admin.cookie, 'PUT', URL_, {
      types: { hidden_links: { homepage: 'III', other: 'IV' } },
      tlsExpiringLastDay: 'II',
    });
    expect(county.statusCode, county.body).toBe(200);
    expect(county.json()).toMatchObject({
      regionId: w.countyA.id,
      inheritedFrom: w.countyA.id,
      tlsExpiringLastDay: 'II',
      types: { ...DEFAULT_SEVERITY_POLICY.types, hidden_links: { homepage: 'III', other: 'IV' } },
    });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'monitoring.severity_policy')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ resource_id: String(w.countyA.id) });
    expect(JSON.parse(audit[1]?.before_json ?? '{}')).toMatchObject({ inheritedFrom: w.city.id });

    // A run in county A reports the hidden links with the county's severity.
    const assetId = await websiteAsset(ctx, w.unitA.id, site.url);
    const m = await call(w.analyst.cookie, 'PUT', `/api/v1/monitoring/assets/${assetId}`, {
      enabled: true,
      checks: ['availability', 'hidden_links'],
    });
    expect(m.statusCode, m.body).toBe(200);
    await ctx.services.database.db
      .updateTable('monitors')
      .set({ next_run_at: ctx.clock.now().toISOString() })
      .where('id', '=', m.json().monitorId)
      .execute();
    const result = (await tickAndRun(ctx)).find((r) => r?.monitorId === m.json().monitorId);
    expect(result?.findings).toEqual([expect.objectContaining({ type: 'hidden_links', severity: 'III' })]);
    const finding = await ctx.services.database.db
      .selectFrom('findings')
      .selectAll()
      .where('asset_id', '=', assetId)
      .executeTakeFirstOrThrow();
    expect(finding.severity).toBe('III');

    // Dropping the county's own policy brings the city's back.
    const dropped = await call(w.admin.cookie, 'PUT', URL_, { inherit: true });
    expect(dropped.json()).toMatchObject({
      inheritedFrom: w.city.id,
      types: { hidden_links: { homepage: 'I' } },
    });
  });

  it('only office and system admins set a policy, and only for regions they see', async () => {
    const body = { types: { broken_links: { homepage: 'III', other: 'IV' } } };
    expect((await call(w.analyst.cookie, 'PUT', URL_, body)).statusCode).toBe(403);
    expect((await call(w.handler.cookie, 'PUT', URL_, body)).statusCode).toBe(403);
    expect((await call(w.admin.cookie, 'PUT', URL_, { ...body, regionId: w.countyB.id })).statusCode).toBe(
      404,
    );
    expect((await call(w.analystB.cookie, 'GET', `${URL_}?regionId=${w.countyA.id}`)).statusCode).toBe(404);
    // Not a severity: rejected by the schema, nothing stored.
    const bad = await call(w.admin.cookie, 'PUT', URL_, {
      types: { broken_links: { homepage: 'V', other: 'IV' } },
    });
    expect(bad.statusCode).toBe(400);
  });
});
