import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { RISK_CHECK_KEYS } from '../risk/risk-checklist.ts';
import { api, type TopicWorld, topicWorld } from '../topics.test-support.ts';

function form(fileName: string, content: string | Buffer) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('topic item import and risk assessment records', () => {
  let ctx: TestContext;
  let w: TopicWorld;
  let call: ReturnType<typeof api>;
  const upload = (cookie: string, fileName: string, content: string | Buffer, lang = 'en-US') => {
    const f = form(fileName, content);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/topic-import',
      payload: f.payload,
      headers: { ...f.headers, cookie, 'accept-language': lang },
    });
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await topicWorld(ctx);
    call = api(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('previews a CSV with an error per bad row, then stores the valid rows once', async () => {
    const csv = [
      '标题,内容,时间,来源,地区,链接',
      '停水,东湖街道停水两天,2026-11-20 09:30,12345热线,Town A1,https://x.example/1',
      ',,2026-11-20 09:30,热线,,',
      '噪音,工地夜间施工,yesterday,热线,,',
      '外地,外地的事,2026-11-20 10:00,热线,County B,',
      '路灯,路灯不亮,,热线,,ftp://bad',
    ].join('\n');
    const res = await upload(w.analyst.cookie, '热线导出.csv', csv);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ format: 'csv', totalRows: 5, validRows: 1 });
    expect(p.errors).toEqual([
      { row: 3, field: 'text', message: expect.stringMatching(/required/) },
      { row: 4, field: 'time', message: expect.stringMatching(/date-time/) },
      { row: 5, field: 'region', message: expect.stringMatching(/not a region of your jurisdiction/) },
      { row: 6, field: 'url', message: expect.stringMatching(/http/) },
    ]);
    // The same rows, read by a Chinese-speaking analyst, are explained in Chinese.
    const zh = (await upload(w.analyst.cookie, '热线导出.csv', csv, 'zh-CN')).json();
    expect(zh.errors.map((e: { message: string }) => e.message)).toEqual([
      '必须填写内容（或标题）',
      '必须是日期时间，例如 2026-11-21 09:30 或 ISO 8601 格式',
      '“County B”不是您辖区内的地区',
      '必须是 http(s) 网址',
    ]);
    expect(p.sample[0]).toMatchObject({
      title: '停水',
      time: '2026-11-20T01:30:00.000Z',
      source: '12345热线',
    });

    const confirmed = await call(w.analyst.cookie, 'POST', `/api/v1/topic-import/${p.previewId}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ imported: 1, duplicates: 0 });
    const items = await ctx.services.database.db.selectFrom('topic_items').selectAll().execute();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      source_kind: 'import',
      source_label: '12345热线',
      region_id: w.townA.id,
      processed: 0,
    });
    // Once only.
    expect(
      (await call(w.analyst.cookie, 'POST', `/api/v1/topic-import/${p.previewId}/confirm`)).statusCode,
    ).toBe(409);
    // Another user cannot confirm someone else's preview.
    const again = (await upload(w.analyst.cookie, 'again.csv', csv)).json();
    expect(
      (await call(w.cityAdmin.cookie, 'POST', `/api/v1/topic-import/${again.previewId}/confirm`)).statusCode,
    ).toBe(404);
    // Re-importing the same rows adds nothing.
    expect(
      (await call(w.analyst.cookie, 'POST', `/api/v1/topic-import/${again.previewId}/confirm`)).json(),
    ).toEqual({ imported: 0, duplicates: 1 });
  });

  it('reads NDJSON and JSON arrays with per-line errors, and refuses files that are no item list', async () => {
    const ndjson = [
      '{"id":"a1","text":"学校门口拥堵","time":"2026-11-20T08:00:00Z"}',
      '{not json',
      '[1,2]',
      '{"id":"a2","title":"公交改线"}',
    ].join('\n');
    const n = (await upload(w.analyst.cookie, 'items.ndjson', ndjson)).json();
    expect(n).toMatchObject({ format: 'ndjson', totalRows: 4, validRows: 2 });
    expect(n.errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    const j = (
      await upload(
        w.analyst.cookie,
        'items.json',
        JSON.stringify([{ text: '菜市场占道' }, { text: { x: 1 } }]),
      )
    ).json();
    expect(j).toMatchObject({ format: 'json', totalRows: 2, validRows: 1 });

    const noHeader = await upload(w.analyst.cookie, 'x.csv', 'a,b\n1,2\n');
    expect(noHeader.statusCode).toBe(422);
    expect(noHeader.json().error.code).toBe('import_rejected');
    expect((await upload(w.analyst.cookie, 'x.json', '[{"text":"cut off"}')).statusCode).toBe(422);
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect((await upload(w.analyst.cookie, 'x.csv', png)).statusCode).toBe(415);
    // Duty officers watch; they do not import.
    expect((await upload(w.duty.cookie, 'items.ndjson', ndjson)).statusCode).toBe(403);
  });

  it('keeps risk assessment records with every checklist point rated, and exports them as XLSX', async () => {
    const checklist = RISK_CHECK_KEYS.map((key, i) => ({
      key,
      result: i === 1 ? 'high' : 'low',
      note: i === 1 ? '涉及两千户居民' : '',
    }));
    const body = {
      title: '东湖片区供水管网改造',
      decisionRef: '江政发〔2026〕12号',
      decisionDate: '2026-11-18',
      regionId: w.countyA.id,
      checklist,
      overallRisk: 'medium',
      conclusion: '总体可控，需提前公告停水安排。',
      measures: '提前三天公告；设置临时供水点；开通咨询电话。',
    };
    const missing = await call(w.analyst.cookie, 'POST', '/api/v1/topic-risk-assessments', {
      ...body,
      checklist: checklist.slice(1),
    });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json().error.details)).toMatch(/legality/);
    const created = await call(w.analyst.cookie, 'POST', '/api/v1/topic-risk-assessments', body);
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    const list = await call(w.cityAdmin.cookie, 'GET', '/api/v1/topic-risk-assessments?overallRisk=medium');
    expect(list.json().items.map((r: { id: number }) => r.id)).toContain(id);
    expect((await call(w.analystB.cookie, 'GET', `/api/v1/topic-risk-assessments/${id}`)).statusCode).toBe(
      404,
    );

    const xlsx = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/topic-risk-assessments/${id}/export.xlsx`,
      headers: { cookie: w.analyst.cookie, 'accept-language': 'zh-CN' },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const text = (ws?.getSheetValues() ?? []).flat().map(String).join('|');
    expect(text).toContain('重大事项舆情风险评估表');
    expect(text).toContain('东湖片区供水管网改造');
    expect(text).toContain('涉及两千户居民');
    expect(text).toContain('中风险');
  });
});
