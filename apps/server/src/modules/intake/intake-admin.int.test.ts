import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUnit, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

/** What the office's admin pages need: routing rules with abilities, workflow settings, the public form. */
describe(`intake administration (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let cityAdmin: string;
  let countyAdmin: string;
  let countyAnalyst: string;
  let ip = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    countyAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.countyA }));
    countyAnalyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
  });
  afterAll(() => ctx.close());

  const call = (
    cookie: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    lang = 'en-US',
  ) => ctx.app.inject({ method, url, headers: { cookie, 'accept-language': lang }, payload });

  it('lists the rules that apply with what the caller may do to each, and edits and deletes them', async () => {
    const cityRule = await call(cityAdmin, 'POST', '/api/v1/intake/routing-rules', {
      kind: 'report',
      category: 'fraud',
      unitId: j.unitA.id,
    });
    expect(cityRule.statusCode).toBe(201);
    const roads = await buildUnit(ctx, j.countyA, { name: 'County A roads' });
    const countyRule = await call(countyAdmin, 'POST', '/api/v1/intake/routing-rules', {
      regionId: j.townA.id,
      messageType: 'complaint',
      topic: 'road',
      unitId: roads.id,
    });
    expect(countyRule.statusCode).toBe(201);

    // The county admin sees the city's rule (it applies to county A) but it is the city's to change.
    const seen = await call(countyAdmin, 'GET', '/api/v1/intake/routing-rules');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().abilities).toEqual({ create: true });
    const byId = (list: { id: number }[], id: number) => list.find((r) => r.id === id);
    expect(byId(seen.json().items, cityRule.json().id)).toMatchObject({
      category: 'fraud',
      unitName: 'Unit A',
      abilities: { update: false, reorder: false },
    });
    expect(byId(seen.json().items, countyRule.json().id)).toMatchObject({
      regionName: 'Town A1',
      topic: 'road',
      unitName: 'County A roads',
      abilities: { update: true, reorder: true },
    });
    const notTheirs = await call(countyAdmin, 'PUT', `/api/v1/intake/routing-rules/${cityRule.json().id}`, {
      unitId: j.unitA.id,
    });
    expect(notTheirs.statusCode).toBe(404);
    // The city admin may change a county's rule (below it) but orders only the city's own.
    const fromCity = await call(cityAdmin, 'GET', '/api/v1/intake/routing-rules');
    expect(byId(fromCity.json().items, countyRule.json().id)).toMatchObject({
      abilities: { update: true, reorder: false },
    });
    // An analyst reads the rules and may change none.
    const analystView = await call(countyAnalyst, 'GET', '/api/v1/intake/routing-rules');
    expect(analystView.json().abilities).toEqual({ create: false });
    expect(
      analystView.json().items.every((r: { abilities: { update: boolean } }) => !r.abilities.update),
    ).toBe(true);

    const edited = await call(countyAdmin, 'PUT', `/api/v1/intake/routing-rules/${countyRule.json().id}`, {
      regionId: j.townA.id,
      messageType: 'complaint',
      topic: 'bridge',
      unitId: roads.id,
      active: false,
    });
    expect(edited.statusCode).toBe(204);
    const after = await call(countyAdmin, 'GET', '/api/v1/intake/routing-rules');
    expect(byId(after.json().items, countyRule.json().id)).toMatchObject({ topic: 'bridge', active: false });
    expect(
      (await call(countyAdmin, 'DELETE', `/api/v1/intake/routing-rules/${countyRule.json().id}`)).statusCode,
    ).toBe(204);
    const gone = await call(countyAdmin, 'GET', '/api/v1/intake/routing-rules');
    expect(byId(gone.json().items, countyRule.json().id)).toBeUndefined();
  });

  it('shows the settings in force with where they come from, and refuses bad durations per field in the caller’s language', async () => {
    const inherited = await call(countyAnalyst, 'GET', '/api/v1/intake/settings');
    expect(inherited.json()).toMatchObject({
      regionId: j.countyA.id,
      inheritedFromRegionId: null,
      signDeadline: '1wd',
      handleDeadlines: { enquiry: '2wd', complaint: '15wd' },
      requireLeaderApproval: false,
      abilities: { update: false },
    });
    const body = {
      signDeadline: '2wd',
      handleDeadlines: { enquiry: '3wd', help: '10wd', suggestion: '10wd', complaint: '7wd', report: '15wd' },
      maxExtension: '10wd',
      requireLeaderApproval: true,
    };
    const saved = await call(cityAdmin, 'PUT', `/api/v1/intake/settings?regionId=${j.city.id}`, body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ ...body, regionId: j.city.id, inheritedFromRegionId: j.city.id });
    // County A now works under the city's settings until it sets its own.
    const now = await call(countyAdmin, 'GET', '/api/v1/intake/settings');
    expect(now.json()).toMatchObject({
      regionId: j.countyA.id,
      inheritedFromRegionId: j.city.id,
      handleDeadlines: { complaint: '7wd' },
      abilities: { update: true },
    });

    const bad = { ...body, signDeadline: 'soon', handleDeadlines: { ...body.handleDeadlines, help: '0wd' } };
    for (const [lang, expected] of [
      ['zh-CN', /[\u4e00-\u9fff]/],
      ['en-US', /^[\x20-\x7e]+$/],
    ] as const) {
      const refused = await call(countyAdmin, 'PUT', '/api/v1/intake/settings', bad, lang);
      expect(refused.statusCode).toBe(400);
      const details: { field: string; message: string }[] = refused.json().error.details;
      expect(details.map((d) => d.field).sort()).toEqual(['handleDeadlines.help', 'signDeadline']);
      for (const d of details) expect(d.message).toMatch(expected);
    }
    // Nothing was stored for the county.
    expect((await call(countyAdmin, 'GET', '/api/v1/intake/settings')).json().inheritedFromRegionId).toBe(
      j.city.id,
    );
    expect(
      (await call(countyAnalyst, 'PUT', '/api/v1/intake/settings', body)).statusCode,
      'analysts read the settings, managers change them',
    ).toBe(403);
  });

  it('changes what the public form requires, which the public page and submissions then follow', async () => {
    const start = await call(countyAnalyst, 'GET', '/api/v1/intake/public-form');
    expect(start.json()).toMatchObject({
      contact: { nameRequired: false, phoneRequired: false },
      uploads: { maxFiles: 6, maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 30 * 1024 * 1024 },
      abilities: { update: false },
    });
    expect(start.json().categories).toContainEqual({ code: 'fraud', name: 'Fraud' });
    const zh = await call(countyAnalyst, 'GET', '/api/v1/intake/public-form', undefined, 'zh-CN');
    expect(zh.json().categories).toContainEqual({ code: 'fraud', name: '诈骗' });
    const next = {
      contact: { nameRequired: false, phoneRequired: true },
      uploads: { maxFiles: 3, maxFileBytes: 2 * 1024 * 1024, maxTotalBytes: 5 * 1024 * 1024 },
    };
    // One public page for the whole deployment: a county's admin may not change it.
    expect((await call(countyAdmin, 'PUT', '/api/v1/intake/public-form', next)).statusCode).toBe(403);
    const saved = await call(cityAdmin, 'PUT', '/api/v1/intake/public-form', next);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ ...next, abilities: { update: true } });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'intake.public_form.update')
      .execute();
    expect(audit).toHaveLength(1);

    const options = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/intake/options' });
    expect(options.json()).toMatchObject({ contact: next.contact, uploads: next.uploads });
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress: `10.77.0.${++ip}`,
      headers: { 'accept-language': 'en-US' },
      payload: {
        type: 'help',
        topic: 'water',
        regionId: j.countyA.id,
        title: 'No phone left',
        content: 'The tap water is brown.',
        publishable: false,
      },
    });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json().error.details).toEqual([
      expect.objectContaining({ field: 'contactPhone', message: 'a contact phone number is required' }),
    ]);

    // Limits out of bounds are refused by the schema, a total below one file's limit by the service.
    const tooMany = await call(cityAdmin, 'PUT', '/api/v1/intake/public-form', {
      ...next,
      uploads: { ...next.uploads, maxFiles: 50 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0].field).toContain('maxFiles');
    const inverted = await call(
      cityAdmin,
      'PUT',
      '/api/v1/intake/public-form',
      { ...next, uploads: { ...next.uploads, maxTotalBytes: 1024 * 1024 } },
      'zh-CN',
    );
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.details).toEqual([
      { field: 'uploads.maxTotalBytes', message: '合计上限不能小于单个文件上限' },
    ]);
    await call(cityAdmin, 'PUT', '/api/v1/intake/public-form', {
      contact: { nameRequired: false, phoneRequired: false },
      uploads: start.json().uploads,
    });
  });
});
