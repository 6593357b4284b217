import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import type { NoticeTable } from '../../../platform/db/schema-notices.ts';
import { insertNotice } from '../documents/notice-documents.test-support.ts';

/**
 * KPIs on a hand-built history whose numbers are known (period 2026-10-01 … 2026-10-10, China time):
 * Unit A (county A), all issued in the period:
 *   A1–A4 closed on time, A5–A6 closed late; A7 open and overdue; A8–A10 open; A11 issued, still inside
 *   its signing window (undecided for signing). Signed on time: A1–A4, A7–A10; late: A5, A6.
 *   A-draft (never issued), A-withdrawn (issued 10-02, withdrawn), A-old (issued before the period,
 *   closed just after it).
 * Unit B (county B): B1 open, overdue, signed late; B2 open, signed on time; B3 closed late in the period.
 */
let ctx: TestContext;
let j: Awaited<ReturnType<typeof buildJurisdiction>>;
const cookies: Record<'city' | 'countyA' | 'handlerA', string> = { city: '', countyA: '', handlerA: '' };

const ISSUED_1001 = '2026-10-01T01:00:00.000Z';
// 00:30 on 3 October in China: counts on the 3rd, not the 2nd.
const ISSUED_1003 = '2026-10-02T16:30:00.000Z';
const SIGN_DUE = '2026-10-03T09:00:00.000Z';
const RECTIFY_DUE = '2026-10-08T09:00:00.000Z';
const CLOSED_1005 = '2026-10-05T02:00:00.000Z';
const CLOSED_1010 = '2026-10-09T17:00:00.000Z';

beforeAll(async () => {
  ctx = await createTestContext();
  j = await buildJurisdiction(ctx);
  const city = await buildUser(ctx, { role: 'analyst', region: j.city });
  const countyA = await buildUser(ctx, { role: 'office_admin', region: j.countyA });
  const handlerA = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
  cookies.city = await sessionCookie(ctx, city);
  cookies.countyA = await sessionCookie(ctx, countyA);
  cookies.handlerA = await sessionCookie(ctx, handlerA);

  const a = { unitId: j.unitA.id, officeRegionId: j.city.id, createdBy: city.id };
  const b = { unitId: j.unitB.id, officeRegionId: j.city.id, createdBy: city.id };
  const signed = (onTime: boolean | null, at = '2026-10-01T03:00:00.000Z'): Partial<NoticeTable> => ({
    signed_at: onTime === false ? '2026-10-03T10:00:00.000Z' : at,
    signed_on_time: onTime === null ? null : onTime ? 1 : 0,
    sign_due_at: SIGN_DUE,
    rectify_due_at: RECTIFY_DUE,
  });
  /** Closed, reported back on time or late; `flag: false` leaves rectified_on_time unwritten. */
  const closed = (onTime: boolean, at: string, flag = true): Partial<NoticeTable> => ({
    state: 'closed',
    closed_at: at,
    reported_at: onTime ? '2026-10-04T10:00:00.000Z' : '2026-10-08T10:00:00.000Z',
    rectified_on_time: flag ? (onTime ? 1 : 0) : null,
  });
  const severities = ['I', 'II', 'III', 'IV'];
  // A1 relies on the timestamps (no flags written), A2 on the signed flag only.
  await insertNotice(ctx, a, {
    issued_at: ISSUED_1001,
    severity: 'I',
    ...signed(null),
    ...closed(true, CLOSED_1005, false),
  });
  for (const sev of severities.slice(1)) {
    await insertNotice(ctx, a, {
      issued_at: ISSUED_1001,
      severity: sev,
      ...signed(true),
      ...closed(true, CLOSED_1005),
    });
  }
  // A5 late by its timestamps only, A6 by its flag.
  await insertNotice(ctx, a, {
    issued_at: ISSUED_1001,
    ...signed(false),
    ...closed(false, CLOSED_1010, false),
  });
  await insertNotice(ctx, a, { issued_at: ISSUED_1001, ...signed(false), ...closed(false, CLOSED_1010) });
  await insertNotice(ctx, a, {
    issued_at: ISSUED_1003,
    severity: 'II',
    state: 'rectifying',
    overdue: 1,
    ...signed(true, '2026-10-03T01:00:00.000Z'),
  });
  for (let i = 0; i < 3; i++) {
    await insertNotice(ctx, a, {
      issued_at: ISSUED_1003,
      severity: 'III',
      state: 'rectifying',
      ...signed(true, '2026-10-03T01:00:00.000Z'),
      rectify_due_at: '2026-12-31T09:00:00.000Z',
    });
  }
  await insertNotice(ctx, a, {
    issued_at: ISSUED_1003,
    severity: 'IV',
    state: 'issued',
    sign_due_at: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(),
  });
  await insertNotice(ctx, a, { state: 'draft', severity: 'I' });
  await insertNotice(ctx, a, {
    state: 'withdrawn',
    issued_at: '2026-10-02T03:00:00.000Z',
    sign_due_at: SIGN_DUE,
  });
  await insertNotice(ctx, a, {
    issued_at: '2026-09-20T01:00:00.000Z',
    ...signed(true),
    ...closed(true, '2026-10-10T16:00:00.000Z'),
  });

  await insertNotice(ctx, b, {
    issued_at: ISSUED_1001,
    severity: 'I',
    state: 'rectifying',
    overdue: 1,
    ...signed(false),
  });
  await insertNotice(ctx, b, { issued_at: ISSUED_1001, severity: 'II', state: 'signed', ...signed(true) });
  await insertNotice(ctx, b, {
    issued_at: ISSUED_1001,
    ...signed(true),
    ...closed(false, '2026-10-10T15:59:59.999Z'),
  });
});

