import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { createCalendarService } from './calendar.service.ts';

const y2027 = {
  version: 'test-1',
  source: '国办发明电（测试）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
  ],
  makeUpWorkdays: [{ date: '2027-01-09', name: '元旦' }],
};

describe(`calendar API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let rootAdmin: string;
  let countyAdmin: string;
  let analyst: string;
  let unitHandler: string;
  const changed: number[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    rootAdmin = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'office_admin', region: j.city, username: 'root_admin' }),
    );
    countyAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.countyA }));
    analyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
    unitHandler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
    ctx.services.calendar.onYearChanged((year) => {
      changed.push(year);
    });
  });
  afterAll(() => ctx.close());

  const call = (
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    cookie: string,
    payload?: object,
    lang = 'en-US',
  ) => ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': lang } });
  const deadline = (start: string, duration: string, cookie = analyst) =>
    call('POST', '/api/v1/calendar/deadline', cookie, { start, duration });

  it('lists the shipped years and marks next year provisional until imported', async () => {
    const res = await call('GET', '/api/v1/calendar/years', analyst);
    expect(res.statusCode).toBe(200);
    const years = res.json();
    expect(years).toContainEqual(
      expect.objectContaining({
        year: 2026,
        status: 'official',
        origin: 'shipped',
        holidays: 33,
        makeUpWorkdays: 6,
        abilities: { update: false },
      }),
    );
    expect(years).toContainEqual(expect.objectContaining({ year: 2025, status: 'official', holidays: 28 }));
    const nextYear =
      Number(new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1;
    if (nextYear > 2026) {
      expect(years).toContainEqual(
        expect.objectContaining({ year: nextYear, status: 'provisional', origin: 'none', holidays: 0 }),
      );
    }
  });

  it('refuses unit roles with 403', async () => {
    expect((await call('GET', '/api/v1/calendar/years', unitHandler)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/calendar/2026', unitHandler)).statusCode).toBe(403);
    expect((await deadline('2026-09-30T10:00+08:00', '5wd', unitHandler)).statusCode).toBe(403);
  });

  it('shows every day of a year with its kind and name', async () => {
    const res = await call('GET', '/api/v1/calendar/2026', analyst);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, status: 'official', origin: 'shipped' });
    expect(body.days).toHaveLength(365);
    const day = (date: string) => body.days.find((d: { date: string }) => d.date === date);
    expect(day('2026-10-10')).toEqual({ date: '2026-10-10', working: true, kind: 'makeup', name: '国庆节' });
    expect(day('2026-10-01')).toEqual({
      date: '2026-10-01',
      working: false,
      kind: 'holiday',
      name: '国庆节',
    });
    expect(day('2026-10-11')).toEqual({ date: '2026-10-11', working: false, kind: 'weekend' });
    const y2030 = (await call('GET', '/api/v1/calendar/2030', analyst)).json();
    expect(y2030).toMatchObject({ status: 'provisional', origin: 'none', source: null });
    expect(y2030.days[0]).toEqual({ date: '2030-01-01', working: true, kind: 'workday' });
    expect((await call('GET', '/api/v1/calendar/1999', analyst)).statusCode).toBe(400);
  });

  it('computes deadlines, provisional into a year without a schedule', async () => {
    const res = await deadline('2026-09-30T10:00+08:00', '5wd');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      start: '2026-09-30T10:00:00+08:00',
      duration: '5wd',
      deadline: '2026-10-13T23:59:59+08:00',
      provisional: false,
    });
    expect((await deadline('2026-09-30T02:00:00Z', '8wh')).json()).toMatchObject({
      deadline: '2026-10-08T11:00:00+08:00',
    });
    expect((await deadline('2026-09-30T10:00+08:00', '3d')).json()).toMatchObject({
      deadline: '2026-10-03T23:59:59+08:00',
    });
    expect((await deadline('2026-12-31T10:00+08:00', '1wd')).json()).toMatchObject({
      deadline: '2027-01-01T23:59:59+08:00',
      provisional: true,
    });
  });

  it('explains bad deadline input field by field, in the caller’s language', async () => {
    const en = await deadline('2026-02-30T10:00', 'five days');
    expect(en.statusCode).toBe(400);
    expect(en.json().error.details).toEqual([
      {
        field: 'start',
        message: '"2026-02-30T10:00" is not a valid time: use ISO 8601, e.g. 2026-09-30T10:00+08:00',
      },
      { field: 'duration', message: expect.stringContaining('"five days" is not a valid duration') },
    ]);
    const zh = await call(
      'POST',
      '/api/v1/calendar/deadline',
      analyst,
      { start: '2026-09-30', duration: '0wd' },
      'zh-CN',
    );
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details).toEqual([{ field: 'duration', message: '时限数值应在 1 至 999 之间' }]);
  });

  it('lets only administrators of the whole tree change the calendar', async () => {
    for (const cookie of [countyAdmin, analyst, unitHandler]) {
      const res = await call('PUT', '/api/v1/calendar/2027', cookie, y2027);
      expect(res.statusCode).toBe(403);
    }
    expect((await call('GET', '/api/v1/calendar/2027', rootAdmin)).json()).toMatchObject({
      status: 'provisional',
      abilities: { update: true },
    });
    expect(changed).toEqual([]);
  });

  it('rejects an invalid year with every problem located', async () => {
    const res = await call('PUT', '/api/v1/calendar/2027', rootAdmin, {
      version: '1',
      source: ' ',
      holidays: [
        { date: '2026-12-31', name: '元旦' },
        { date: '2027-02-06', name: '' },
      ],
      makeUpWorkdays: [
        { date: '2027-02-06', name: '春节' },
        { date: '2027-02-08', name: '春节' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { field: 'source', message: 'must not be empty' },
      { field: 'holidays[0].date', message: '2026-12-31 is not in 2027' },
      { field: 'holidays[1].name', message: 'must not be empty' },
      {
        field: 'makeUpWorkdays[0].date',
        message: '2027-02-06 cannot be both a holiday and a make-up working day',
      },
      {
        field: 'makeUpWorkdays[1].date',
        message: 'make-up working day 2027-02-08 must be a Saturday or Sunday',
      },
    ]);
    const mismatch = await call('PUT', '/api/v1/calendar/2027', rootAdmin, { ...y2027, year: 2028 });
    expect(mismatch.json().error.details).toEqual([
      { field: 'year', message: 'the data is for 2028, not for the year being imported (2027)' },
    ]);
    const extra = await call('PUT', '/api/v1/calendar/2027', rootAdmin, { ...y2027, secret: 1 });
    expect(extra.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/calendar/2027', rootAdmin)).json().status).toBe('provisional');
    expect(changed).toEqual([]);
  });

  it('imports a year: audited, announced, and deadlines in it become official', async () => {
    const res = await call('PUT', '/api/v1/calendar/2027', rootAdmin, y2027);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      year: 2027,
      status: 'official',
      origin: 'imported',
      version: 'test-1',
      holidays: 3,
      makeUpWorkdays: 1,
      importedBy: 'root_admin',
    });
    expect(changed).toEqual([2027]);
    // 2027-01-01 is now 元旦; 01-04 (Mon) is the first working day.
    expect((await deadline('2026-12-31T10:00+08:00', '1wd')).json()).toMatchObject({
      deadline: '2027-01-04T23:59:59+08:00',
      provisional: false,
    });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('resource_type', '=', 'calendar_year')
      .where('resource_id', '=', '2027')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'calendar.import',
      actor_name: 'root_admin',
      before_json: null,
    });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ year: 2027, holidays: y2027.holidays });
  });

  it('edits a shipped year over the shipped data, recording what it replaced', async () => {
    const shipped = (await call('GET', '/api/v1/calendar/2026', rootAdmin)).json();
    const edited = {
      version: '2',
      source: '本地更正（测试）',
      holidays: shipped.days
        .filter((d: { kind: string }) => d.kind === 'holiday')
        .map((d: { date: string; name: string }) => ({ date: d.date, name: d.name })),
      makeUpWorkdays: [],
    };
    const res = await call('PUT', '/api/v1/calendar/2026', rootAdmin, edited);
    expect(res.json()).toMatchObject({ year: 2026, origin: 'imported', version: '2', makeUpWorkdays: 0 });
    // Without the make-up Saturday 10/10, 3wd from 9/30 ends on Mon 10/12 instead of Sat 10/10.
    expect((await deadline('2026-09-30T10:00+08:00', '3wd')).json().deadline).toBe(
      '2026-10-12T23:59:59+08:00',
    );
    const again = await call('PUT', '/api/v1/calendar/2026', rootAdmin, { ...edited, version: '3' });
    expect(again.statusCode).toBe(200);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('resource_type', '=', 'calendar_year')
      .where('resource_id', '=', '2026')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.update', 'calendar.update']);
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ origin: 'shipped', version: '1' });
    expect(JSON.parse(audit[1]?.before_json ?? '{}')).toMatchObject({ origin: 'imported', version: '2' });
    expect(JSON.parse(audit[1]?.after_json ?? '{}')).toMatchObject({ version: '3', makeUpWorkdays: [] });
    expect(changed).toEqual([2027, 2026, 2026]);
  });

  it('keeps a committed change when a listener fails', async () => {
    const failures: number[] = [];
    const service = createCalendarService(ctx.services.database.db, {
      onListenerError: (year) => failures.push(year),
    });
    service.onYearChanged(() => {
      throw new Error('listener broke');
    });
    const saved = await service.putYear(systemActor(), 2028, { ...y2027, holidays: [], makeUpWorkdays: [] });
    expect(saved).toMatchObject({ year: 2028, status: 'official' });
    expect(failures).toEqual([2028]);
    expect((await service.calendar()).yearStatus(2028)).toBe('official');
  });
});
