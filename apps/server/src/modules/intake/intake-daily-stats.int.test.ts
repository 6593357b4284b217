import type { Role } from '@shouwang/common';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUnit, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { backfillIntakeDailyStats } from '../../platform/db/migrations/2026-11-23T1745-intake-daily-stats.ts';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { INTAKE_DAILY_COUNTS } from './intake-daily-stats.ts';
import { intakeDashboardRepository } from './intake-dashboard.repository.ts';
import { kpisOf } from './intake-dashboard.service.ts';

/** Beijing wall time to ISO. */
const bj = (text: string) => new Date(`${text}+08:00`).toISOString();

/**
 * The dashboard reads whole past days from intake_daily_stats, which the workflow keeps in each change's
 * transaction. Here a history is played through the real workflow over ten days, and every KPI the
 * dashboard answers is compared with the same KPIs computed straight from the cases.
 */
describe(`intake daily KPI aggregate against the cases (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let unitC: { id: number };
  type User = Awaited<ReturnType<typeof buildUser>>;
  // Users, not cookies: the history spans ten days, longer than a session lives, so each step signs in.
  let office: User;
  let handlerA: User;
  let handlerB: User;
  let handlerC: User;
  let ip = 0;
  const ids: Record<string, { id: number; code: string; digits: string }> = {};

  const at = (text: string) => {
    ctx.clock.advance(new Date(bj(text)).getTime() - ctx.clock.now().getTime());
  };

  async function message(key: string, opts: { anonymous?: boolean; region?: { id: number } } = {}) {
    const title = `Daily KPI case ${key}`;
    const submitted = await ctx.services.intakePublic.submitMessage(
      { ip: `10.7.0.${++ip}`, locale: 'en-US', solution: null },
      {
        type: key === 'O' ? 'enquiry' : 'complaint',
        topic: 'roads',
        regionId: (opts.region ?? j.countyA).id,
        title,
        content: `Case ${key}: the street light outside number ${ip} has been out for ${ip} weeks.`,
        ...(opts.anonymous ? {} : { contactPhone: '13800001234' }),
        publishable: false,
      },
    );
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    ids[key] = { id: row.id, code: submitted.queryCode, digits: submitted.pin ?? '1234' };
  }

  async function ok(user: User, key: string, body: Record<string, unknown>) {
    const cookie = await sessionCookie(ctx, user);
    const id = ids[key]?.id;
    const current = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${id}`,
      headers: { cookie },
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/cases/${id}/transition`,
      headers: { cookie, 'accept-language': 'en-US' },
      payload: { ...body, version: current.json().version },
    });
    if (res.statusCode !== 200) throw new Error(`${key} ${body.action}: ${res.statusCode} ${res.body}`);
  }

  async function rate(key: string, rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied') {
    const c = ids[key];
    if (!c) throw new Error(key);
    await ctx.services.intakePublic.rate({ ip: `10.7.1.${++ip}`, locale: 'en-US', solution: null }, c.code, {
      phoneLast4: c.digits,
      rating,
    });
  }

  const reply = (user: User, key: string) => ok(user, key, { action: 'submit_reply', reply: 'Fixed.' });

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    unitC = await buildUnit(ctx, j.countyA, { name: 'Unit C' });
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
    at('2026-11-02T09:00:00');
    office = await buildUser(ctx, { role: 'office_admin', region: j.city });
    const handler = (unitId: number, region: typeof j.countyA) =>
      buildUser(ctx, { role: 'unit_handler', region, unitId });
    handlerA = await handler(j.unitA.id, j.countyA);
    handlerB = await handler(j.unitB.id, j.countyB);
    handlerC = await handler(unitC.id, j.countyA);

    // Monday 2 November: P (across days), R (reassigned A → B), H (re-handled), T (reply sent back),
    // N (anonymous), U (never signed), O (an enquiry left open past its deadline), X (county B's case
    // handled by unit A), Z (unit C's only case, reassigned away to A).
    for (const key of ['P', 'R', 'H', 'T', 'N', 'U', 'O', 'Z', 'X'])
      await message(key, {
        anonymous: key === 'N',
        region: key === 'X' ? j.countyB : j.countyA,
      });
    at('2026-11-02T10:00:00');
    for (const key of ['P', 'R', 'H', 'T', 'N', 'U', 'O', 'X'])
      await ok(office, key, { action: 'dispatch', unitId: j.unitA.id });
    await ok(office, 'Z', { action: 'dispatch', unitId: unitC.id });
    at('2026-11-02T11:00:00');
    for (const key of ['H', 'T', 'N', 'O', 'X']) await ok(handlerA, key, { action: 'sign' });
    await ok(handlerC, 'Z', { action: 'sign' });

    // Tuesday: P signed; H answered and approved, and the citizen is dissatisfied; Z goes to unit A.
    at('2026-11-03T09:30:00');
    await ok(handlerA, 'P', { action: 'sign' });
    await reply(handlerA, 'H');
    await ok(office, 'H', { action: 'approve_reply' });
    await rate('H', 'dissatisfied');
    await ok(office, 'Z', { action: 'reassign', unitId: j.unitA.id, reason: 'Wrong unit' });

    // Wednesday: R reassigned to unit B, which signs it; H re-handled; T's reply sent back; X answered.
    at('2026-11-04T15:00:00');
    await ok(office, 'R', { action: 'reassign', unitId: j.unitB.id, reason: 'Wrong unit' });
    await ok(handlerB, 'R', { action: 'sign' });
    await ok(office, 'H', { action: 'rehandle', reason: 'Still broken' });
    await reply(handlerA, 'T');
    await ok(office, 'T', { action: 'return_reply', reason: 'Say when' });
    await reply(handlerA, 'X');
    await ok(office, 'X', { action: 'approve_reply' });

    // Thursday: T and N answered; N followed up although anonymous; P's reply drafted; Z signed.
    at('2026-11-05T16:00:00');
    await reply(handlerA, 'T');
    await ok(office, 'T', { action: 'approve_reply' });
    await reply(handlerA, 'N');
    await ok(office, 'N', { action: 'approve_reply' });
    await ok(office, 'N', { action: 'follow_up', note: 'Reached through the pin holder' });
    await reply(handlerA, 'P');
    await ok(handlerA, 'Z', { action: 'sign' });

    // Friday: P approved and followed up by phone (rated there); H signed late; R answered by unit B.
    at('2026-11-06T10:00:00');
    await ok(office, 'P', { action: 'approve_reply' });
    await ok(office, 'P', { action: 'follow_up', note: 'Happy', rating: 'satisfied' });
    await ok(handlerA, 'H', { action: 'sign' });
    await reply(handlerB, 'R');
    await ok(office, 'R', { action: 'approve_reply' });

    // The next Monday: ratings come in.
    at('2026-11-09T20:00:00');
    await rate('T', 'basically_satisfied');
    await rate('R', 'satisfied');

    // Tuesday 10 November, afternoon: W dispatched, still inside its signing window tomorrow morning.
    at('2026-11-10T15:00:00');
    await message('W');
    await ok(office, 'W', { action: 'dispatch', unitId: j.unitA.id });

    // Today, Wednesday 11 November: V dispatched, H answered again, N rated.
    at('2026-11-11T09:00:00');
    await message('V');
    await ok(office, 'V', { action: 'dispatch', unitId: j.unitA.id });
    await reply(handlerA, 'H');
    await ok(office, 'H', { action: 'approve_reply' });
    await rate('N', 'satisfied');
    at('2026-11-11T10:00:00');
  });
  afterAll(() => ctx.close());

  const actorOf = (role: Role, regionPath: string, unitId: number | null = null): Actor => ({
    ...systemActor(regionPath),
    role,
    unitId,
  });

  async function dashboard(user: User, query: string) {
    const cookie = await sessionCookie(ctx, user);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/dashboard?${query}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  /** The KPIs straight from the cases, in the dashboard's shape. */
  async function direct(actor: Actor, fromDay: string, toDay: string, regionPath?: string) {
    const to = new Date(new Date(bj(`${toDay}T00:00:00`)).getTime() + 86_400_000).toISOString();
    const rows = await intakeDashboardRepository.unitKpis(
      ctx.services.database.db,
      { actor, regionPath },
      { from: bj(`${fromDay}T00:00:00`), to, now: ctx.clock.now().toISOString() },
    );
    return new Map(rows.map(({ unitId, ...counts }) => [unitId, kpisOf(counts)]));
  }

  const periods: Array<[string, string, string]> = [
    ['the whole history, today included', '2026-11-01', '2026-11-11'],
    ['past days only', '2026-11-03', '2026-11-05'],
    ['up to yesterday', '2026-11-01', '2026-11-10'],
    ['today alone', '2026-11-11', '2026-11-11'],
    ['a period ending in the future', '2026-11-04', '2026-11-30'],
  ];

  it.each(periods)('answers %s with the KPIs computed from the cases', async (_name, from, to) => {
    const scopes = [
      { user: () => office, actor: actorOf('office_admin', j.city.path), query: '' },
      {
        user: () => office,
        actor: actorOf('office_admin', j.city.path),
        query: `&regionId=${j.countyA.id}`,
        regionPath: j.countyA.path,
      },
      { user: () => handlerA, actor: actorOf('unit_handler', j.countyA.path, j.unitA.id), query: '' },
    ];
    for (const scope of scopes) {
      const got = await dashboard(scope.user(), `from=${from}&to=${to}${scope.query}`);
      const want = await direct(scope.actor, from, to, scope.regionPath);
      const byUnit = new Map(
        got.kpisByUnit.map(({ unitId, unitName: _, ...k }: { unitId: number; unitName: string }) => [
          unitId,
          k,
        ]),
      );
      expect(byUnit).toEqual(want);
      const total = [...want.values()].reduce((sum, k) => sum + k.dispatched, 0);
      expect(got.kpis.dispatched).toBe(total);
    }
  });

  it('counts a reassigned case once, for the unit it went to, on the day it went there', async () => {
    const d = await dashboard(office, 'from=2026-11-01&to=2026-11-11');
    const unit = (id: number) => d.kpisByUnit.find((u: { unitId: number }) => u.unitId === id);
    // Unit A: P H T N U O X on Monday, Z on Tuesday, W yesterday, V today; R went to unit B.
    expect(unit(j.unitA.id)).toMatchObject({
      dispatched: 10,
      reassigned: 1,
      rehandled: 1,
      returned: 1,
      // W is unsigned and inside its window; V too (dispatched today).
      undecidedSigning: 2,
      // X, T, N, P and H (its first answer undone by the re-handling, approved again today), all within
      // 15 working days; O is open and past its two-working-day enquiry deadline.
      completed: 5,
      completedOnTime: 5,
      openOverdue: 1,
      // Of those with a phone only P was called back; N (anonymous) is counted apart.
      followedUp: 1,
      completedAnonymous: 1,
      followedUpAnonymous: 1,
      // P (on the follow-up call) and N satisfied, T basically; H's dissatisfied rating went with its
      // first answer.
      satisfied: 2,
      basicallySatisfied: 1,
      dissatisfied: 0,
    });
    expect(unit(j.unitB.id)).toMatchObject({
      dispatched: 1,
      reassigned: 1,
      signed: 1,
      completed: 1,
      satisfied: 1,
    });
    // Unit C's only case left it: no row of zeros for it.
    expect(unit(unitC.id)).toBeUndefined();
    // By Wednesday 4 November alone: R (reassigned that day) and H (re-handled that day) start again.
    const wed = await dashboard(office, 'from=2026-11-04&to=2026-11-04');
    expect(
      wed.kpisByUnit.map((u: { unitId: number; dispatched: number }) => [u.unitId, u.dispatched]),
    ).toEqual([
      [j.unitA.id, 1],
      [j.unitB.id, 1],
    ]);
  });

  it('keeps the table equal to a recomputation from the cases', async () => {
    const { db } = ctx.services.database;
    const read = async () =>
      (
        await db
          .selectFrom('intake_daily_stats')
          .selectAll()
          .orderBy('unit_id')
          .orderBy('region_path')
          .orderBy('day')
          .execute()
      )
        .filter((r) => INTAKE_DAILY_COUNTS.some((k) => r[k] !== 0))
        .map((r) => ({ ...r }));
    const maintained = await read();
    expect(maintained.length).toBeGreaterThan(5);
    await sql`delete from intake_daily_stats`.execute(db);
    await backfillIntakeDailyStats(db);
    expect(await read()).toEqual(maintained);
  });
});
