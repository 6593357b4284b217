import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { runSweepJob, sweepLease } from './sweep.jobs.ts';
import { createNoticeSweep } from './sweep.service.ts';
import {
  at,
  buildSweepWorld,
  insertNotice,
  noticeRow,
  outbox,
  type SweepWorld,
  setClock,
  timeline,
} from './sweep.test-support.ts';

describe(`notice deadline sweep (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let w: SweepWorld;
  const sweep = (when: string) => ctx.services.noticeSweep.runOnce(setClock(ctx, at(when)));
  const actions = async (id: number) => (await timeline(ctx, id)).map((e) => e.action);

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await buildSweepWorld(ctx);
  });
  afterAll(() => ctx.close());

  it('marks a missed signing deadline overdue within one sweep, once, and notifies at once in working time', async () => {
    // Issued at 10:30 with 30 minutes to sign: no reminder falls after the issue.
    const id = await insertNotice(ctx, w, {
      state: 'issued',
      signDueAt: at('2026-12-01T11:00'),
      issuedAt: at('2026-12-01T10:30'),
    });
    await sweep('2026-12-01T10:59');
    expect((await noticeRow(ctx, id)).overdue).toBe(0);

    await sweep('2026-12-01T11:00:30');
    const n = await noticeRow(ctx, id);
    expect(n).toMatchObject({
      overdue: 1,
      supervision_level: 1,
      overdue_since: at('2026-12-01T11:00').toISOString(),
    });
    expect(await actions(id)).toEqual(['overdue']);
    const sent = await outbox(ctx, id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      topic: 'notice.overdue',
      payload: { noticeId: id, deadline: 'sign', level: 1 },
    });
    expect(sent[0]?.payload).not.toHaveProperty('notBefore');

    await sweep('2026-12-01T11:05');
    expect(await actions(id)).toEqual(['overdue']);
    expect(await outbox(ctx, id)).toHaveLength(1);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'after_json'])
      .where('action', '=', 'notice.overdue')
      .execute();
    expect(audit.some((a) => a.actor_name === 'system' && String(a.after_json).includes(`"id":${id}`))).toBe(
      true,
    );
  });

  it('marks overdue at night but holds the notification, and escalates 4 and then 8 working hours later', async () => {
    const id = await insertNotice(ctx, w, { state: 'rectifying', rectifyDueAt: at('2026-12-01T23:59:59') });
    await sweep('2026-12-02T00:00:30');
    expect(await noticeRow(ctx, id)).toMatchObject({ overdue: 1, supervision_level: 1 });
    const [overdue] = await outbox(ctx, id);
    expect(overdue?.payload).toMatchObject({
      deadline: 'rectify',
      notBefore: at('2026-12-02T09:00').toISOString(),
    });

    // 4 working hours from the missed deadline: Wed 09:00–12:00 and 13:30–14:30.
    await sweep('2026-12-02T03:00');
    await sweep('2026-12-02T14:29');
    expect((await noticeRow(ctx, id)).supervision_level).toBe(1);
    await sweep('2026-12-02T14:31');
    expect((await noticeRow(ctx, id)).supervision_level).toBe(2);

    // 1 working day from the missed deadline ends Wed 23:59:59; office leadership hears of it Thu at 09:00.
    await sweep('2026-12-02T17:00');
    await sweep('2026-12-03T08:59');
    expect((await noticeRow(ctx, id)).supervision_level).toBe(2);
    await sweep('2026-12-03T09:01');
    await sweep('2026-12-03T09:05');
    expect((await noticeRow(ctx, id)).supervision_level).toBe(3);

    expect(await actions(id)).toEqual(['overdue', 'supervised', 'supervised']);
    const supervised = (await outbox(ctx, id)).filter((m) => m.topic === 'notice.supervised');
    expect(supervised.map((m) => m.payload.level)).toEqual([2, 3]);
    expect(supervised.every((m) => !('notBefore' in m.payload))).toBe(true);
  });

  it('reminds once per offset at the right working time: 1 working day, then 2 working hours before', async () => {
    const id = await insertNotice(ctx, w, { state: 'rectifying', rectifyDueAt: at('2026-12-04T23:59:59') });
    // 1wd before is Thu 23:59:59, at night: the reminder waits for Friday morning.
    await sweep('2026-12-03T20:00');
    await sweep('2026-12-04T08:59');
    expect(await actions(id)).toEqual([]);
    await sweep('2026-12-04T09:00:30');
    await sweep('2026-12-04T09:10');
    expect(await actions(id)).toEqual(['reminded']);
    await sweep('2026-12-04T15:29');
    expect(await actions(id)).toEqual(['reminded']);
    await sweep('2026-12-04T15:31');
    await sweep('2026-12-04T16:00');
    const reminders = await outbox(ctx, id);
    expect(reminders.map((m) => [m.topic, m.payload.before])).toEqual([
      ['notice.reminder', '1wd'],
      ['notice.reminder', '2wh'],
    ]);
    expect((await timeline(ctx, id)).map((e) => e.data.before)).toEqual(['1wd', '2wh']);
  });

  it('never reminds on a holiday: a deadline right after 国庆 is announced the first working morning', async () => {
    const id = await insertNotice(ctx, w, { state: 'signed', rectifyDueAt: at('2026-10-08T23:59:59') });
    await sweep('2026-09-30T20:00');
    await sweep('2026-10-03T10:00');
    await sweep('2026-10-07T16:00');
    expect(await actions(id)).toEqual([]);
    await sweep('2026-10-08T09:00:30');
    expect(await outbox(ctx, id)).toEqual([
      expect.objectContaining({
        topic: 'notice.reminder',
        payload: expect.objectContaining({ before: '1wd' }),
      }),
    ]);
  });

  it("follows the office's own working hours and reminder offsets", async () => {
    const { db } = ctx.services.database;
    const office = w.j.countyB;
    await db
      .insertInto('settings')
      .values({
        key: `notices.escalation:${office.id}`,
        value: JSON.stringify({
          remindBefore: ['3wh'],
          superviseLeaderAfter: '1wh',
          superviseOfficeAfter: '2wh',
          workingHours: { start: '08:00', end: '16:00', lunchStart: null, lunchEnd: null },
        }),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const id = await insertNotice(ctx, w, {
      state: 'rectifying',
      rectifyDueAt: at('2026-12-08T10:00'),
      officeRegionId: office.id,
    });
    // 3 working hours before Tue 10:00 with 08:00–16:00 days is Mon 15:00; the defaults would say Mon 10:00.
    await sweep('2026-12-07T10:30');
    expect(await actions(id)).toEqual([]);
    await sweep('2026-12-07T15:01');
    expect(await actions(id)).toEqual(['reminded']);
    // Overdue Tue 10:00; 1 working hour later the unit leader, 2 the office.
    await sweep('2026-12-08T10:01');
    await sweep('2026-12-08T11:01');
    await sweep('2026-12-08T12:01');
    expect(await actions(id)).toEqual(['reminded', 'overdue', 'supervised', 'supervised']);
  });

  it('catches a second missed deadline after the first was missed too (signed late, then rectified late)', async () => {
    const id = await insertNotice(ctx, w, {
      state: 'signed',
      signDueAt: at('2026-12-09T11:00'),
      rectifyDueAt: at('2026-12-10T11:00'),
      overdue: { since: at('2026-12-09T11:00'), level: 2 },
    });
    // Overdue for signing, but signed since: no 督办 for a deadline that no longer runs.
    await sweep('2026-12-10T10:00');
    expect((await noticeRow(ctx, id)).supervision_level).toBe(2);
    await sweep('2026-12-10T11:01');
    expect(await noticeRow(ctx, id)).toMatchObject({
      supervision_level: 1,
      overdue_since: at('2026-12-10T11:00').toISOString(),
    });
    expect((await outbox(ctx, id)).map((m) => m.topic)).toContain('notice.overdue');
  });

  it('leaves notices the unit no longer owes work on alone', async () => {
    const reported = await insertNotice(ctx, w, { state: 'reported', rectifyDueAt: at('2026-12-11T11:00') });
    const closed = await insertNotice(ctx, w, { state: 'closed', rectifyDueAt: at('2026-12-11T11:00') });
    await sweep('2026-12-11T11:01');
    expect(await actions(reported)).toEqual([]);
    expect(await actions(closed)).toEqual([]);
  });

  it('two concurrent sweeps never mark, escalate or remind a notice twice', async () => {
    const { db } = ctx.services.database;
    const small = () =>
      createNoticeSweep(db, {
        calendar: () => ctx.services.calendar.calendar(),
        now: () => ctx.clock.now(),
        batchSize: 7,
      });
    const late = [];
    const climbing = [];
    const reminded = [];
    for (let i = 0; i < 20; i++) {
      late.push(await insertNotice(ctx, w, { state: 'issued', signDueAt: at('2026-12-15T10:00') }));
      climbing.push(
        await insertNotice(ctx, w, {
          state: 'rectifying',
          rectifyDueAt: at('2026-12-14T09:00'),
          overdue: { since: at('2026-12-14T09:00'), level: 1 },
        }),
      );
      reminded.push(
        await insertNotice(ctx, w, { state: 'rectifying', rectifyDueAt: at('2026-12-15T16:00') }),
      );
    }
    const now = setClock(ctx, at('2026-12-15T14:30'));
    const results = await Promise.all([small().runOnce(now), small().runOnce(now), small().runOnce(now)]);
    const sum = (k: 'overdue' | 'supervised' | 'reminded') => results.reduce((s, r) => s + r[k], 0);
    expect(sum('overdue')).toBe(20);
    expect(sum('reminded')).toBe(20);
    for (const id of late) expect(await actions(id)).toEqual(['overdue']);
    for (const id of reminded) expect(await outbox(ctx, id)).toHaveLength(1);
    for (const id of climbing) {
      const events = await timeline(ctx, id);
      expect(events.map((e) => e.data.level)).toEqual([2]);
    }
    // (Other tests' notices may climb in the same runs, so the sum is at least ours.)
    expect(sum('supervised')).toBeGreaterThanOrEqual(20);
  });

  it('lets one scheduled run at a time hold the lease, and frees it after a crash', async () => {
    const { db } = ctx.services.database;
    const t0 = at('2026-12-16T10:00');
    expect(await sweepLease.acquire(db, 'a', t0)).toBe(true);
    expect(await sweepLease.acquire(db, 'b', t0)).toBe(false);
    expect(await sweepLease.acquire(db, 'b', new Date(t0.getTime() + 6 * 60_000))).toBe(true);
    await sweepLease.release(db, 'b', t0);
    setClock(ctx, t0);
    const deps = { db, sweep: ctx.services.noticeSweep, now: () => ctx.clock.now() };
    expect(await runSweepJob(deps, 'job-1')).toMatchObject({ overdue: expect.any(Number) });
    expect(await sweepLease.acquire(db, 'c', t0)).toBe(true);
    expect(await runSweepJob(deps, 'job-2')).toBeNull();
  });
});
