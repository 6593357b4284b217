import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { assetWorld, insertAsset } from './assets.test-support.ts';

describe(`assets API: CRUD, validation, jurisdiction (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: Awaited<ReturnType<typeof assetWorld>>;
  const call = (
    cookie: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    lang = 'zh-CN',
  ) => ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': lang } });
  const auditOf = (action: string) =>
    ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await assetWorld(ctx);
  });
  afterAll(() => ctx.close());

  it('creates an asset, normalising lists and deriving the CII flag, and audits it', async () => {
    const res = await call(w.countyAAnalyst.cookie, 'POST', '/api/v1/assets', {
      unitId: w.unitA.id,
      kind: 'cii',
      name: ' County portal ',
      domains: ['WWW.Example.GOV.cn', '政府.中国', 'www.example.gov.cn'],
      urls: ['https://www.example.gov.cn/index.html'],
      ips: ['203.0.113.10', '10.0.0.0/8', '2001:DB8::/32'],
      mlpsLevel: 3,
      contactName: '张三',
      tags: ['portal'],
    });
    expect(res.statusCode).toBe(201);
    const asset = res.json();
    expect(asset).toMatchObject({
      unitId: w.unitA.id,
      unitName: 'Unit A',
      regionId: w.countyA.id,
      regionName: 'County A',
      kind: 'cii',
      name: 'County portal',
      domains: ['www.example.gov.cn', '政府.中国'],
      ips: ['203.0.113.10', '10.0.0.0/8', '2001:db8::/32'],
      mlpsLevel: 3,
      isCii: true,
      contactPhone: null,
      tags: ['portal'],
      notes: null,
      abilities: { update: true, delete: true },
    });
    const audit = await auditOf('asset.create');
    expect(audit.at(-1)).toMatchObject({
      resource_type: 'asset',
      resource_id: String(asset.id),
      region_path: w.countyA.path,
    });
    const got = await call(w.unitAHandler.cookie, 'GET', `/api/v1/assets/${asset.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ name: 'County portal', abilities: { update: false, delete: false } });
  });

  it('rejects bad domains, URLs, IPs and a non-CII "cii" asset with field messages in the caller language', async () => {
    const body = {
      unitId: w.unitA.id,
      kind: 'cii',
      name: 'Bad',
      domains: ['ok.example.cn', 'not a domain', '1.2.3.4'],
      urls: ['ftp://example.cn/', 'https://fine.example.cn/'],
      ips: ['300.1.1.1', '10.0.0.0/33', '::1'],
      isCii: false,
    };
    const zh = await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', body);
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.code).toBe('validation_failed');
    expect(zh.json().error.details).toEqual([
      { field: 'isCii', message: '类型为关键信息基础设施的资产必须标记为关键信息基础设施' },
      { field: 'domains.1', message: '“not a domain”不是有效的域名' },
      { field: 'domains.2', message: '“1.2.3.4”不是有效的域名' },
      { field: 'urls.0', message: '“ftp://example.cn/”不是有效的 http(s) 网址' },
      { field: 'ips.0', message: '“300.1.1.1”不是有效的 IPv4/IPv6 地址或网段（CIDR）' },
      { field: 'ips.1', message: '“10.0.0.0/33”不是有效的 IPv4/IPv6 地址或网段（CIDR）' },
    ]);
    const en = await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', body, 'en-US');
    expect(en.json().error.details).toContainEqual({
      field: 'urls.0',
      message: '"ftp://example.cn/" is not a valid http(s) URL',
    });
    const level = await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', {
      unitId: w.unitA.id,
      kind: 'website',
      name: 'X',
      mlpsLevel: 6,
    });
    expect(level.statusCode).toBe(400);
    expect(level.json().error.details).toContainEqual({ field: 'mlpsLevel', message: '不能大于 5' });
    const count = await ctx.services.database.db
      .selectFrom('assets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'in', ['Bad', 'X'])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a second asset with the same name in the same unit (409), but allows it in another unit', async () => {
    const body = { unitId: w.unitA.id, kind: 'website', name: 'Twin' };
    expect((await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', body)).statusCode).toBe(201);
    expect((await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', body)).statusCode).toBe(409);
    const other = await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', {
      ...body,
      unitId: w.townUnit.id,
    });
    expect(other.statusCode).toBe(201);
  });

  it('hides assets outside the jurisdiction (404) and lets unit roles see only their own unit', async () => {
    const inA = await insertAsset(ctx, w.unitA.id, { name: 'Scope A' });
    const inTown = await insertAsset(ctx, w.townUnit.id, { name: 'Scope Town' });
    const inB = await insertAsset(ctx, w.unitB.id, { name: 'Scope B' });
    const names = async (cookie: string) =>
      (await call(cookie, 'GET', '/api/v1/assets?q=Scope&pageSize=100'))
        .json()
        .items.map((a: { name: string }) => a.name)
        .sort();
    expect(await names(w.cityAdmin.cookie)).toEqual(['Scope A', 'Scope B', 'Scope Town']);
    expect(await names(w.countyAAdmin.cookie)).toEqual(['Scope A', 'Scope Town']);
    expect(await names(w.unitAHandler.cookie)).toEqual(['Scope A']);

    for (const [method, payload] of [
      ['GET'],
      ['PUT', { unitId: w.unitB.id, kind: 'website', name: 'Hijack' }],
      ['DELETE'],
    ] as const) {
      const res = await call(w.countyAAdmin.cookie, method, `/api/v1/assets/${inB}`, payload);
      expect(res.statusCode, method).toBe(404);
    }
    expect((await call(w.unitAHandler.cookie, 'GET', `/api/v1/assets/${inTown}`)).statusCode).toBe(404);
    // Creating for a unit outside the jurisdiction looks like a missing unit, not a forbidden one.
    const outside = await call(w.countyAAdmin.cookie, 'POST', '/api/v1/assets', {
      unitId: w.unitB.id,
      kind: 'website',
      name: 'Out',
    });
    expect(outside.statusCode).toBe(404);
    // Unit handlers and duty officers see their assets but may not change them.
    const handlerPut = await call(w.unitAHandler.cookie, 'PUT', `/api/v1/assets/${inA}`, {
      unitId: w.unitA.id,
      kind: 'website',
      name: 'Mine',
    });
    expect(handlerPut.statusCode).toBe(403);
    expect((await call(w.countyADuty.cookie, 'DELETE', `/api/v1/assets/${inA}`)).statusCode).toBe(403);
    expect(
      (
        await call(w.unitAHandler.cookie, 'POST', '/api/v1/assets', {
          unitId: w.unitA.id,
          kind: 'website',
          name: 'New',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('updates an asset (moving it to another unit of the jurisdiction) and audits before and after', async () => {
    const id = await insertAsset(ctx, w.unitA.id, { name: 'Mover', tags: ['old'] });
    const res = await call(w.countyAAnalyst.cookie, 'PUT', `/api/v1/assets/${id}`, {
      unitId: w.townUnit.id,
      kind: 'system',
      name: 'Mover',
      tags: ['new'],
      mlpsLevel: 2,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      unitId: w.townUnit.id,
      regionName: 'Town A1',
      kind: 'system',
      tags: ['new'],
      mlpsLevel: 2,
    });
    const entry = (await auditOf('asset.update')).at(-1);
    expect(JSON.parse(entry?.before_json ?? '{}')).toMatchObject({ unitId: w.unitA.id, tags: ['old'] });
    expect(JSON.parse(entry?.after_json ?? '{}')).toMatchObject({ unitId: w.townUnit.id, tags: ['new'] });
    const away = await call(w.countyAAnalyst.cookie, 'PUT', `/api/v1/assets/${id}`, {
      unitId: w.unitB.id,
      kind: 'system',
      name: 'Mover',
    });
    expect(away.statusCode).toBe(404);
  });

  it('deletes an asset and audits it', async () => {
    const id = await insertAsset(ctx, w.unitA.id, { name: 'Doomed' });
    expect((await call(w.countyAAdmin.cookie, 'DELETE', `/api/v1/assets/${id}`)).statusCode).toBe(204);
    expect((await call(w.countyAAdmin.cookie, 'GET', `/api/v1/assets/${id}`)).statusCode).toBe(404);
    const entry = (await auditOf('asset.delete')).at(-1);
    expect(entry?.resource_id).toBe(String(id));
    expect(JSON.parse(entry?.before_json ?? '{}')).toMatchObject({ name: 'Doomed' });
  });
});
