import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { createNoticeDocumentsService } from './documents.service.ts';
import { insertNotice } from './notice-documents.test-support.ts';

let ctx: TestContext;
let j: Awaited<ReturnType<typeof buildJurisdiction>>;
let cityCookie: string;
let countyCookie: string;
let handlerCookie: string;

beforeAll(async () => {
  ctx = await createTestContext();
  j = await buildJurisdiction(ctx);
  const city = await buildUser(ctx, { role: 'analyst', region: j.city });
  const county = await buildUser(ctx, { role: 'duty_officer', region: j.countyA });
  const handler = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
  cityCookie = await sessionCookie(ctx, city);
  countyCookie = await sessionCookie(ctx, county);
  handlerCookie = await sessionCookie(ctx, handler);
  const a = { unitId: j.unitA.id, officeRegionId: j.city.id, createdBy: city.id };
  await insertNotice(ctx, a, {
    title: '暗链',
    doc_number: 'City网信通〔2026〕1号',
    state: 'rectifying',
    severity: 'II',
    overdue: 1,
    issued_at: '2026-10-09T01:00:00.000Z',
    rectify_due_at: '2026-10-14T09:30:00.000Z',
    deadline_provisional: 1,
    created_at: '2026-10-08T01:00:00.000Z',
  });
  await insertNotice(ctx, a, { title: 'Draft A', state: 'draft', created_at: '2026-10-07T01:00:00.000Z' });
  await insertNotice(
    ctx,
    { ...a, unitId: j.unitB.id },
    {
      title: 'Closed B',
      state: 'closed',
      severity: 'IV',
      closed_at: '2026-10-12T01:00:00.000Z',
      created_at: '2026-10-06T01:00:00.000Z',
    },
  );
});

afterAll(async () => {
  await ctx?.close();
});

async function sheetOf(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(content).buffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text;
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

const exportAs = (cookie: string, query = '', lang = 'zh-CN') =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/notices/export.xlsx${query}`,
    headers: { cookie, 'accept-language': lang },
  });

describe('GET /notices/export.xlsx', () => {
  it('exports the visible notices in list order with Chinese headers and values', async () => {
    const res = await exportAs(cityCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('通报列表'));
    const [header, ...rows] = await sheetOf(res.rawPayload);
    expect(header?.slice(0, 4)).toEqual(['文号', '标题', '责任单位', '区域']);
    // Newest first, as the list sorts by default.
    expect(rows.map((r) => r[1])).toEqual(['暗链', 'Draft A', 'Closed B']);
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const first = rows[0] ?? [];
    expect(first[col('文号')]).toBe('City网信通〔2026〕1号');
    expect(first[col('责任单位')]).toBe('Unit A');
    expect(first[col('区域')]).toBe('County A');
    expect(first[col('等级')]).toBe('Ⅱ级（重大）');
    expect(first[col('状态')]).toBe('整改中');
    expect(first[col('是否超期')]).toBe('是');
    expect(first[col('期限暂定')]).toBe('是');
    expect(first[col('整改期限')]).toBe('2026-10-14T17:30:00+08:00');
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'notice.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ count: 3 });
  });

  it('applies the list filters and sort, and answers in English to an en-US caller', async () => {
    const res = await exportAs(cityCookie, '?state=closed,draft&sort=createdAt&order=asc', 'en-US');
    const [header, ...rows] = await sheetOf(res.rawPayload);
    expect(header?.[0]).toBe('Document number');
    expect(rows.map((r) => r[1])).toEqual(['Closed B', 'Draft A']);
    expect(rows[0]?.[header?.indexOf('State') ?? -1]).toBe('Closed');
    const bySeverity = await sheetOf((await exportAs(cityCookie, '?severity=II&overdue=true')).rawPayload);
    expect(bySeverity.slice(1).map((r) => r[1])).toEqual(['暗链']);
    const byRegion = await sheetOf((await exportAs(cityCookie, `?regionId=${j.countyB.id}`)).rawPayload);
    expect(byRegion.slice(1).map((r) => r[1])).toEqual(['Closed B']);
  });

  it('filters by jurisdiction: a county sees its own, a unit never its drafts', async () => {
    const county = await sheetOf((await exportAs(countyCookie)).rawPayload);
    expect(county.slice(1).map((r) => r[1])).toEqual(['暗链', 'Draft A']);
    const unit = await sheetOf((await exportAs(handlerCookie)).rawPayload);
    expect(unit.slice(1).map((r) => r[1])).toEqual(['暗链']);
  });

  it('refuses bad filters and more rows than the cap (422 export_too_large)', async () => {
    expect((await exportAs(cityCookie, '?state=nonsense')).statusCode).toBe(400);
    const capped = createNoticeDocumentsService(ctx.services.database.db, () => ctx.clock.now(), {
      exportMaxRows: 2,
    });
    await expect(capped.exportXlsx(systemActor(), {}, 'zh-CN')).rejects.toMatchObject({
      code: 'export_too_large',
      status: 422,
      params: { count: 3, limit: 2 },
    });
    const out = await capped.exportXlsx(systemActor(), { state: ['closed'] }, 'zh-CN');
    const chunks: Buffer[] = [];
    for await (const chunk of out.pipe(new PassThrough())) chunks.push(Buffer.from(chunk));
    expect((await sheetOf(Buffer.concat(chunks))).slice(1).map((r) => r[1])).toEqual(['Closed B']);
  });
});
