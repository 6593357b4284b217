import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { paragraphWith, readDocx } from './docx-reader.test-support.ts';
import {
  insertAttachment,
  insertFinding,
  insertNotice,
  insertNoticeEvent,
} from './notice-documents.test-support.ts';

let ctx: TestContext;
let j: Awaited<ReturnType<typeof buildJurisdiction>>;
let officeCookie: string;
let handlerCookie: string;
let outsideCookie: string;
let officeId: number;
let handlerId: number;
let issuedId: number;
let draftId: number;

const DOC_NUMBER = 'City网信通〔2026〕7号';

beforeAll(async () => {
  ctx = await createTestContext();
  j = await buildJurisdiction(ctx);
  const office = await buildUser(ctx, { role: 'analyst', region: j.city });
  const handler = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
  const outsider = await buildUser(ctx, { role: 'analyst', region: j.countyB });
  officeId = office.id;
  handlerId = handler.id;
  officeCookie = await sessionCookie(ctx, office);
  handlerCookie = await sessionCookie(ctx, handler);
  outsideCookie = await sessionCookie(ctx, outsider);
  const base = { unitId: j.unitA.id, officeRegionId: j.city.id, createdBy: office.id };
  issuedId = await insertNotice(ctx, base, {
    doc_number: DOC_NUMBER,
    doc_year: 2026,
    doc_seq: 7,
    title: '门户网站存在暗链',
    description: '你单位门户网站首页被植入隐藏的博彩链接。\n链接通过 display:none 隐藏。',
    required_actions: '立即清除暗链。\n排查网站后台弱口令并加固。',
    severity: 'II',
    category: 'hidden_links',
    tlp: 'AMBER+STRICT',
    state: 'signed',
    issued_at: '2026-10-09T01:00:00.000Z',
    sign_due_at: '2026-10-09T05:00:00.000Z',
    rectify_due_at: '2026-10-14T09:30:00.000Z',
    deadline_provisional: 1,
    signed_at: '2026-10-09T02:00:00.000Z',
    reported_at: '2026-10-12T08:00:00.000Z',
  });
  draftId = await insertNotice(ctx, base, { title: '草稿通报', state: 'draft' });
  await insertFinding(ctx, issuedId, j.unitA.id, {
    title: '首页发现暗链',
    pageUrl: 'https://www.example.gov.cn/',
    isHomepage: true,
    evidence: { hiddenLinks: 3, domains: ['bet.example', 'casino.example'] },
    firstSeenAt: '2026-10-08T01:30:00.000Z',
    lastSeenAt: '2026-10-08T23:45:00.000Z',
  });
  await insertAttachment(ctx, issuedId, { kind: 'evidence', fileName: '首页截图.png', uploadedBy: officeId });
  await insertAttachment(ctx, issuedId, {
    kind: 'evidence',
    fileName: '清除后截图.png',
    uploadedBy: handlerId,
  });
  await insertAttachment(ctx, issuedId, {
    kind: 'rectification_report',
    fileName: '整改报告.pdf',
    uploadedBy: handlerId,
  });
  await insertNoticeEvent(ctx, issuedId, {
    at: '2026-10-10T02:00:00.000Z',
    actorName: '张经办',
    action: 'progress',
    note: '已删除首页暗链代码',
  });
  await insertNoticeEvent(ctx, issuedId, {
    at: '2026-10-12T08:00:00.000Z',
    actorName: '张经办',
    action: 'report_back',
    note: '已完成弱口令排查，修改全部后台口令',
  });
  await insertNoticeEvent(ctx, issuedId, {
    at: '2026-10-09T02:00:00.000Z',
    actorName: '张经办',
    action: 'sign',
  });
});

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string, cookie: string, lang = 'zh-CN') =>
  ctx.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': lang } });

async function auditActions(action: string) {
  return ctx.services.database.db
    .selectFrom('audit_log')
    .select(['resource_id', 'actor_name'])
    .where('action', '=', action)
    .execute();
}

