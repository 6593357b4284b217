import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { at, setClock } from '../notices/sweep/sweep.test-support.ts';

describe(`citizen cases on the notice sweep's ladder (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  const desk = systemActor('/');
  const sweep = (when: string) => ctx.services.noticeSweep.runOnce(setClock(ctx, at(when)));

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
  });
  afterAll(() => ctx.close());

  async function dispatchedCase(title: string) {
    await ctx.services.intakePublic.submitMessage(
      { ip: '10.7.0.1', locale: 'en-US', solution: null },
      {
        type: 'complaint',
        topic: 'noise',
        regionId: j.countyA.id,
        title,
        content: `${title} content`,
        publishable: false,
      },
    );
    const { id } = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    await ctx.services.intake.dispatch(desk, id, j.unitA.id, null);
    return id;
  }

  const row = (id: number) =>
    ctx.services.database.db
      .selectFrom('intake_cases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const sent = async (id: number) =>
    (
      await ctx.services.database.db
        .selectFrom('notification_outbox')
        .select(['topic', 'payload'])
        .where('topic', 'like', 'intake.%')
        .orderBy('id')
        .execute()
    )
      .map((o) => ({ topic: o.topic, payload: JSON.parse(o.payload) as Record<string, unknown> }))
      .filter((o) => o.payload.caseId === id && o.topic !== 'intake.dispatched');

  it('reminds before the signing deadline, marks it overdue once, and climbs the 督办 ladder in working time', async () => {
    // Tuesday 1 December 2026, 10:00 Beijing: signing is due by the end of Wednesday (1 working day).
    setClock(ctx, at('2026-12-01T10:00'));
    const id = await dispatchedCase('Loud bar');
    expect((await row(id)).sign_due_at).toBe(at('2026-12-02T23:59:59').toISOString());

    // Reminders 1 working day and 2 working hours before, sent in working hours only.
    expect((await sweep('2026-12-02T08:59')).participants).toEqual({
      intake: { overdue: 0, supervised: 0, reminded: 0 },
    });
    expect((await sweep('2026-12-02T09:01')).participants).toEqual({
      intake: { overdue: 0, supervised: 0, reminded: 1 },
    });
    await sweep('2026-12-02T15:00');
    expect((await sweep('2026-12-02T15:31')).participants).toEqual({
      intake: { overdue: 0, supervised: 0, reminded: 1 },
    });
    await sweep('2026-12-02T15:45');
    expect((await sent(id)).map((s) => [s.topic, s.payload.before])).toEqual([
      ['intake.reminder', '1wd'],
      ['intake.reminder', '2wh'],
    ]);

    // Missed at midnight: marked at once, its message held until the office's next working time.
    await sweep('2026-12-03T00:00:30');
    expect(await row(id)).toMatchObject({
      overdue: 1,
      supervision_level: 1,
      overdue_since: at('2026-12-02T23:59:59').toISOString(),
    });
    expect((await sent(id)).at(-1)?.payload).toMatchObject({
      level: 1,
      notBefore: at('2026-12-03T09:00').toISOString(),
    });
    await sweep('2026-12-03T00:05');
    // Leader after 4 working hours (Thu 09–12, 13:30–14:30), office after 1 working day.
    await sweep('2026-12-03T14:29');
    expect((await row(id)).supervision_level).toBe(1);
    await sweep('2026-12-03T14:31');
    expect((await row(id)).supervision_level).toBe(2);
    await sweep('2026-12-03T17:00');
    expect((await row(id)).supervision_level).toBe(2);
    await sweep('2026-12-04T09:01');
    expect((await row(id)).supervision_level).toBe(3);
    expect((await sent(id)).map((s) => [s.topic, s.payload.level ?? null])).toEqual([
      ['intake.reminder', null],
      ['intake.reminder', null],
      ['intake.overdue', 1],
      ['intake.supervised', 2],
      ['intake.supervised', 3],
    ]);
    const events = await ctx.services.database.db
      .selectFrom('intake_events')
      .select('action')
      .where('case_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'submit',
      'dispatch',
      'reminded',
      'reminded',
      'overdue',
      'supervised',
      'supervised',
    ]);
  });

  it('sends 督办 up the ladder (leaders, then office admins), and signing ends the overdue mark', async () => {
    const admin = await buildUser(ctx, { role: 'office_admin', region: j.countyA, username: 'sweepadmin' });
    const leader = await buildUser(ctx, {
      role: 'unit_leader',
      region: j.countyA,
      unitId: j.unitA.id,
      username: 'sweepleader',
    });
    const handler = await buildUser(ctx, {
      role: 'unit_handler',
      region: j.countyA,
      unitId: j.unitA.id,
      username: 'sweephandler',
    });
    const { db } = ctx.services.database;
    const id = (
      await db
        .selectFrom('intake_cases')
        .select('id')
        .where('title', '=', 'Loud bar')
        .executeTakeFirstOrThrow()
    ).id;
    await ctx.services.notifications.dispatch();
    const deliveries = await db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notification_outbox as o', 'o.id', 'd.outbox_id')
      .select(['o.topic', 'o.payload', 'd.recipient'])
      .where('d.channel', '=', 'inapp')
      .where('o.topic', '=', 'intake.supervised')
      .execute();
    const to = (level: number) =>
      deliveries
        .filter((d) => JSON.parse(d.payload).level === level)
        .map((d) => d.recipient)
        .sort();
    expect(to(2)).toEqual([leader.username]);
    expect(to(3)).toEqual([admin.username]);
    const actor: Actor = {
      ...desk,
      userId: handler.id,
      username: handler.username,
      role: 'unit_handler',
      unitId: j.unitA.id,
      regionPath: j.countyA.path,
      via: 'session',
    };
    await ctx.services.intake.transition(actor, id, { action: 'sign' });
    expect(await row(id)).toMatchObject({
      state: 'signed',
      overdue: 0,
      supervision_level: 0,
      signed_on_time: 0,
    });
  });
});
