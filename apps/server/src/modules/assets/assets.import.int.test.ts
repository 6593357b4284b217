import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { assetWorld, csvOf, encodeGb18030, insertAsset, multipart, xlsxOf } from './assets.test-support.ts';

const ZH_HEADER = [
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
];

describe(`assets import (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: Awaited<ReturnType<typeof assetWorld>>;
  const db = () => ctx.services.database.db;
  const upload = (cookie: string, fileName: string, content: Buffer, query = '', lang = 'zh-CN') => {
    const body = multipart(fileName, content);
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/assets/import${query}`,
      payload: body.payload,
      headers: { ...body.headers, cookie, 'accept-language': lang },
    });
  };
  const confirm = (cookie: string, previewId: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/assets/import/${previewId}/confirm`,
      headers: { cookie },
    });
  const assetNames = async (like: string) =>
    (
      await db().selectFrom('assets').select('name').where('name', 'like', like).orderBy('name').execute()
    ).map((r) => r.name);
  const previewCount = async () =>
    Number(
      (
        await db()
          .selectFrom('import_previews')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await assetWorld(ctx);
  });
  afterAll(() => ctx.close());

  it('previews an XLSX with one bad row, imports nothing until confirm, then imports the valid rows and audits', async () => {
    const file = await xlsxOf([
      ZH_HEADER,
      [
        '甲门户',
        '网站',
        'Unit A',
        '',
        'a.example.cn; b.example.cn',
        'https://a.example.cn/',
        '203.0.113.1',
        '三级',
        '否',
        '张三',
        '13800000000',
        '门户，政务',
        '',
      ],
      ['乙系统', '信息系统', 'Unit A', '', '', '', '300.0.0.1', 2, '', '', '', '', ''],
      [
        '丙关基',
        '关键信息基础设施',
        'Town Unit',
        'Town A1',
        '',
        '',
        '10.0.0.0/8\n10.1.0.0/16',
        '',
        '',
        '',
        '',
        '',
        '备注',
      ],
    ]);
    const res = await upload(w.countyAAnalyst.cookie, '资产.xlsx', file);
    expect(res.statusCode).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ fileName: '资产.xlsx', totalRows: 3, validRows: 2 });
    expect(preview.errors).toEqual([
      { row: 3, field: 'ips', message: '“300.0.0.1”不是有效的 IPv4/IPv6 地址或网段（CIDR）' },
    ]);
    expect(await assetNames('%门户%')).toEqual([]);

    const done = await confirm(w.countyAAnalyst.cookie, preview.previewId);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ imported: 2 });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/assets?sort=name',
      headers: { cookie: w.countyAAnalyst.cookie },
    });
    const byName = new Map(list.json().items.map((a: { name: string }) => [a.name, a]));
    expect(byName.get('甲门户')).toMatchObject({
      kind: 'website',
      unitName: 'Unit A',
      domains: ['a.example.cn', 'b.example.cn'],
      mlpsLevel: 3,
      isCii: false,
      tags: ['门户', '政务'],
      contactPhone: '13800000000',
    });
    expect(byName.get('丙关基')).toMatchObject({
      kind: 'cii',
      isCii: true,
      unitName: 'Town Unit',
      ips: ['10.0.0.0/8', '10.1.0.0/16'],
    });
    expect(byName.has('乙系统')).toBe(false);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['asset.create', 'asset.import'])
      .orderBy('id')
      .execute();
    const summary = audit.at(-1);
    expect(summary).toMatchObject({ action: 'asset.import', resource_id: preview.previewId });
    expect(JSON.parse(summary?.after_json ?? '{}')).toMatchObject({ imported: 2, created: 2, totalRows: 3 });
    expect(audit.slice(-3, -1).map((a) => a.action)).toEqual(['asset.create', 'asset.create']);

    const again = await confirm(w.countyAAnalyst.cookie, preview.previewId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('import_confirmed');
  });

  it('reports row errors in English for English callers, and refuses units outside the jurisdiction', async () => {
    const file = await xlsxOf([
      ['name', 'kind', 'unit', 'mlpsLevel', 'isCii'],
      ['Outside', 'website', 'Unit B', '', ''],
      ['Nowhere', 'website', 'No Such Unit', '', ''],
      ['Odd', 'satellite', 'Unit A', 'seven', 'maybe'],
      ['Fine', 'website', 'Unit A', '1', 'no'],
    ]);
    const res = await upload(w.countyAAdmin.cookie, 'assets.xlsx', file, '', 'en-US');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 4, validRows: 1 });
    expect(res.json().errors).toEqual([
      { row: 2, field: 'unit', message: 'no unit named "Unit B" in your jurisdiction' },
      { row: 3, field: 'unit', message: 'no unit named "No Such Unit" in your jurisdiction' },
      { row: 4, field: 'kind', message: 'must be one of: website, system, cii' },
      { row: 4, field: 'mlpsLevel', message: 'MLPS level must be 1 to 5 (or empty)' },
      { row: 4, field: 'isCii', message: 'must be yes or no (是/否, true/false)' },
    ]);
  });

  it('treats an existing (unit, name) as an error, or as an update with mode=upsert; and flags repeats in the file', async () => {
    await insertAsset(ctx, w.unitA.id, { name: 'Existing', tags: ['before'] });
    const rows = [
      ['name', 'kind', 'unit', 'tags'],
      ['Existing', 'website', 'Unit A', 'after'],
      ['Brand new', 'system', 'Unit A', ''],
      ['Brand new', 'system', 'Unit A', ''],
    ];
    const strict = await upload(w.countyAAdmin.cookie, 'a.xlsx', await xlsxOf(rows), '', 'en-US');
    expect(strict.json().errors).toEqual([
      {
        row: 2,
        field: 'name',
        message: 'the unit already has an asset named "Existing" (import with mode=upsert to update it)',
      },
      { row: 4, field: 'name', message: 'duplicates row 3 (same unit and name)' },
    ]);
    const upsert = await upload(w.countyAAdmin.cookie, 'a.xlsx', await xlsxOf(rows), '?mode=upsert');
    expect(upsert.json()).toMatchObject({ validRows: 2, errors: [{ row: 4, field: 'name' }] });
    expect((await confirm(w.countyAAdmin.cookie, upsert.json().previewId)).json()).toEqual({ imported: 2 });
    const existing = await db().selectFrom('assets').selectAll().where('name', '=', 'Existing').execute();
    expect(existing.map((a) => JSON.parse(a.tags))).toEqual([['after']]);
    const update = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'asset.update')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(JSON.parse(update?.before_json ?? '{}')).toMatchObject({ name: 'Existing', tags: ['before'] });
  });

  it('uses the region column to pick between units of the same name', async () => {
    await buildUnit(ctx, w.countyA, { name: 'Twin School' });
    await buildUnit(ctx, w.townA, { name: 'Twin School' });
    const res = await upload(
      w.countyAAdmin.cookie,
      'twins.xlsx',
      await xlsxOf([
        ['名称', '类型', '责任单位', '区域'],
        ['Twin site 1', '网站', 'Twin School', ''],
        ['Twin site 2', '网站', 'Twin School', 'Town A1'],
      ]),
    );
    expect(res.json().errors).toEqual([
      { row: 2, field: 'unit', message: '辖区内有多个名为“Twin School”的单位，请填写“区域”列' },
    ]);
    expect(res.json().validRows).toBe(1);
  });

  it('reads a UTF-8 CSV with BOM and Chinese headers, and a GB18030 CSV from Excel', async () => {
    const rows = [
      ['名称', '类型', '责任单位', '域名', '标签'],
      ['CSV网站', '网站', 'Unit A', 'csv.example.cn', '测试;导入'],
    ];
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvOf(rows), 'utf8')]);
    const res = await upload(w.countyAAdmin.cookie, 'assets.csv', bom);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 1, validRows: 1, errors: [] });
    expect((await confirm(w.countyAAdmin.cookie, res.json().previewId)).json()).toEqual({ imported: 1 });
    const stored = await db()
      .selectFrom('assets')
      .selectAll()
      .where('name', '=', 'CSV网站')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.tags)).toEqual(['测试', '导入']);

    const gb = encodeGb18030(csvOf([rows[0] ?? [], ['国标网站', '网站', 'Unit A', 'gb.example.cn', '测试']]));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const gbRes = await upload(w.countyAAdmin.cookie, 'gb.csv', gb);
    expect(gbRes.json()).toMatchObject({ validRows: 1, errors: [] });
    expect((await confirm(w.countyAAdmin.cookie, gbRes.json().previewId)).json()).toEqual({ imported: 1 });
    expect(await assetNames('国标%')).toEqual(['国标网站']);
  });

  it('rejects a whole file that is not a spreadsheet, lacks a required column, is empty or too long, storing nothing', async () => {
    const before = await previewCount();
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const fake = await upload(w.countyAAdmin.cookie, 'assets.xlsx', png);
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error).toMatchObject({ code: 'file_type_rejected', details: { detected: 'png' } });

    const noUnit = await upload(
      w.countyAAdmin.cookie,
      'a.xlsx',
      await xlsxOf([
        ['名称', '类型'],
        ['x', '网站'],
      ]),
    );
    expect(noUnit.statusCode).toBe(422);
    expect(noUnit.json().error.code).toBe('import_rejected');
    expect(noUnit.json().error.message).toBe('导入文件整体无效，未导入任何数据：缺少必需的列：责任单位');

    const headerOnly = await upload(w.countyAAdmin.cookie, 'a.xlsx', await xlsxOf([ZH_HEADER]), '', 'en-US');
    expect(headerOnly.statusCode).toBe(422);
    expect(headerOnly.json().error.message).toContain('the file has no data rows');
    const empty = await upload(w.countyAAdmin.cookie, 'empty.csv', Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.details).toMatchObject({ reason: 'reason_no_rows' });

    const long = csvOf([
      ['name', 'kind', 'unit'],
      ...Array.from({ length: 10_001 }, (_, i) => [`A${i}`, 'website', 'Unit A']),
    ]);
    const tooLong = await upload(w.countyAAdmin.cookie, 'long.csv', Buffer.from(long));
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.details).toMatchObject({ reason: 'reason_too_many_rows', max: 10_000 });

    const notMultipart = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: { file: 'x' },
      headers: { cookie: w.countyAAdmin.cookie },
    });
    expect(notMultipart.statusCode).toBe(400);
    expect(await previewCount()).toBe(before);
  });

  it('refuses the whole confirm when the same asset was created after the preview', async () => {
    const file = await xlsxOf([
      ['name', 'kind', 'unit'],
      ['Race 1', 'website', 'Unit A'],
      ['Race 2', 'website', 'Unit A'],
    ]);
    const preview = (await upload(w.countyAAdmin.cookie, 'race.xlsx', file)).json();
    expect(preview.validRows).toBe(2);
    await insertAsset(ctx, w.unitA.id, { name: 'Race 2' });
    const res = await confirm(w.countyAAdmin.cookie, preview.previewId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toMatchObject({ row: 3, field: 'name' });
    expect(await assetNames('Race%')).toEqual(['Race 2']);
  });
  it('lets only writers import, and only the owner confirm, within the hour (runs last: it moves the clock)', async () => {
    const file = await xlsxOf([
      ['name', 'kind', 'unit'],
      ['Owned', 'website', 'Unit A'],
    ]);
    const mine = (await upload(w.countyAAdmin.cookie, 'a.xlsx', file)).json();
    expect((await confirm(w.countyAAnalyst.cookie, mine.previewId)).statusCode).toBe(404);
    expect((await confirm(w.countyAAdmin.cookie, 'no-such-preview')).statusCode).toBe(404);
    expect((await upload(w.unitAHandler.cookie, 'a.xlsx', file)).statusCode).toBe(403);
    // Past the hour (a fresh session: the old one idles out with the same clock).
    ctx.clock.advance(61 * 60 * 1000);
    const late = await confirm(await sessionCookie(ctx, w.countyAAdmin.user), mine.previewId);
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('import_expired');
    expect(await assetNames('Owned')).toEqual([]);
  });
});

describe(`assets import size limit (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  it('answers 413 for a file over the upload limit', async () => {
    const ctx = await createTestContext({ SHOUWANG_UPLOAD_MAX_MB: '1' });
    try {
      const w = await assetWorld(ctx);
      const body = multipart('big.csv', Buffer.alloc(1024 * 1024 + 10, 'a'));
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/assets/import',
        payload: body.payload,
        headers: { ...body.headers, cookie: w.countyAAdmin.cookie, 'accept-language': 'en-US' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({
        code: 'file_too_large',
        message: 'The file is too large; the limit is 1 MB.',
      });
    } finally {
      await ctx.close();
    }
  });
});