afterAll(async () => {
  await ctx?.close();
});

const PERIOD = 'from=2026-10-01&to=2026-10-10';
async function dashboard(cookie: string, query = PERIOD) {
  return ctx.app.inject({ method: 'GET', url: `/api/v1/notices/dashboard?${query}`, headers: { cookie } });
}

describe('GET /notices/dashboard', () => {
  it('counts a county’s notices: rectification rate is on time / (closed + open overdue), 4/7', async () => {
    const res = await dashboard(cookies.countyA);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.open).toBe(5);
    expect(d.overdue).toBe(1);
    expect(d.bySeverity).toEqual({ I: 0, II: 1, III: 3, IV: 1 });
    expect(d.byUnit).toEqual([{ unitId: j.unitA.id, unitName: 'Unit A', open: 5, overdue: 1 }]);
    expect(d.onTimeRectificationRate).toBeCloseTo(4 / 7, 10);
    // 8 signed on time of 10 decided; A11 is still inside its signing window, the withdrawn one never counts.
    expect(d.onTimeSigningRate).toBeCloseTo(8 / 10, 10);
  });

  it('adds up the whole city and lists units by open notices', async () => {
    const d = (await dashboard(cookies.city)).json();
    expect(d.open).toBe(7);
    expect(d.overdue).toBe(2);
    expect(d.bySeverity).toEqual({ I: 1, II: 2, III: 3, IV: 1 });
    expect(d.byUnit).toEqual([
      { unitId: j.unitA.id, unitName: 'Unit A', open: 5, overdue: 1 },
      { unitId: j.unitB.id, unitName: 'Unit B', open: 2, overdue: 1 },
    ]);
    expect(d.onTimeRectificationRate).toBeCloseTo(4 / 9, 10);
    expect(d.onTimeSigningRate).toBeCloseTo(10 / 13, 10);
    expect(d.from).toBe('2026-10-01');
    expect(d.to).toBe('2026-10-10');
    expect(d.trend).toHaveLength(10);
    const day = (date: string) => d.trend.find((t: { date: string }) => t.date === date);
    expect(day('2026-10-01')).toEqual({ date: '2026-10-01', opened: 9, closed: 0 });
    expect(day('2026-10-02')).toEqual({ date: '2026-10-02', opened: 1, closed: 0 });
    expect(day('2026-10-03')).toEqual({ date: '2026-10-03', opened: 5, closed: 0 });
    expect(day('2026-10-05')).toEqual({ date: '2026-10-05', opened: 0, closed: 4 });
    expect(day('2026-10-10')).toEqual({ date: '2026-10-10', opened: 0, closed: 3 });
    const totals = d.trend.reduce(
      (s: { o: number; c: number }, t: { opened: number; closed: number }) => ({
        o: s.o + t.opened,
        c: s.c + t.closed,
      }),
      { o: 0, c: 0 },
    );
    expect(totals).toEqual({ o: 15, c: 7 });
  });

  it('narrows to a region inside the jurisdiction and hides one outside it', async () => {
    const d = (await dashboard(cookies.city, `${PERIOD}&regionId=${j.countyB.id}`)).json();
    expect(d.open).toBe(2);
    expect(d.onTimeSigningRate).toBeCloseTo(2 / 3, 10);
    expect(d.onTimeRectificationRate).toBe(0);
    expect((await dashboard(cookies.countyA, `${PERIOD}&regionId=${j.countyB.id}`)).statusCode).toBe(404);
    expect((await dashboard(cookies.countyA, `${PERIOD}&regionId=999999`)).statusCode).toBe(404);
  });

  it('shows a unit its own notices only, without withdrawn ones', async () => {
    const d = (await dashboard(cookies.handlerA)).json();
    expect(d.open).toBe(5);
    expect(d.onTimeRectificationRate).toBeCloseTo(4 / 7, 10);
    expect(d.trend.find((t: { date: string }) => t.date === '2026-10-02').opened).toBe(0);
  });

  it('answers null rates when nothing was issued, closed or overdue', async () => {
    const d = (await dashboard(cookies.countyA, 'from=2025-01-01&to=2025-01-31')).json();
    expect(d.onTimeSigningRate).toBeNull();
    expect(d.onTimeRectificationRate).toBeNull();
    expect(d.trend).toHaveLength(31);
    expect(d.trend.every((t: { opened: number; closed: number }) => t.opened === 0 && t.closed === 0)).toBe(
      true,
    );
    // Open counts are "now", whatever the period.
    expect(d.open).toBe(5);
  });

  it('defaults to the last 30 days and refuses bad periods in the caller’s language', async () => {
    const d = (await dashboard(cookies.city, '')).json();
    expect(d.trend).toHaveLength(30);
    const reversed = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/notices/dashboard?from=2026-10-10&to=2026-10-01',
      headers: { cookie: cookies.city, 'accept-language': 'en-US' },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details).toEqual([
      { field: 'from', message: 'must not be after the end date' },
    ]);
    const tooLong = await dashboard(cookies.city, 'from=2024-01-01&to=2026-10-01');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('validation_failed');
    const notADate = await dashboard(cookies.city, 'from=2026-02-30');
    expect(notADate.statusCode).toBe(400);
  });
});
