import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { systemActor } from '../../platform/http/actor.ts';

describe(`audit log API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let sysAdmin: string;
  let cityAdmin: string;
  let countyAAuditor: string;
  let countyAAnalyst: string;

  const get = (url: string, cookie: string, lang = 'en-US') =>
    ctx.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': lang } });
  const auditCount = async () =>
    Number(
      (
        await ctx.services.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    sysAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'system_admin', region: j.city }));
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    countyAAuditor = await sessionCookie(ctx, await buildUser(ctx, { role: 'auditor', region: j.countyA }));
    countyAAnalyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
    const { db } = ctx.services.database;
    const write = (name: string, action: string, regionPath: string | null, resourceId: number) =>
      db.transaction().execute((trx) =>
        appendAudit(trx, systemActor('/', name), {
          action,
          resourceType: action.split('.')[0] ?? 'x',
          resourceId,
          regionPath,
          before: { name: 'old' },
          after: { name: 'new', nested: { n: resourceId } },
        }),
      );
    await write('alice', 'unit.create', j.townA.path, 1);
    await write('alice', 'unit.update', j.countyA.path, 1);
    await write('bob', 'asset.create', j.countyA.path, 7);
    await write('bob', 'unit.create', j.countyB.path, 2);
    await write('carol', 'settings.update', null, 3);
  });
  afterAll(() => ctx.close());

  it('lists only the caller’s jurisdiction, newest first, with before/after parsed', async () => {
    const res = await get('/api/v1/audit', countyAAuditor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((e: { action: string }) => e.action)).toEqual([
      'asset.create',
      'unit.update',
      'unit.create',
    ]);
    expect(body.items[0]).toMatchObject({
      actorName: 'bob',
      actorRole: 'system_admin',
      resourceType: 'asset',
      resourceId: '7',
      before: { name: 'old' },
      after: { name: 'new', nested: { n: 7 } },
    });
  });

  it('shows entries without a region to system administrators only', async () => {
    const admin = (await get('/api/v1/audit?pageSize=100', sysAdmin)).json();
    expect(admin.items.map((e: { action: string }) => e.action)).toContain('settings.update');
    const office = (await get('/api/v1/audit?pageSize=100', cityAdmin)).json();
    expect(office.items.map((e: { action: string }) => e.action)).not.toContain('settings.update');
    expect(office.total).toBe(4);
  });

  it('refuses roles that may not read the audit log', async () => {
    const res = await get('/api/v1/audit', countyAAnalyst);
    expect(res.statusCode).toBe(403);
    expect((await get('/api/v1/audit/export.xlsx', countyAAnalyst)).statusCode).toBe(403);
  });

  it('filters by actor, action (exact or prefix), resource, time, and pages', async () => {
    const q = async (query: string) => (await get(`/api/v1/audit?${query}`, cityAdmin)).json();
    expect((await q('actor=alice')).total).toBe(2);
    expect((await q('action=unit.create')).total).toBe(2);
    expect((await q('action=unit.*')).total).toBe(3);
    expect((await q('resourceType=asset&resourceId=7')).total).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await q(`from=${today}&to=${today}`)).total).toBe(4);
    expect((await q(`from=${tomorrow}`)).total).toBe(0);
    expect((await q('to=2000-01-01T00:00:00Z')).total).toBe(0);
    const paged = await q('pageSize=3&page=2');
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(paged.items).toHaveLength(1);
  });

  it('rejects a malformed date with a field message in the caller’s language', async () => {
    const res = await get('/api/v1/audit?from=yesterday', cityAdmin, 'zh-CN');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'querystring.from', message: '格式不正确（date-time）' }),
      ]),
    );
  });

  it('does not audit reading', async () => {
    const before = await auditCount();
    await get('/api/v1/audit', cityAdmin);
    await get('/api/v1/audit/verify', sysAdmin);
    expect(await auditCount()).toBe(before);
  });

  it('exports the filtered entries as XLSX with localized headings, and audits the export', async () => {
    const before = await auditCount();
    const res = await get('/api/v1/audit/export.xlsx?action=unit.*', cityAdmin, 'zh-CN');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-.*\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(res.rawPayload).buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('审计日志');
    expect(sheet?.getRow(1).getCell(3).value).toBe('操作人');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).getCell(7).value).toBe('unit.create');
    expect(await auditCount()).toBe(before + 1);
    const last = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.action).toBe('audit.export');
    expect(JSON.parse(last.after_json ?? '{}')).toMatchObject({ filter: { action: 'unit.*' }, rows: 3 });
  });

  it('verifies the chain for system admins and auditors only', async () => {
    const ok = await get('/api/v1/audit/verify', countyAAuditor);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, entries: await auditCount() });
    expect((await get('/api/v1/audit/verify', sysAdmin)).json().ok).toBe(true);
    expect((await get('/api/v1/audit/verify', cityAdmin)).statusCode).toBe(403);

    await ctx.services.database.db
      .updateTable('audit_log')
      .set({ actor_name: 'mallory' })
      .where('id', '=', 2)
      .execute();
    expect((await get('/api/v1/audit/verify', sysAdmin)).json()).toMatchObject({
      ok: false,
      firstBrokenId: 2,
    });
  });
});
