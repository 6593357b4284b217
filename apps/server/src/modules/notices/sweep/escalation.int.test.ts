import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { DEFAULT_ESCALATION } from './escalation-settings.ts';

describe(`notice escalation settings API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let cityAdmin: string;
  let countyAnalyst: string;
  let countyAdmin: string;
  let handler: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    countyAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.countyA }));
    countyAnalyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
    handler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'PUT', query: string, cookie: string, payload?: object, lang = 'en-US') =>
    ctx.app.inject({
      method,
      url: `/api/v1/notices/escalation${query}`,
      payload,
      headers: { cookie, 'accept-language': lang },
    });

  const custom = {
    remindBefore: ['2wd', '3wh'],
    superviseLeaderAfter: '2wh',
    superviseOfficeAfter: '2wd',
    workingHours: { start: '08:30', end: '17:00', lunchStart: '12:00', lunchEnd: '13:00' },
  };

  it('shows the shipped defaults until an office sets its own', async () => {
    const res = await call('GET', '', countyAnalyst);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      regionId: j.countyA.id,
      inheritedFromRegionId: null,
      ...DEFAULT_ESCALATION,
      abilities: { update: false },
    });
  });

  it('lets an office admin set them, audited, and sub-regions inherit them', async () => {
    const res = await call('PUT', `?regionId=${j.city.id}`, cityAdmin, custom);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ regionId: j.city.id, inheritedFromRegionId: j.city.id, ...custom });

    const inherited = await call('GET', `?regionId=${j.townA.id}`, countyAnalyst);
    expect(inherited.json()).toMatchObject({
      regionId: j.townA.id,
      inheritedFromRegionId: j.city.id,
      ...custom,
    });

    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['resource_id', 'region_path', 'after_json'])
      .where('action', '=', 'notices.escalation.update')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ resource_id: String(j.city.id), region_path: j.city.path }),
    ]);
    expect(JSON.parse(String(audit[0]?.after_json))).toEqual(custom);

    // The county's own settings win over the city's for the county and below.
    const own = { ...custom, remindBefore: ['1d'] };
    expect((await call('PUT', '', countyAdmin, own)).statusCode).toBe(200);
    expect((await call('GET', `?regionId=${j.townA.id}`, countyAnalyst)).json()).toMatchObject({
      inheritedFromRegionId: j.countyA.id,
      remindBefore: ['1d'],
    });
  });

  it('names every bad field in the caller language', async () => {
    const bad = {
      remindBefore: ['2wh', 'soon', '2wh'],
      superviseLeaderAfter: '0wh',
      superviseOfficeAfter: '1wd',
      workingHours: { start: '18:00', end: '09:00', lunchStart: null, lunchEnd: null },
    };
    const res = await call('PUT', '', countyAdmin, bad);
    expect(res.statusCode).toBe(400);
    const fields = (res.json().error.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['remindBefore[1]', 'remindBefore[2]', 'superviseLeaderAfter', 'workingHours']),
    );
    const zh = await call('PUT', '', countyAdmin, bad, 'zh-CN');
    expect(JSON.stringify(zh.json().error.details)).toContain('重复');

    const order = await call('PUT', '', countyAdmin, {
      ...custom,
      superviseLeaderAfter: '2wd',
      superviseOfficeAfter: '8wh',
    });
    expect(order.statusCode).toBe(400);
    expect(order.json().error.details).toEqual([
      expect.objectContaining({ field: 'superviseOfficeAfter', message: expect.stringContaining('later') }),
    ]);
    const lunch = await call('PUT', '', countyAdmin, {
      ...custom,
      workingHours: { start: '09:00', end: '17:00', lunchStart: '12:00', lunchEnd: null },
    });
    expect(lunch.statusCode).toBe(400);
  });

  it('keeps them from unit roles, non-admins and other jurisdictions', async () => {
    expect((await call('GET', '', handler)).statusCode).toBe(403);
    expect((await call('PUT', '', countyAnalyst, custom)).statusCode).toBe(403);
    expect((await call('GET', `?regionId=${j.countyB.id}`, countyAnalyst)).statusCode).toBe(404);
    expect((await call('PUT', `?regionId=${j.countyB.id}`, countyAdmin, custom)).statusCode).toBe(404);
    expect((await call('GET', `?regionId=${j.countyB.id}`, cityAdmin)).statusCode).toBe(200);
  });

  it('drives the sweep: a stored office setting changes when reminders go out', async () => {
    const directory = await import('./escalation-settings.ts').then((m) =>
      m.escalationStore.directory(ctx.services.database.db),
    );
    const rules = directory.resolve(j.townA.path).rules;
    expect(rules.remindBefore).toEqual([{ amount: 1, unit: 'd' }]);
    expect(rules.workingHours).toEqual({
      start: '08:30',
      end: '17:00',
      lunchBreak: { start: '12:00', end: '13:00' },
    });
  });
});
