import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { backfillIntakeDailyStats } from '../../platform/db/migrations/2026-11-23T1745-intake-daily-stats.ts';
import type { IntakeCaseTable } from '../../platform/db/schema-intake.ts';

/** Beijing wall time to ISO. */
const bj = (text: string) => new Date(`${text}+08:00`).toISOString();

describe(`intake dashboard KPIs on hand-built histories (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let office: string;
  let unitA: string;
  let seq = 0;

  async function insertCase(over: Partial<Record<keyof IntakeCaseTable, unknown>>) {
    seq += 1;
    const at = bj('2026-10-01T09:00:00');
    await ctx.services.database.db
      .insertInto('intake_cases')
      .values({
        kind: 'message',
        channel: 'web',
        query_code_hash: `hash-${seq}`,
        second_factor: 'phone',
        factor_digits: '1234',
        category: null,
        message_type: 'complaint',
        topic: 'kpi',
        region_id: j.countyA.id,
        region_path: j.countyA.path,
        title: `KPI case ${seq}`,
        content: 'x',
        urls: '[]',
        target_app: null,
        contact_name: null,
        contact_phone: '13800001234',
        publishable: 0,
        state: 'received',
        unit_id: j.unitA.id,
        group_id: null,
        sign_due_at: null,
        handle_due_at: null,
        deadline_provisional: 0,
        dispatch_count: 1,
        reassign_count: 0,
        dispatched_at: null,
        signed_at: null,
        reply: null,
        replied_at: null,
        rating: null,
        rating_comment: null,
        rated_at: null,
        created_by: null,
        created_at: at,
        updated_at: at,
        version: 1,
        ...over,
      } as never)
      .execute();
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    office = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    unitA = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
    // Friday 20 November 2026, 12:00 in Beijing.
    ctx.clock.advance(new Date(bj('2026-11-20T12:00:00')).getTime() - ctx.clock.now().getTime());
    // 1: signed and completed on time, followed up, satisfied.
    await insertCase({
      state: 'closed',
      dispatched_at: bj('2026-11-02T10:00:00'),
      signed_at: bj('2026-11-02T11:00:00'),
      signed_on_time: 1,
      replied_at: bj('2026-11-05T10:00:00'),
      completed_on_time: 1,
      followed_up_at: bj('2026-11-06T10:00:00'),
      rating: 'satisfied',
      rated_at: bj('2026-11-06T10:00:00'),
    });
    // 2: signed late, completed late, anonymous (followed up anyway), dissatisfied, reassigned once.
    await insertCase({
      state: 'replied',
      contact_phone: null,
      dispatched_at: bj('2026-11-03T10:00:00'),
      signed_at: bj('2026-11-05T10:00:00'),
      signed_on_time: 0,
      replied_at: bj('2026-11-10T10:00:00'),
      completed_on_time: 0,
      followed_up_at: bj('2026-11-11T10:00:00'),
      rating: 'dissatisfied',
      rated_at: bj('2026-11-11T10:00:00'),
      reassign_count: 1,
    });
    // 3: signed on time, still open past its handling deadline, reply sent back once.
    await insertCase({
      state: 'signed',
      dispatched_at: bj('2026-11-04T10:00:00'),
      signed_at: bj('2026-11-04T11:00:00'),
      signed_on_time: 1,
      handle_due_at: bj('2026-11-10T23:59:59'),
      overdue: 1,
      return_count: 1,
    });
    // 4: dispatched yesterday, not signed, still inside its signing window: undecided.
    await insertCase({
      state: 'dispatched',
      dispatched_at: bj('2026-11-19T10:00:00'),
      sign_due_at: bj('2026-11-20T23:59:59'),
      handle_due_at: bj('2026-12-10T23:59:59'),
    });
    // 5: dispatched before the period, open and overdue, under the unit leader's supervision.
    await insertCase({
      state: 'signed',
      dispatched_at: bj('2026-10-15T10:00:00'),
      signed_at: bj('2026-10-15T11:00:00'),
      signed_on_time: 1,
      handle_due_at: bj('2026-10-30T23:59:59'),
      overdue: 1,
      supervision_level: 2,
    });
    // 6: on time, not followed up, basically satisfied.
    await insertCase({
      state: 'replied',
      dispatched_at: bj('2026-11-06T10:00:00'),
      signed_at: bj('2026-11-06T11:00:00'),
      signed_on_time: 1,
      replied_at: bj('2026-11-08T10:00:00'),
      completed_on_time: 1,
      rating: 'basically_satisfied',
      rated_at: bj('2026-11-09T10:00:00'),
    });
    // 7: unit B, awaiting the office's review, not due.
    await insertCase({
      unit_id: j.unitB.id,
      region_id: j.countyB.id,
      region_path: j.countyB.path,
      state: 'reply_review',
      dispatched_at: bj('2026-11-02T10:00:00'),
      signed_at: bj('2026-11-02T11:00:00'),
      signed_on_time: 1,
      handle_due_at: bj('2026-11-30T23:59:59'),
    });
    // 8: not yet dispatched: in no KPI and no backlog.
    await insertCase({ unit_id: null, state: 'received', dispatch_count: 0 });
    // The rows went in directly, past the workflow that keeps the daily KPI counts: aggregate them as a
    // bulk import would.
    await backfillIntakeDailyStats(ctx.services.database.db);
  });
  afterAll(() => ctx.close());

  const get = (cookie: string, query: string) =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/intake/dashboard?${query}`, headers: { cookie } });

  it('computes each KPI with its DOMAIN.md denominator', async () => {
    const res = await get(office, 'from=2026-11-01&to=2026-11-20');
    expect(res.statusCode).toBe(200);
    const a = res.json().kpisByUnit.find((u: { unitId: number }) => u.unitId === j.unitA.id);
    expect(a).toMatchObject({
      dispatched: 5,
      signedOnTime: 3,
      undecidedSigning: 1,
      // 3 signed on time / (5 dispatched − 1 still inside its window).
      onTimeSigningRate: 0.75,
      completed: 3,
      completedOnTime: 2,
      openOverdue: 2,
      // 2 on time / (3 completed + 2 open and overdue) — not 2/3.
      onTimeCompletionRate: 0.4,
      // 1 followed up / 2 completed with a phone; the anonymous one counted apart.
      followedUp: 1,
      completedAnonymous: 1,
      followedUpAnonymous: 1,
      followUpRate: 0.5,
      ratings: 3,
      satisfactionRate: 2 / 3,
      reassignRate: 0.2,
      returnRate: 0.2,
    });
    const all = res.json().kpis;
    expect(all).toMatchObject({ dispatched: 6, signedOnTime: 4, onTimeSigningRate: 0.8 });
  });

  it('shows the backlog by unit and age, overdue and supervised', async () => {
    const res = await get(office, 'from=2026-11-01&to=2026-11-20');
    const b = res.json().backlog;
    expect(b).toMatchObject({
      total: 4,
      overdue: 2,
      supervised: 1,
      byAge: { d0_3: 1, d4_7: 0, d8_15: 0, d16_30: 2, d31_plus: 1 },
    });
    expect(b.byUnit[0]).toMatchObject({
      unitId: j.unitA.id,
      unitName: 'Unit A',
      total: 3,
      d0_3: 1,
      d16_30: 1,
      d31_plus: 1,
      oldestDispatchedAt: bj('2026-10-15T10:00:00'),
    });
  });

  it('limits a unit to its own cases and a region outside the jurisdiction to 404', async () => {
    const own = (await get(unitA, 'from=2026-11-01&to=2026-11-20')).json();
    expect(own.backlog.total).toBe(3);
    expect(own.kpisByUnit.map((u: { unitId: number }) => u.unitId)).toEqual([j.unitA.id]);
    const countyB = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyB }));
    expect((await get(countyB, `regionId=${j.countyA.id}`)).statusCode).toBe(404);
    expect((await get(countyB, '')).json().backlog.total).toBe(1);
    const bad = await get(office, 'from=2026-11-21&to=2026-11-20');
    expect(bad.statusCode).toBe(400);
  });

  it('exports both tables as XLSX with the same numbers', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/intake/dashboard/export.xlsx?from=2026-11-01&to=2026-11-20',
      headers: { cookie: office, 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const backlog = wb.getWorksheet('积压（清零）');
    const kpis = wb.getWorksheet('考核指标');
    expect(backlog?.getRow(1).getCell(1).value).toBe('单位');
    expect(backlog?.getRow(2).values).toEqual(expect.arrayContaining(['Unit A', 3]));
    const unitRow = kpis?.getRow(2).values as unknown[];
    expect(unitRow).toEqual(expect.arrayContaining(['Unit A', 5, 0.75, 0.4]));
  });
});
