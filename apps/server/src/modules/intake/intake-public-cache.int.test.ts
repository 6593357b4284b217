import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

/** The public side keeps the form's rules in memory; a change through the office's page applies at once. */
describe(`public form settings cache (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let cityAdmin: string;
  let ip = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
  });
  afterAll(() => ctx.close());

  const submit = (contactPhone?: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress: `10.78.0.${++ip}`,
      headers: { 'accept-language': 'en-US' },
      payload: {
        type: 'help',
        topic: 'water',
        regionId: j.countyA.id,
        title: `Brown water ${ip}`,
        content: 'The tap water has been brown for a week.',
        publishable: false,
        ...(contactPhone ? { contactPhone } : {}),
      },
    });

  const setPhoneRequired = (phoneRequired: boolean) =>
    ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/intake/public-form',
      headers: { cookie: cityAdmin, 'accept-language': 'en-US' },
      payload: {
        contact: { nameRequired: false, phoneRequired },
        uploads: { maxFiles: 6, maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 30 * 1024 * 1024 },
      },
    });

  it('applies a contact rule changed on the office page to the very next submission', async () => {
    // The rules are in memory now.
    expect((await submit()).statusCode).toBe(201);
    expect((await setPhoneRequired(true)).statusCode).toBe(200);
    const refused = await submit();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      expect.objectContaining({ field: 'contactPhone', message: 'a contact phone number is required' }),
    ]);
    expect((await submit('13800001111')).statusCode).toBe(201);
    expect((await setPhoneRequired(false)).statusCode).toBe(200);
    expect((await submit()).statusCode).toBe(201);
  });

  it('accepts a region created a moment ago, and files under the root region when none is given', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { cookie: cityAdmin },
      payload: { parentId: j.countyA.id, name: 'New town' },
    });
    expect(created.statusCode).toBe(201);
    const town = created.json();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress: `10.78.1.${++ip}`,
      payload: {
        type: 'help',
        topic: 'water',
        regionId: town.id,
        title: 'New town water',
        content: 'The new town has no water.',
        publishable: false,
      },
    });
    expect(res.statusCode).toBe(201);
    const report = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      remoteAddress: `10.78.1.${++ip}`,
      payload: { category: 'gambling', description: 'Root region casino.', targetApp: 'CasinoApp' },
    });
    expect(report.statusCode).toBe(201);
    const rows = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select(['title', 'region_id', 'region_path'])
      .where('title', 'in', ['New town water', 'Root region casino.'])
      .orderBy('title')
      .execute();
    expect(rows).toEqual([
      { title: 'New town water', region_id: town.id, region_path: town.path },
      { title: 'Root region casino.', region_id: j.city.id, region_path: j.city.path },
    ]);
  });
});
