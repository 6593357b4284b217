import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { multipart } from '../assets/assets.test-support.ts';
import { caller, type NoticeWorld, noticeBody, noticeWorld } from './notices.test-support.ts';

const system = systemActor('/');

describe(`notices: numbers, deadlines, files, bulk, views, findings (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: NoticeWorld;
  let call: ReturnType<typeof caller>;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await noticeWorld(ctx);
    call = caller(ctx);
  });
  afterAll(() => ctx.close());

  const draft = (unitId: number, over: Record<string, unknown> = {}) =>
    ctx.services.notices.create(system, { ...noticeBody(unitId), severity: 'III', ...over } as Parameters<
      typeof ctx.services.notices.create
    >[1]);
  const row = (id: number) =>
    ctx.services.database.db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Runs fn with the services' clock at `iso`, then puts it back. */
  async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
    const offset = new Date(iso).getTime() - ctx.clock.now().getTime();
    ctx.clock.advance(offset);
    try {
      return await fn();
    } finally {
      ctx.clock.advance(-offset);
    }
  }

  it('numbers issued notices consecutively per office and year, also when issued concurrently', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => draft(w.unitA.id)));
    await Promise.all(
      ids.map((id) => ctx.services.notices.transition(system, id, { action: 'issue', version: 1 })),
    );
    const rows = await Promise.all(ids.map(row));
    const seqs = rows.map((r) => r.doc_seq).sort((a, b) => Number(a) - Number(b));
    expect(new Set(rows.map((r) => r.office_region_id)).size).toBe(1);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(rows.map((r) => r.doc_number)).size).toBe(8);
    const other = await draft(w.unitB.id);
    await ctx.services.notices.transition(system, other, { action: 'issue', version: 1 });
    expect((await row(other)).doc_seq).toBe(1);
  });

  it('takes deadlines from the policy on the working calendar: past 国庆 2026, provisional in 2027', async () => {
    const id = await draft(w.unitA.id);
    await at('2026-09-30T02:00:00Z', () =>
      ctx.services.notices.transition(system, id, { action: 'issue', version: 1 }),
    );
    const n = await row(id);
    // III: sign in 1 working day, rectify in 5; 10/1-7 are holidays and Saturday 10/10 a make-up working day.
    expect(n.sign_due_at).toBe('2026-10-08T15:59:59.000Z');
    expect(n.rectify_due_at).toBe('2026-10-13T15:59:59.000Z');
    expect(n.deadline_provisional).toBe(0);
    expect(n.doc_year).toBe(2026);

    const late = await draft(w.unitA.id);
    await at('2027-03-01T02:00:00Z', () =>
      ctx.services.notices.transition(system, late, { action: 'issue', version: 1 }),
    );
    const p = await row(late);
    expect(p.deadline_provisional).toBe(1);
    expect(p.doc_year).toBe(2027);
    expect(p.doc_seq).toBe(1);
    const res = await call(w.analyst.cookie, 'GET', `/api/v1/notices/${late}`);
    expect(res.json()).toMatchObject({ deadlineProvisional: true });
  });

  it('follows an office policy set by an admin, inherited by sub-regions', async () => {
    const policy = (await call(w.cityAdmin.cookie, 'GET', '/api/v1/notices/policy')).json();
    expect(policy).toMatchObject({ docNumberPrefix: '网信通', inheritedFrom: null });
    const put = await call(w.cityAdmin.cookie, 'PUT', '/api/v1/notices/policy', {
      deadlines: { ...policy.deadlines, IV: { sign: '3d', rectify: '20wd' } },
      requireLeaderApproval: true,
      docNumberPrefix: '网信函',
      officeShortName: '市',
    });
    expect(put.statusCode, put.body).toBe(200);
    const inherited = (await call(w.analyst.cookie, 'GET', '/api/v1/notices/policy')).json();
    expect(inherited).toMatchObject({ inheritedFrom: w.city.id, docNumberPrefix: '网信函' });
    const bad = await call(w.cityAdmin.cookie, 'PUT', '/api/v1/notices/policy', {
      requireLeaderApproval: false,
      docNumberPrefix: 'x',
      deadlines: { ...policy.deadlines, I: { sign: '0wd', rectify: '1wd' } },
    });
    expect(bad.statusCode).toBe(400);
    const cityDraft = (
      await call(w.cityAdmin.cookie, 'POST', '/api/v1/notices', noticeBody(w.unitA.id, { severity: 'IV' }))
    ).json();
    const issued = await call(w.cityAdmin.cookie, 'POST', `/api/v1/notices/${cityDraft.id}/transitions`, {
      action: 'issue',
      version: 1,
    });
    expect(issued.json().docNumber).toMatch(/^市网信函〔\d{4}〕1号$/);
    expect(issued.json().requiresLeaderApproval).toBe(true);
    const { deadlines, docNumberPrefix, autoRaise } = policy;
    const restored = await call(w.cityAdmin.cookie, 'PUT', '/api/v1/notices/policy', {
      deadlines,
      docNumberPrefix,
      autoRaise,
      requireLeaderApproval: false,
    });
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('changes a deadline only with a reason, on the timeline and in the outbox', async () => {
    const id = await draft(w.unitA.id);
    await ctx.services.notices.transition(system, id, { action: 'issue', version: 1 });
    const due = new Date(Date.now() + 40 * 86_400_000).toISOString();
    let res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${id}/deadline`, {
      rectifyDueAt: due,
      reason: ' ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject([{ field: 'reason' }]);
    res = await call(w.handler.cookie, 'POST', `/api/v1/notices/${id}/deadline`, {
      rectifyDueAt: due,
      reason: 'x',
    });
    expect(res.statusCode).toBe(403);
    res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${id}/deadline`, {
      rectifyDueAt: due,
      reason: 'agreed',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rectifyDueAt: due, deadlineReason: 'agreed' });
    expect(res.json().timeline.at(-1)).toMatchObject({ action: 'deadline_changed', reason: 'agreed' });
    const topics = await ctx.services.database.db
      .selectFrom('notification_outbox')
      .select('topic')
      .where('notice_id', '=', id)
      .execute();
    expect(topics.map((t) => t.topic)).toContain('notice.deadline_changed');
  });

  it('stores attachments accepted by content, serves them back, and audits both', async () => {
    const id = await draft(w.unitA.id);
    await ctx.services.notices.transition(system, id, { action: 'issue', version: 1 });
    const exe = multipart('evidence.png', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00binary'));
    let res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/notices/${id}/attachments`,
      payload: exe.payload,
      headers: { ...exe.headers, cookie: w.handler.cookie },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('file_type_rejected');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const up = multipart('截图.png', png);
    res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/notices/${id}/attachments?kind=rectification_report`,
      payload: up.payload,
      headers: { ...up.headers, cookie: w.handler.cookie },
    });
    expect(res.statusCode, res.body).toBe(201);
    const att = res.json();
    expect(att).toMatchObject({
      kind: 'rectification_report',
      fileName: '截图.png',
      contentType: 'image/png',
      sizeBytes: 12,
    });
    const stored = (
      await ctx.services.database.db
        .selectFrom('notice_attachments')
        .selectAll()
        .where('id', '=', att.id)
        .executeTakeFirstOrThrow()
    ).storage_key;
    expect(existsSync(path.join(ctx.dataDir, 'files', stored))).toBe(true);
    expect(readFileSync(path.join(ctx.dataDir, 'files', stored))).toEqual(png);
    res = await call(w.analyst.cookie, 'GET', `/api/v1/notices/${id}/attachments/${att.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toEqual(png);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E6%88%AA%E5%9B%BE.png");
    expect(
      (await call(w.analystB.cookie, 'GET', `/api/v1/notices/${id}/attachments/${att.id}`)).statusCode,
    ).toBe(404);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['notice.attachment_add', 'notice.attachment_download']),
    );
    const detail = (await call(w.handler.cookie, 'GET', `/api/v1/notices/${id}`)).json();
    expect(detail.attachments).toHaveLength(1);
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'attachment_added' });
  });

  it('applies bulk actions one notice at a time, reporting each refusal', async () => {
    const a = await draft(w.unitA.id);
    const b = await draft(w.unitA.id);
    const hiddenDraft = await draft(w.unitA.id);
    for (const id of [a, b])
      await ctx.services.notices.transition(system, id, { action: 'issue', version: 1 });
    const res = await call(w.handler.cookie, 'POST', '/api/v1/notices/bulk', {
      ids: [a, b, hiddenDraft],
      action: 'sign',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toMatchObject([
      { id: a, ok: true },
      { id: b, ok: true },
      { id: hiddenDraft, ok: false, code: 'not_found' },
    ]);
    expect((await row(a)).state).toBe('signed');
  });

  it('keeps saved views private to their owner', async () => {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/saved-views', {
      page: 'notices',
      name: 'Overdue I',
      query: { overdue: true, severity: ['I'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await call(w.analyst.cookie, 'GET', '/api/v1/saved-views?page=notices')).json();
    expect(list).toMatchObject([{ name: 'Overdue I', query: { overdue: true, severity: ['I'] } }]);
    expect((await call(w.admin.cookie, 'GET', '/api/v1/saved-views?page=notices')).json()).toEqual([]);
    expect((await call(w.admin.cookie, 'DELETE', `/api/v1/saved-views/${res.json().id}`)).statusCode).toBe(
      404,
    );
    expect((await call(w.analyst.cookie, 'DELETE', `/api/v1/saved-views/${res.json().id}`)).statusCode).toBe(
      204,
    );
  });

  it('dedups findings, attaches repeats to the open notice, re-checks on close, and auto-issues homepage defacement', async () => {
    let present = true;
    ctx.services.notices.registerRechecker('monitoring.hidden_links', async () => ({
      present,
      detail: present ? '3 hidden links still on the page' : 'clean',
    }));
    const report = (key: string, over: Record<string, unknown> = {}) =>
      ctx.services.findings.report(system, {
        source: 'monitoring',
        detector: 'monitoring.hidden_links',
        dedupKey: key,
        unitId: w.unitA.id,
        category: 'hidden_links',
        severity: 'III',
        title: 'Hidden links',
        evidence: { links: 3 },
        recheck: { url: 'https://example.gov.cn/' },
        ...over,
      });
    const first = await report('hl:1');
    expect(first).toMatchObject({ kind: 'new', noticeId: null, raised: null });
    expect(await report('hl:1')).toMatchObject({ kind: 'seen', findingId: first.findingId });

    let res = await call(w.analyst.cookie, 'POST', `/api/v1/findings/${first.findingId}/raise-notice`, {});
    expect(res.statusCode, res.body).toBe(201);
    const notice = res.json();
    expect(notice).toMatchObject({
      source: 'finding',
      findings: [{ id: first.findingId, detector: 'monitoring.hidden_links' }],
    });
    res = await call(w.analyst.cookie, 'POST', `/api/v1/findings/${first.findingId}/raise-notice`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(notice.id);

    expect(await ctx.services.findings.resolve(system, 'hl:1')).toBe(1);
    const again = await report('hl:1');
    expect(again).toMatchObject({ kind: 'attached', noticeId: notice.id });

    const n = notice.id;
    const svc = ctx.services.notices;
    await svc.transition(system, n, { action: 'issue', version: 1 });
    res = await call(w.handler.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'sign',
      version: 2,
    });
    res = await call(w.handler.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'report_back',
      version: 3,
    });
    res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'close',
      version: 4,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'recheck_failed',
      details: { stillPresent: [{ detail: '3 hidden links still on the page' }] },
    });
    expect((await row(n)).state).toBe('reported');
    present = false;
    res = await call(w.analyst.cookie, 'POST', `/api/v1/notices/${n}/transitions`, {
      action: 'close',
      version: 4,
    });
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.state).toBe('closed');
    expect(detail.findings.every((f: { status: string }) => f.status === 'resolved')).toBe(true);
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['finding_resolved', 'finding_attached', 'close']),
    );

    const defaced = await report('deface:1', {
      severity: 'I',
      isHomepage: true,
      detector: 'monitoring.defacement',
    });
    expect(defaced).toMatchObject({ kind: 'new', raised: 'issued' });
    const auto = await row(Number(defaced.noticeId));
    expect(auto.state).toBe('issued');
    expect(auto.doc_number).not.toBeNull();
  });

  it('records and dismisses manual findings, hidden from unit roles', async () => {
    let res = await call(w.analyst.cookie, 'POST', '/api/v1/findings', {
      unitId: w.unitA.id,
      category: 'content',
      severity: 'IV',
      title: 'Outdated policy page',
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({ source: 'manual', status: 'open', abilities: { raiseNotice: true } });
    expect((await call(w.handler.cookie, 'GET', `/api/v1/findings/${f.id}`)).statusCode).toBe(404);
    expect((await call(w.handler.cookie, 'GET', '/api/v1/findings')).statusCode).toBe(403);
    res = await call(w.analyst.cookie, 'POST', `/api/v1/findings/${f.id}/dismiss`, {
      reason: 'not a problem',
    });
    expect(res.json()).toMatchObject({ status: 'dismissed' });
    res = await call(w.analyst.cookie, 'POST', `/api/v1/findings/${f.id}/raise-notice`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('finding_closed');
  });
});
