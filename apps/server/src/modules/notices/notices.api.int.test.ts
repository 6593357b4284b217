import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { caller, type NoticeWorld, noticeBody, noticeWorld } from './notices.test-support.ts';

describe(`notices API: create, list, transitions (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: NoticeWorld;
  let call: ReturnType<typeof caller>;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await noticeWorld(ctx);
    call = caller(ctx);
  });
  afterAll(() => ctx.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/notices', noticeBody(w.unitA.id, over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const act = (cookie: string, id: number, body: Record<string, unknown>) =>
    call(cookie, 'POST', `/api/v1/notices/${id}/transitions`, body);

  it('creates a draft, audited, with a timeline entry, hidden from the unit until issued', async () => {
    const n = await create();
    expect(n).toMatchObject({
      state: 'draft',
      unitName: 'Unit A',
      regionName: 'County A',
      severity: 'III',
      tlp: 'AMBER',
      source: 'manual',
      docNumber: null,
      version: 1,
      officeRegionId: w.countyA.id,
      createdBy: { id: w.analyst.id },
      abilities: { edit: true, upload: true, changeDeadline: true },
    });
    expect(n.allowedActions).toEqual(expect.arrayContaining(['edit', 'issue']));
    expect(n.timeline).toMatchObject([{ action: 'create', toState: 'draft' }]);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'notice.create')
      .where('resource_id', '=', String(n.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect((await call(w.handler.cookie, 'GET', `/api/v1/notices/${n.id}`)).statusCode).toBe(404);
    const list = await call(w.handler.cookie, 'GET', '/api/v1/notices');
    expect(list.json().items.map((i: { id: number }) => i.id)).not.toContain(n.id);
    expect((await call(w.analystB.cookie, 'GET', `/api/v1/notices/${n.id}`)).statusCode).toBe(404);
  });

  it('runs the loop: issue, sign, report back, return with a new deadline, report back, close', async () => {
    const n = await create();
    let res = await act(w.analyst.cookie, n.id, { action: 'issue', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    let d = res.json();
    expect(d).toMatchObject({ state: 'issued', version: 2 });
    expect(d.docNumber).toMatch(/^County A网信通〔\d{4}〕\d+号$/);
    expect(d.signDueAt).not.toBeNull();
    expect(d.rectifyDueAt).not.toBeNull();
    const outbox = await ctx.services.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('notice_id', '=', n.id)
      .execute();
    expect(outbox.map((o) => o.topic)).toEqual(['notice.issued']);

    res = await call(w.handler.cookie, 'GET', `/api/v1/notices/${n.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().allowedActions).toEqual(['sign']);
    res = await act(w.handler.cookie, n.id, { action: 'sign', version: 2 });
    expect(res.json()).toMatchObject({ state: 'signed', version: 3 });
    res = await act(w.handler.cookie, n.id, { action: 'report_back', version: 3, note: 'fixed' });
    expect(res.json()).toMatchObject({ state: 'reported' });
    const firstDue = res.json().rectifyDueAt;

    res = await act(w.analyst.cookie, n.id, { action: 'return', version: 4 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject([{ field: 'reason' }]);
    const later = new Date(new Date(firstDue).getTime() + 7 * 24 * 3600 * 1000).toISOString();
    res = await act(w.analyst.cookie, n.id, {
      action: 'return',
      version: 4,
      reason: 'links still there',
      rectifyDueAt: later,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json();
    expect(d).toMatchObject({
      state: 'returned',
      returnCount: 1,
      rectifyDueAt: later,
      deadlineProvisional: false,
    });
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'return',
      reason: 'links still there',
      fromState: 'reported',
    });

    res = await act(w.handler.cookie, n.id, { action: 'report_back', version: 5 });
    res = await act(w.analyst.cookie, n.id, { action: 'close', version: 6 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'closed', allowedActions: [] });
    expect(res.json().closedAt).not.toBeNull();
  });

  it('answers 409 with the allowed next states, 409 conflict on a stale version, 403 for a role that never may', async () => {
    const n = await create();
    let res = await act(w.analyst.cookie, n.id, { action: 'close', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'notice_transition_invalid',
      details: { state: 'draft', action: 'close', allowedNext: ['issued', 'withdrawn'] },
    });
    expect(res.json().error.details.allowedActions).toEqual(['edit', 'issue']);
    await act(w.analyst.cookie, n.id, { action: 'issue', version: 1 });
    res = await act(w.analyst.cookie, n.id, { action: 'withdraw', version: 1, reason: 'x' });
    expect(res.statusCode).toBe(403);
    res = await act(w.admin.cookie, n.id, { action: 'withdraw', version: 1, reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    res = await act(w.auditor.cookie, n.id, { action: 'issue', version: 2 });
    expect(res.statusCode).toBe(403);
  });

  it('lists with filters and sorts, within jurisdiction', async () => {
    const a = await create({ severity: 'I', title: 'Alpha unique' });
    await act(w.analyst.cookie, a.id, { action: 'issue', version: 1 });
    let res = await call(w.analyst.cookie, 'GET', '/api/v1/notices?state=issued&severity=I,II&q=alpha');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    res = await call(w.analystB.cookie, 'GET', '/api/v1/notices');
    expect(res.json().total).toBe(0);
    res = await call(
      w.cityAdmin.cookie,
      'GET',
      `/api/v1/notices?regionId=${w.countyA.id}&sort=severity&order=asc`,
    );
    expect(res.json().items[0].severity).toBe('I');
    res = await call(w.analyst.cookie, 'GET', '/api/v1/notices?state=bogus');
    expect(res.statusCode).toBe(400);
  });

  it('pages newest first identically whichever plan the list takes (index walk or filter and sort)', async () => {
    const severities = ['I', 'II', 'III', 'IV'];
    for (let i = 0; i < 60; i++) await create({ severity: severities[i % 4], title: `Paging ${i}` });
    const everything = await call(w.analyst.cookie, 'GET', '/api/v1/notices?pageSize=100');
    const all: Array<{ id: number; createdAt: string; severity: string }> = everything.json().items;
    expect(everything.json().total).toBe(all.length);
    const newestFirst = [...all].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id - x.id);
    const ids = (list: Array<{ id: number }>) => list.map((n) => n.id);
    // Unfiltered pages of 20 over 60+ matches take the created_at walk on SQLite; narrow filters sort.
    for (const page of [1, 2, 3]) {
      const res = await call(w.analyst.cookie, 'GET', `/api/v1/notices?page=${page}&pageSize=20`);
      expect(res.json().total).toBe(all.length);
      expect(ids(res.json().items)).toEqual(ids(newestFirst.slice((page - 1) * 20, page * 20)));
    }
    const beyond = await call(w.analyst.cookie, 'GET', '/api/v1/notices?page=50&pageSize=20');
    expect(beyond.json()).toMatchObject({ items: [], total: all.length });
    const severe = await call(w.analyst.cookie, 'GET', '/api/v1/notices?severity=I&pageSize=5');
    const expected = newestFirst.filter((n) => n.severity === 'I');
    expect(severe.json().total).toBe(expected.length);
    expect(ids(severe.json().items)).toEqual(ids(expected.slice(0, 5)));
    // The city administrator's subtree holds every region: counted without a jurisdiction condition, with
    // and without filters (every notice of this file is in county A).
    const city = await call(w.cityAdmin.cookie, 'GET', '/api/v1/notices?pageSize=20');
    expect(city.json().total).toBe(all.length);
    expect(ids(city.json().items)).toEqual(ids(newestFirst.slice(0, 20)));
    const citySevere = await call(w.cityAdmin.cookie, 'GET', '/api/v1/notices?severity=I&pageSize=5');
    expect(citySevere.json().total).toBe(expected.length);
  });
});
