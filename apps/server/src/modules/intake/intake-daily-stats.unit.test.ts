import { describe, expect, it } from 'vitest';
import { type DailySource, dailyContribution, dailyDelta } from './intake-daily-stats.ts';

const base: DailySource = {
  unit_id: 1,
  region_path: '/1/2/',
  dispatched_at: '2026-11-02T02:00:00.000Z',
  signed_on_time: 1,
  reassign_count: 0,
  return_count: 0,
  rehandle_count: 0,
  replied_at: null,
  completed_on_time: null,
  followed_up_at: null,
  contact_phone: '13800001234',
  rated_at: null,
  rating: null,
};

describe('intake daily stats contributions', () => {
  it('counts on China-time days: 23:30 in Beijing is still that day, 00:30 the next', () => {
    const late = dailyContribution({ ...base, dispatched_at: '2026-11-02T15:30:00.000Z' });
    expect([...late.keys()]).toEqual(['2026-11-02']);
    const early = dailyContribution({ ...base, dispatched_at: '2026-11-02T16:30:00.000Z' });
    expect([...early.keys()]).toEqual(['2026-11-03']);
  });

  it('moves a reassigned case from the old unit and day to the new ones', () => {
    const after = {
      ...base,
      unit_id: 2,
      dispatched_at: '2026-11-04T07:00:00.000Z',
      signed_on_time: null,
      reassign_count: 1,
    };
    const delta = dailyDelta(base, after);
    expect(delta.map((d) => [d.unitId, d.day, d.d.dispatched, d.d.signed, d.d.reassigned])).toEqual([
      [1, '2026-11-02', -1, -1, 0],
      [2, '2026-11-04', 1, 0, 1],
    ]);
  });

  it('adds nothing for a step that changes no counted column, and nothing for a case without a unit', () => {
    expect(dailyDelta(base, { ...base })).toEqual([]);
    expect(dailyDelta(null, { ...base, unit_id: null })).toEqual([]);
  });

  it('counts completion on the approval day only while completed_on_time is set, ratings on their own day', () => {
    const replied = {
      ...base,
      replied_at: '2026-11-05T08:00:00.000Z',
      completed_on_time: 0,
      contact_phone: null,
      followed_up_at: '2026-11-06T08:00:00.000Z',
      rated_at: '2026-11-07T08:00:00.000Z',
      rating: 'basically_satisfied',
    };
    const c = dailyContribution(replied);
    expect(c.get('2026-11-05')).toMatchObject({
      completed: 1,
      completed_on_time: 0,
      followed_up: 0,
      completed_anonymous: 1,
      followed_up_anonymous: 1,
    });
    expect(c.get('2026-11-07')).toMatchObject({ basically_satisfied: 1, satisfied: 0 });
    // Re-handling clears the completion and the rating: both leave their days.
    const rehandled = {
      ...replied,
      completed_on_time: null,
      rating: null,
      rated_at: null,
      rehandle_count: 1,
    };
    const delta = dailyDelta(replied, rehandled);
    expect(delta.map((d) => [d.day, d.d.rehandled, d.d.completed, d.d.basically_satisfied])).toEqual([
      ['2026-11-02', 1, 0, 0],
      ['2026-11-05', 0, -1, 0],
      ['2026-11-07', 0, 0, -1],
    ]);
  });
});
