import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { assetWorld, insertAsset, multipart, rowsOfXlsx } from './assets.test-support.ts';

describe(`assets list, search, stats and export (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: Awaited<ReturnType<typeof assetWorld>>;
  const get = (cookie: string, url: string, lang = 'zh-CN') =>
    ctx.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': lang } });
  const names = async (cookie: string, query: string) => {
    const res = await get(cookie, `/api/v1/assets?pageSize=100&${query}`);
    expect(res.statusCode, query).toBe(200);
    return res.json().items.map((a: { name: string }) => a.name);
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await assetWorld(ctx);
    await insertAsset(ctx, w.unitA.id, {
      name: 'Alpha portal',
      domains: ['alpha.example.cn'],
      urls: ['https://alpha.example.cn/home'],
      mlpsLevel: 3,
      tags: ['portal', 'gov'],
    });
    await insertAsset(ctx, w.unitA.id, {
      name: 'Bravo system',
      kind: 'system',
      ips: ['198.51.100.7'],
      mlpsLevel: 2,
      tags: ['portalx'],
    });
    await insertAsset(ctx, w.townUnit.id, {
      name: 'Charlie grid',
      kind: 'cii',
      mlpsLevel: 4,
      tags: ['grid'],
    });
    await insertAsset(ctx, w.townUnit.id, { name: 'Delta 100% uptime', kind: 'website' });
    await insertAsset(ctx, w.unitB.id, { name: 'Echo_B', kind: 'system', isCii: true, mlpsLevel: 3 });
    // Bulk rows so paging and the export cover more than one page.
    for (let i = 0; i < 30; i++) {
      await insertAsset(ctx, w.unitB.id, {
        name: `Bulk ${String(i).padStart(2, '0')}`,
        domains: [`bulk${i}.example.cn`],
      });
    }
  });
  afterAll(() => ctx.close());

  it('searches name, domains, URLs, IPs and tags, with LIKE wildcards taken literally', async () => {
    const admin = w.cityAdmin.cookie;
    expect(await names(admin, 'q=alpha.example')).toEqual(['Alpha portal']);
    expect(await names(admin, 'q=%2Fhome')).toEqual(['Alpha portal']);
    expect(await names(admin, 'q=198.51.100')).toEqual(['Bravo system']);
    expect(await names(admin, 'q=GRID')).toEqual(['Charlie grid']);
    expect(await names(admin, `q=${encodeURIComponent('100%')}`)).toEqual(['Delta 100% uptime']);
    expect(await names(admin, 'q=o_B')).toEqual(['Echo_B']);
    expect(await names(admin, 'q=%25')).toEqual(['Delta 100% uptime']);
  });

  it('filters by kind, CII, MLPS level, whole tag, unit and region subtree', async () => {
    const admin = w.cityAdmin.cookie;
    expect(await names(admin, 'kind=cii')).toEqual(['Charlie grid']);
    expect(await names(admin, 'isCii=true&sort=name')).toEqual(['Charlie grid', 'Echo_B']);
    expect(await names(admin, 'mlpsLevel=3&sort=name')).toEqual(['Alpha portal', 'Echo_B']);
    expect(await names(admin, 'tag=portal')).toEqual(['Alpha portal']);
    expect(await names(admin, `unitId=${w.townUnit.id}&sort=name`)).toEqual([
      'Charlie grid',
      'Delta 100% uptime',
    ]);
    expect(await names(admin, `regionId=${w.countyA.id}&sort=name`)).toEqual([
      'Alpha portal',
      'Bravo system',
      'Charlie grid',
      'Delta 100% uptime',
    ]);
    expect(await names(admin, `regionId=${w.townA.id}&sort=name`)).toEqual([
      'Charlie grid',
      'Delta 100% uptime',
    ]);
    const bad = await get(admin, '/api/v1/assets?mlpsLevel=9&kind=ship');
    expect(bad.statusCode).toBe(400);
  });

  it('sorts (levels missing last either way) and pages', async () => {
    const county = w.countyAAdmin.cookie;
    expect(await names(county, 'sort=mlpsLevel&order=asc')).toEqual([
      'Bravo system',
      'Alpha portal',
      'Charlie grid',
      'Delta 100% uptime',
    ]);
    expect(await names(county, 'sort=mlpsLevel&order=desc')).toEqual([
      'Charlie grid',
      'Alpha portal',
      'Bravo system',
      'Delta 100% uptime',
    ]);
    expect((await names(county, 'sort=unit&order=desc')).slice(0, 2).sort()).toEqual([
      'Alpha portal',
      'Bravo system',
    ]);
    expect(await names(county, 'sort=kind&order=asc')).toEqual([
      'Charlie grid',
      'Bravo system',
      'Alpha portal',
      'Delta 100% uptime',
    ]);
    const page2 = (
      await get(w.cityAdmin.cookie, '/api/v1/assets?q=Bulk&sort=name&page=2&pageSize=12')
    ).json();
    expect(page2).toMatchObject({ total: 30, page: 2, pageSize: 12 });
    expect(page2.items.map((a: { name: string }) => a.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Bulk ${String(i + 12).padStart(2, '0')}`),
    );
  });

  it('counts the caller’s jurisdiction for the dashboard, rolled up to the regions below its root', async () => {
    const city = (await get(w.cityAdmin.cookie, '/api/v1/assets/stats')).json();
    expect(city).toEqual({
      total: 35,
      byKind: { website: 32, system: 2, cii: 1 },
      cii: 2,
      byMlps: { '1': 0, '2': 1, '3': 2, '4': 1, '5': 0, none: 31 },
      byRegion: [
        { regionId: w.countyB.id, regionName: 'County B', count: 31 },
        { regionId: w.countyA.id, regionName: 'County A', count: 4 },
      ],
    });
    const county = (await get(w.countyAAdmin.cookie, '/api/v1/assets/stats')).json();
    expect(county).toMatchObject({ total: 4, cii: 1 });
    expect(county.byRegion).toEqual([
      { regionId: w.countyA.id, regionName: 'County A', count: 2 },
      { regionId: w.townA.id, regionName: 'Town A1', count: 2 },
    ]);
    expect((await get(w.unitAHandler.cookie, '/api/v1/assets/stats')).json()).toMatchObject({
      total: 2,
      byRegion: [{ regionId: w.countyA.id, count: 2 }],
    });
  });

  it('exports the visible, filtered assets as XLSX with headers in the caller’s language, and audits it', async () => {
    const zh = await get(w.countyAAdmin.cookie, '/api/v1/assets/export.xlsx?sort=name');
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('spreadsheetml');
    expect(zh.headers['content-disposition']).toMatch(
      /^attachment; filename=".+\.xlsx"; filename\*=UTF-8''%E8%B5%84/,
    );
    const rows = await rowsOfXlsx(zh.rawPayload);
    expect(rows[0]?.slice(0, 4)).toEqual(['名称', '类型', '责任单位', '区域']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'Alpha portal',
      'Bravo system',
      'Charlie grid',
      'Delta 100% uptime',
    ]);
    expect(rows[1]).toEqual(
      expect.arrayContaining(['网站', 'Unit A', 'County A', 'alpha.example.cn', '3', '否', 'portal; gov']),
    );
    expect(rows[3]?.slice(0, 2)).toEqual(['Charlie grid', '关键信息基础设施']);

    const en = await get(
      w.cityAdmin.cookie,
      '/api/v1/assets/export.xlsx?q=Bulk&sort=name&order=desc',
      'en-US',
    );
    const enRows = await rowsOfXlsx(en.rawPayload);
    expect(enRows[0]?.slice(0, 3)).toEqual(['name', 'kind', 'unit']);
    expect(enRows).toHaveLength(31);
    expect(enRows[1]?.slice(0, 4)).toEqual(['Bulk 29', 'website', 'Unit B', 'County B']);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'asset.export')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('serves an import template whose headers the import accepts', async () => {
    const res = await get(w.countyAAdmin.cookie, '/api/v1/assets/import/template.xlsx');
    expect(res.statusCode).toBe(200);
    const rows = await rowsOfXlsx(res.rawPayload);
    expect(rows[0]).toEqual([
      '名称',
      '类型',
      '责任单位',
      '区域',
      '域名',
      '网址',
      'IP',
      '等保级别',
      '是否关键信息基础设施',
      '联系人',
      '联系电话',
      '标签',
      '备注',
    ]);
    expect(rows).toHaveLength(2);
    const body = multipart('template.xlsx', res.rawPayload);
    const preview = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: body.payload,
      headers: { ...body.headers, cookie: w.countyAAdmin.cookie },
    });
    // The example's unit does not exist here: the only problem is the unit.
    expect(preview.json().errors).toEqual([
      { row: 2, field: 'unit', message: expect.stringContaining('市政府办公室') },
    ]);
  });
});
