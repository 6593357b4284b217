import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

interface CategoryJson {
  code: string;
  name: string;
  nameZh: string;
  nameEn: string;
  shipped: boolean;
  active: boolean;
  inUse: boolean;
  abilities: { update: boolean; delete: boolean };
}

/** Report categories: the shipped ones read-only, the office's own added, renamed, switched off and deleted. */
describe(`intake report categories (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let cityAdmin: string;
  let countyAdmin: string;
  let countyAnalyst: string;
  let handler: string;
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
    handler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
  });
  afterAll(() => ctx.close());

  const call = (
    cookie: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    lang = 'en-US',
  ) => ctx.app.inject({ method, url, headers: { cookie, 'accept-language': lang }, payload });

  const listOf = async (cookie: string, lang = 'en-US') => {
    const res = await call(cookie, 'GET', '/api/v1/intake/categories', undefined, lang);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: CategoryJson[]; abilities: { create: boolean } };
  };
  const find = (items: CategoryJson[], code: string) => items.find((c) => c.code === code);

  const report = (category: string, description: string, lang = 'en-US') =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      remoteAddress: `10.78.0.${++ip}`,
      headers: { 'accept-language': lang },
      payload: { category, description, urls: [`https://site-${ip}.example/`], regionId: j.countyA.id },
    });

  const publicCodes = async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/public/intake/options',
      headers: { 'accept-language': 'en-US' },
    });
    return (res.json().categories as { code: string; name: string }[]).map((c) => `${c.code}:${c.name}`);
  };

  const auditActions = async (code: string) => {
    const rows = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('resource_type', '=', 'intake_category')
      .orderBy('id')
      .execute();
    return rows.filter((r) => (r.after_json ?? '').includes(`"${code}"`)).map((r) => r.action);
  };

  it('lists the shipped categories read-only, named in the caller’s language, to every staff role', async () => {
    const en = await listOf(countyAnalyst);
    expect(en.abilities).toEqual({ create: false });
    expect(find(en.items, 'fraud')).toMatchObject({
      name: 'Fraud',
      nameZh: '诈骗',
      shipped: true,
      active: true,
      abilities: { update: false, delete: false },
    });
    expect(en.items.filter((c) => c.shipped)).toHaveLength(8);
    const zh = await listOf(handler, 'zh-CN');
    expect(find(zh.items, 'cyberbullying')?.name).toBe('网络暴力');
    // Writing is for the administrators of the one public page: a county's admin may not.
    expect((await listOf(countyAdmin)).abilities).toEqual({ create: false });
    expect((await listOf(cityAdmin)).abilities).toEqual({ create: true });
  });

  it('refuses bad codes and names field by field, in the caller’s language', async () => {
    const bad = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
      code: 'Bad-Code',
      nameZh: '   ',
      nameEn: 'x'.repeat(101),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'code', message: 'the code is 2–64 lower-case letters, digits or underscores' },
      { field: 'nameZh', message: 'the name is required' },
      { field: 'nameEn', message: 'the name may be at most 100 characters' },
    ]);
    for (const code of ['a', 'x'.repeat(65), 'has space', 'ümlaut']) {
      const res = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
        code,
        nameZh: '名',
        nameEn: 'N',
      });
      expect(res.statusCode, code).toBe(400);
    }
    const zh = await call(
      cityAdmin,
      'POST',
      '/api/v1/intake/categories',
      { code: 'ok_code', nameZh: '长'.repeat(101), nameEn: 'Fine' },
      'zh-CN',
    );
    expect(zh.json().error.details).toEqual([{ field: 'nameZh', message: '名称不能超过 100 个字' }]);
    // A shipped code is taken, and so is one the office already has.
    const shipped = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
      code: 'fraud',
      nameZh: '诈骗二',
      nameEn: 'Fraud 2',
    });
    expect(shipped.statusCode).toBe(409);
    expect(shipped.json().error).toMatchObject({
      code: 'intake_category_taken',
      details: [{ field: 'code', message: '“fraud” is the code of a shipped category' }],
    });
    expect((await listOf(cityAdmin)).items.filter((c) => !c.shipped)).toEqual([]);
  });

  it('adds a category that the public form offers at once and its reports carry, until it is deactivated', async () => {
    expect(
      (
        await call(countyAdmin, 'POST', '/api/v1/intake/categories', {
          code: 'ticket_scalping',
          nameZh: '票务',
          nameEn: 'Tickets',
        })
      ).statusCode,
    ).toBe(403);
    const created = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
      code: ' ticket_scalping ',
      nameZh: '  网络黄牛 ',
      nameEn: ' Ticket scalping',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      code: 'ticket_scalping',
      nameZh: '网络黄牛',
      nameEn: 'Ticket scalping',
      name: 'Ticket scalping',
      shipped: false,
      active: true,
      inUse: false,
      createdAt: expect.any(String),
      abilities: { update: true, delete: true },
    });
    const again = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
      code: 'ticket_scalping',
      nameZh: '重复',
      nameEn: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('intake_category_taken');
    expect(await publicCodes()).toContain('ticket_scalping:Ticket scalping');

    // Reported under the new category: staff see its name, in their language, and can filter by it.
    const accepted = await report('ticket_scalping', 'Concert tickets resold at ten times the price.');
    expect(accepted.statusCode).toBe(201);
    const inbox = await call(
      countyAnalyst,
      'GET',
      '/api/v1/intake/cases?category=ticket_scalping&status=received',
    );
    expect(inbox.json().items).toHaveLength(1);
    const caseId: number = inbox.json().items[0].id;
    expect(inbox.json().items[0]).toMatchObject({
      category: 'ticket_scalping',
      categoryName: 'Ticket scalping',
    });
    const zhDetail = await call(countyAnalyst, 'GET', `/api/v1/intake/cases/${caseId}`, undefined, 'zh-CN');
    expect(zhDetail.json()).toMatchObject({ category: 'ticket_scalping', categoryName: '网络黄牛' });
    expect(find((await listOf(cityAdmin)).items, 'ticket_scalping')).toMatchObject({
      inUse: true,
      abilities: { update: true, delete: false },
    });

    // Renamed: the case shows the new name.
    const renamed = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/ticket_scalping', {
      nameEn: 'Ticket touting',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ nameZh: '网络黄牛', nameEn: 'Ticket touting', active: true });
    const detail = await call(countyAnalyst, 'GET', `/api/v1/intake/cases/${caseId}`);
    expect(detail.json().categoryName).toBe('Ticket touting');

    // Deactivated: off the public form, new reports refused by name; the case and the staff list keep it.
    const off = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/ticket_scalping', {
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await publicCodes()).some((c) => c.startsWith('ticket_scalping:'))).toBe(false);
    const refused = await report('ticket_scalping', 'More tickets resold.');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      {
        field: 'category',
        message: 'reports of the category “Ticket touting” are no longer accepted; choose another category',
      },
    ]);
    const refusedZh = await report('ticket_scalping', '又一起倒票。', 'zh-CN');
    expect(refusedZh.json().error.details[0].message).toBe('“网络黄牛”类别已停止受理，请选择其他类别');
    const unknown = await report('no_such_category', 'Something.');
    expect(unknown.json().error.details).toEqual([{ field: 'category', message: 'no such report category' }]);
    expect((await call(countyAnalyst, 'GET', `/api/v1/intake/cases/${caseId}`)).json().categoryName).toBe(
      'Ticket touting',
    );
    expect(find((await listOf(countyAnalyst)).items, 'ticket_scalping')).toMatchObject({
      name: 'Ticket touting',
      active: false,
    });
    const stillFiltered = await call(countyAnalyst, 'GET', '/api/v1/intake/cases?category=ticket_scalping');
    expect(stillFiltered.json().items.map((c: { id: number }) => c.id)).toEqual([caseId]);

    // Used by a case: it cannot be deleted, only kept switched off; reactivated, the form takes it again.
    const del = await call(cityAdmin, 'DELETE', '/api/v1/intake/categories/ticket_scalping');
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({
      code: 'intake_category_in_use',
      details: { cases: 1, rules: 0 },
    });
    expect(del.json().error.message).toContain('1 case(s)');
    const on = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/ticket_scalping', { active: true });
    expect(on.json().active).toBe(true);
    expect((await report('ticket_scalping', 'Tickets again, reactivated.')).statusCode).toBe(201);

    expect(await auditActions('ticket_scalping')).toEqual([
      'intake.category.create',
      'intake.category.update',
      'intake.category.deactivate',
      'intake.category.reactivate',
    ]);
  });

  it('deletes an unused category, keeps one a routing rule names, and never touches the shipped ones', async () => {
    const made = await call(cityAdmin, 'POST', '/api/v1/intake/categories', {
      code: 'fake_charity',
      nameZh: '虚假慈善',
      nameEn: 'Fake charity',
    });
    expect(made.statusCode).toBe(201);
    const rule = await call(cityAdmin, 'POST', '/api/v1/intake/routing-rules', {
      kind: 'report',
      category: 'fake_charity',
      unitId: j.unitA.id,
    });
    expect(rule.statusCode).toBe(201);
    expect(find((await listOf(cityAdmin)).items, 'fake_charity')?.abilities.delete).toBe(false);
    const blocked = await call(cityAdmin, 'DELETE', '/api/v1/intake/categories/fake_charity');
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.details).toEqual({ cases: 0, rules: 1 });
    await call(cityAdmin, 'DELETE', `/api/v1/intake/routing-rules/${rule.json().id}`);

    expect((await call(countyAdmin, 'DELETE', '/api/v1/intake/categories/fake_charity')).statusCode).toBe(
      403,
    );
    expect(
      (await call(countyAnalyst, 'PATCH', '/api/v1/intake/categories/fake_charity', { active: false }))
        .statusCode,
    ).toBe(403);
    const gone = await call(cityAdmin, 'DELETE', '/api/v1/intake/categories/fake_charity');
    expect(gone.statusCode).toBe(204);
    expect(find((await listOf(cityAdmin)).items, 'fake_charity')).toBeUndefined();
    expect((await report('fake_charity', 'A charity that is not.')).json().error.details[0].message).toBe(
      'no such report category',
    );
    expect(await auditActions('fake_charity')).toEqual(['intake.category.create']);
    const deletions = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('before_json')
      .where('action', '=', 'intake.category.delete')
      .execute();
    expect(deletions.map((d) => JSON.parse(d.before_json ?? '{}').code)).toEqual(['fake_charity']);

    // Shipped: read-only for administrators (409), forbidden to others (403); unknown codes are 404.
    const shippedEdit = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/fraud', {
      nameEn: 'Scams',
    });
    expect(shippedEdit.statusCode).toBe(409);
    expect(shippedEdit.json().error.code).toBe('intake_category_shipped');
    expect((await call(cityAdmin, 'DELETE', '/api/v1/intake/categories/fraud')).statusCode).toBe(409);
    expect((await call(countyAdmin, 'DELETE', '/api/v1/intake/categories/fraud')).statusCode).toBe(403);
    expect(
      (await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/nope', { active: false })).statusCode,
    ).toBe(404);
    expect((await call(cityAdmin, 'DELETE', '/api/v1/intake/categories/nope')).statusCode).toBe(404);
    const empty = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/ticket_scalping', {});
    expect(empty.statusCode).toBe(400);
    const blank = await call(cityAdmin, 'PATCH', '/api/v1/intake/categories/ticket_scalping', {
      nameZh: ' ',
    });
    expect(blank.json().error.details).toEqual([{ field: 'nameZh', message: 'the name is required' }]);
  });
});