describe('GET /notices/:id/document.docx', () => {
  it('writes every field of the rectification notice in the official layout', async () => {
    const res = await get(`/api/v1/notices/${issuedId}/document.docx`, officeCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('网络安全问题整改通知书'));
    const { xml, paragraphs } = await readDocx(res.rawPayload);
    const texts = paragraphs.map((p) => p.text);

    // A4 portrait with GB/T 9704 margins.
    expect(xml).toMatch(/<w:pgSz w:w="11907" w:h="16840"/);
    // TLP marking first, in 黑体.
    expect(texts[0]).toBe('TLP:AMBER+STRICT（仅限收文单位知悉）');
    expect(paragraphs[0]?.xml).toContain('w:eastAsia="黑体"');
    // Issuing office (red), document number over the red rule, title in 宋体 bold 二号, centred.
    const office = paragraphWith(paragraphs, 'City网信办');
    expect(office.xml).toContain('w:color w:val="C00000"');
    const number = paragraphs.find((p) => p.text === DOC_NUMBER);
    expect(number?.xml).toMatch(/<w:bottom [^>]*w:color="C00000"/);
    const title = paragraphs.find((p) => p.text === '网络安全问题整改通知书');
    expect(title?.xml).toContain('<w:jc w:val="center"/>');
    expect(title?.xml).toContain('w:eastAsia="宋体"');
    expect(title?.xml).toContain('<w:b/>');
    expect(title?.xml).toContain('<w:sz w:val="44"/>');
    expect(texts).toContain('事由：门户网站存在暗链');
    // Recipient, flush left.
    expect(texts).toContain('Unit A：');
    // Facts: description (each line a paragraph, 仿宋 三号), severity, category, finding with times and page.
    const description = paragraphWith(paragraphs, '你单位门户网站首页被植入隐藏的博彩链接。');
    expect(description.xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(description.xml).toContain('<w:sz w:val="32"/>');
    expect(texts).toContain('链接通过 display:none 隐藏。');
    expect(texts).toContain('问题等级：Ⅱ级（重大）。');
    expect(texts).toContain('问题类别：hidden_links。');
    expect(texts).toContain(
      '（一）首页发现暗链，页面：https://www.example.gov.cn/（首页），首次发现时间：2026年10月8日09:30，' +
        '最近发现时间：2026年10月9日07:45。',
    );
    expect(texts).toContain('证据摘要：hiddenLinks: 3; domains: bet.example, casino.example。');
    expect(texts).toContain('证据材料：首页截图.png、清除后截图.png。');
    // Requirements, one paragraph per line.
    const headings = ['一、问题事实', '二、整改要求', '三、整改时限'].map((h) => texts.indexOf(h));
    expect(headings.every((i) => i > 0)).toBe(true);
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
    expect(texts.slice(headings[1], headings[2])).toEqual([
      '二、整改要求',
      '立即清除暗链。',
      '排查网站后台弱口令并加固。',
    ]);
    // Deadlines, the provisional one marked.
    expect(texts).toContain('请于2026年10月9日13:00前签收本通知书。');
    expect(texts).toContain('请于2026年10月14日17:30（暂定）前完成整改，并向我办书面反馈整改情况报告。');
    expect(texts.some((t) => t.includes('暂行计算'))).toBe(true);
    // Seal area: placeholder, office name and 成文日期, right-aligned at the end.
    expect(texts.slice(-3)).toEqual(['（印章）', 'City网信办', '2026年10月9日']);
    for (const p of paragraphs.slice(-3)) expect(p.xml).toContain('<w:jc w:val="right"/>');
    expect(texts.indexOf('特此通知。')).toBeLessThan(texts.length - 3);

    const audits = await auditActions('notice.document_download');
    expect(audits.map((a) => a.resource_id)).toContain(String(issuedId));
  });

  it('marks a draft with （草稿） in place of the document number and dates it today', async () => {
    const res = await get(`/api/v1/notices/${draftId}/document.docx`, officeCookie);
    expect(res.statusCode).toBe(200);
    const { paragraphs } = await readDocx(res.rawPayload);
    const texts = paragraphs.map((p) => p.text);
    expect(texts).toContain('（草稿）');
    expect(texts).toContain('事由：草稿通报');
    expect(texts).toContain('整改时限以签发时确定的期限为准。');
    const today = new Date(ctx.clock.now().getTime() + 8 * 3600_000);
    expect(texts.at(-1)).toBe(
      `${today.getUTCFullYear()}年${today.getUTCMonth() + 1}月${today.getUTCDate()}日`,
    );
  });

  it('speaks English to an en-US caller', async () => {
    const res = await get(`/api/v1/notices/${issuedId}/document.docx`, officeCookie, 'en-US');
    const { paragraphs } = await readDocx(res.rawPayload);
    const texts = paragraphs.map((p) => p.text);
    expect(texts).toContain('Notice of Cybersecurity Rectification');
    expect(texts).toContain('To: Unit A');
    expect(texts.at(-1)).toBe('9 October 2026');
    expect(texts.some((t) => t.includes('14 October 2026 17:30 (UTC+8) (provisional)'))).toBe(true);
  });

  it('is hidden (404) outside the jurisdiction, from the unit while a draft, and for unknown ids', async () => {
    expect((await get(`/api/v1/notices/${issuedId}/document.docx`, outsideCookie)).statusCode).toBe(404);
    expect((await get(`/api/v1/notices/${draftId}/document.docx`, handlerCookie)).statusCode).toBe(404);
    expect((await get('/api/v1/notices/999999/document.docx', officeCookie)).statusCode).toBe(404);
    expect((await get(`/api/v1/notices/${issuedId}/document.docx`, handlerCookie)).statusCode).toBe(200);
  });
});

describe('GET /notices/:id/report-back.docx', () => {
  it('reports what the unit did, its files, and leaves a sign-off area', async () => {
    const res = await get(`/api/v1/notices/${issuedId}/report-back.docx`, handlerCookie);
    expect(res.statusCode).toBe(200);
    const { paragraphs } = await readDocx(res.rawPayload);
    const texts = paragraphs.map((p) => p.text);
    expect(texts[0]).toBe('整改情况报告');
    expect(texts).toContain('City网信办：');
    expect(texts).toContain(
      `我单位于2026年10月9日10:00收到贵办《网络安全问题整改通知书》（${DOC_NUMBER}），事由：门户网站存在暗链。现将整改情况报告如下：`,
    );
    const start = texts.indexOf('一、整改措施及完成情况');
    const files = texts.indexOf('二、附件');
    expect(texts.slice(start + 1, files)).toEqual([
      '2026年10月10日10:00，张经办：已删除首页暗链代码',
      '2026年10月12日16:00，张经办：已完成弱口令排查，修改全部后台口令',
    ]);
    // The unit's files only: the office's evidence screenshot is not part of the report.
    expect(texts.slice(files + 1, files + 3)).toEqual(['1. 清除后截图.png', '2. 整改报告.pdf']);
    expect(texts).not.toContain('首页截图.png');
    expect(texts.some((t) => t.startsWith('单位负责人（签字）'))).toBe(true);
    expect(texts.slice(-3)).toEqual(['（单位印章）', 'Unit A', '2026年10月12日']);
    for (const p of paragraphs.slice(-3)) expect(p.xml).toContain('<w:jc w:val="right"/>');
    expect((await auditActions('notice.report_download')).map((a) => a.resource_id)).toContain(
      String(issuedId),
    );
  });

  it('says so when nothing was reported yet, and hides what the caller may not see', async () => {
    const res = await get(`/api/v1/notices/${draftId}/report-back.docx`, officeCookie);
    const texts = (await readDocx(res.rawPayload)).paragraphs.map((p) => p.text);
    expect(texts).toContain('（尚无整改情况记录）');
    expect(texts.some((t) => t.includes('（草稿）'))).toBe(true);
    expect((await get(`/api/v1/notices/${issuedId}/report-back.docx`, outsideCookie)).statusCode).toBe(404);
    expect((await get(`/api/v1/notices/${draftId}/report-back.docx`, handlerCookie)).statusCode).toBe(404);
  });
});
