import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { type Actor, systemActor } from '../../../platform/http/actor.ts';
import { deadlineBases } from './deadline-recompute.ts';
import { at, noticeRow, outbox, setClock, timeline } from './sweep.test-support.ts';

// 2027 as a test schedule: 元旦 1/1–1/3, nothing else (the official one is imported by admins in autumn).
const y2027 = {
  version: 'test-1',
  source: '国办发明电（测试）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
  ],
  makeUpWorkdays: [],
};

describe(`provisional deadlines recomputed on a calendar import (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let analyst: Actor;
  let unitId: number;

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    unitId = j.unitA.id;
    const user = await buildUser(ctx, { role: 'analyst', region: j.city });
    analyst = {
      ...systemActor(j.city.path, user.username),
      userId: user.id,
      role: 'analyst',
      regionId: j.city.id,
      via: 'session',
      locale: 'en-US',
    };
  });
  afterAll(() => ctx.close());

  /** A notice created and issued through the notice core, at a given time. */
  async function issueAt(when: string, severity: 'III' | 'IV') {
    setClock(ctx, at(when));
    const { notices } = ctx.services;
    const id = await notices.create(analyst, {
      unitId,
      category: 'defacement',
      severity,
      title: 'Homepage defaced',
      description: 'd',
      requiredActions: 'r',
    });
    await notices.transition(analyst, id, { action: 'issue', version: 1 });
    return id;
  }

  it('recomputes deadlines that ran into 2027 on weekdays only, and clears the provisional flag', async () => {
    // Severity III: sign 1wd (12/31, official), rectify 5wd — 12/31, 1/1, 1/4, 1/5, 1/6 on weekdays only.
    const id = await issueAt('2026-12-30T10:00', 'III');
    const before = await noticeRow(ctx, id);
    expect(before).toMatchObject({
      deadline_provisional: 1,
      sign_due_at: at('2026-12-31T23:59:59').toISOString(),
      rectify_due_at: at('2027-01-06T23:59:59').toISOString(),
    });
    // A notice whose rectification deadline was set by hand is left as it is.
    const manual = await issueAt('2026-12-30T11:00', 'III');
    await ctx.services.notices.changeDeadline(analyst, manual, {
      rectifyDueAt: at('2027-01-06T18:00').toISOString(),
      reason: 'agreed with the unit',
    });

    setClock(ctx, at('2026-12-30T15:00'));
    await ctx.services.calendar.putYear(systemActor(), 2027, y2027);

    // With 元旦 a holiday the fifth working day is 1/7.
    expect(await noticeRow(ctx, id)).toMatchObject({
      deadline_provisional: 0,
      sign_due_at: before.sign_due_at,
      rectify_due_at: at('2027-01-07T23:59:59').toISOString(),
    });
    const events = await timeline(ctx, id);
    expect(events.at(-1)).toMatchObject({
      action: 'deadline_recomputed',
      data: { year: 2027, recomputed: ['rectify'], provisional: false },
    });
    expect((await outbox(ctx, id)).map((m) => m.topic)).toContain('notice.deadline_changed');
    // Its own deadline stays; nothing of it relies on a year without a calendar any more.
    expect(await noticeRow(ctx, manual)).toMatchObject({
      rectify_due_at: at('2027-01-06T18:00').toISOString(),
      deadline_provisional: 0,
    });

    // Importing the same schedule again changes nothing more.
    await ctx.services.calendar.putYear(systemActor(), 2027, y2027);
    expect((await timeline(ctx, id)).filter((e) => e.action === 'deadline_recomputed')).toHaveLength(1);
  });

  it('replays deadline bases from the timeline: issue, return, and manual changes', () => {
    const ev = (action: string, data: object) => ({ action, data: JSON.stringify(data) });
    const base = '2026-12-30T02:00:00.000Z';
    expect(
      deadlineBases([ev('issue', { deadlineBase: base, signDuration: '1wd', rectifyDuration: '5wd' })]),
    ).toEqual({ sign: { start: base, duration: '1wd' }, rectify: { start: base, duration: '5wd' } });
    expect(
      deadlineBases([
        ev('issue', { deadlineBase: base, signDuration: '1wd', rectifyDuration: '5wd' }),
        ev('deadline_changed', {
          signDueAt: 'a',
          rectifyDueAt: 'x',
          before: { signDueAt: 'a', rectifyDueAt: 'y' },
        }),
      ]),
    ).toEqual({ sign: { start: base, duration: '1wd' }, rectify: null });
    expect(
      deadlineBases([
        ev('issue', { deadlineBase: base, signDuration: '1wd', rectifyDuration: '5wd' }),
        ev('return', { deadlineBase: '2027-01-02T00:00:00.000Z', rectifyDuration: '3wd' }),
      ]).rectify,
    ).toEqual({ start: '2027-01-02T00:00:00.000Z', duration: '3wd' });
    expect(deadlineBases([ev('return', { rectifyDueAt: 'x' })]).rectify).toBeNull();
  });
});
