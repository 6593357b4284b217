import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUnit, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

describe(`org API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let cityAdmin: string;
  let countyAAdmin: string;
  let unitAHandler: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    countyAAdmin = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'office_admin', region: j.countyA }),
    );
    unitAHandler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
  });
  afterAll(() => ctx.close());

  it('refuses anonymous calls with a localized 401', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      headers: { 'accept-language': 'en-US' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'unauthenticated', message: 'Please sign in first.' });
    const zh = await ctx.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(zh.json().error.message).toBe('请先登录。');
  });

  it('scopes unit lists by jurisdiction', async () => {
    const city = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      headers: { cookie: cityAdmin },
    });
    expect(
      city
        .json()
        .items.map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['Unit A', 'Unit B']);
    const county = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      headers: { cookie: countyAAdmin },
    });
    expect(county.json().items.map((u: { name: string }) => u.name)).toEqual(['Unit A']);
    const handler = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      headers: { cookie: unitAHandler },
    });
    expect(handler.json()).toMatchObject({
      total: 1,
      items: [{ name: 'Unit A', abilities: { update: false } }],
    });
  });

  it('answers 404 for a unit outside the jurisdiction', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/units/${j.unitB.id}`,
      headers: { cookie: countyAAdmin },
    });
    expect(res.statusCode).toBe(404);
  });

  it('creates a unit, audits it, and rejects a duplicate name with 409', async () => {
    const body = { regionId: j.townA.id, name: 'Town School', kind: 'school', contactEmail: 'a@b.cn' };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: countyAAdmin },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Town School', regionName: 'Town A1', isCii: false });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'unit.create')
      .execute();
    expect(audit.at(-1)?.resource_id).toBe(String(res.json().id));
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: countyAAdmin },
      payload: body,
    });
    expect(again.statusCode).toBe(409);
  });

  it('validates input with field messages in the caller language', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: countyAAdmin, 'accept-language': 'zh-CN' },
      payload: { regionId: j.countyA.id, name: '', kind: 'nope' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name', message: '长度至少为 1' })]),
    );
  });

  it('refuses to create a unit in another county (404, not 403)', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: countyAAdmin },
      payload: { regionId: j.countyB.id, name: 'Sneaky', kind: 'government' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses to delete a region that still has units, explaining why', async () => {
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/regions/${j.countyB.id}`,
      headers: { cookie: cityAdmin, 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'region_in_use',
      message: 'The region still has 0 sub-regions, 1 units and 0 users; it cannot be deleted.',
      details: { children: 0, units: 1, users: 0 },
    });
  });

  it('builds region paths for new sub-regions and lists the subtree', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { cookie: countyAAdmin },
      payload: { parentId: j.countyA.id, name: 'Town A2' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ level: 'town', path: `${j.countyA.path}${res.json().id}/` });
    const tree = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/regions',
      headers: { cookie: countyAAdmin },
    });
    expect(tree.json().map((r: { name: string }) => r.name)).toEqual(['County A', 'Town A1', 'Town A2']);
  });

  it('lets a unit handler delete nothing', async () => {
    const unit = await buildUnit(ctx, j.countyA, { name: 'Temp' });
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/units/${unit.id}`,
      headers: { cookie: unitAHandler },
    });
    expect(res.statusCode).toBe(404);
  });

  it('searches units case-insensitively, taking % and _ literally', async () => {
    await buildUnit(ctx, j.countyA, { name: 'Water 100% Works' });
    await buildUnit(ctx, j.countyA, { name: 'Water 1000 Works' });
    await buildUnit(ctx, j.countyA, { name: 'Power_Grid' });
    await buildUnit(ctx, j.countyA, { name: 'PowerXGrid' });
    const search = async (q: string) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/units?q=${encodeURIComponent(q)}`,
        headers: { cookie: countyAAdmin },
      });
      return res.json().items.map((u: { name: string }) => u.name);
    };
    expect(await search('100%')).toEqual(['Water 100% Works']);
    expect(await search('r_g')).toEqual(['Power_Grid']);
    expect(await search('WATER')).toHaveLength(2);
  });
});
