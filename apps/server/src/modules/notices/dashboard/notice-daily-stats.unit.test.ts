import { describe, expect, it } from 'vitest';
import { chinaDayOf, type StatsSource, statsDelta } from './notice-daily-stats.ts';

const issued: StatsSource = {
  unit_id: 7,
  region_path: '/1/2/',
  state: 'issued',
  // 00:30 on 3 October in China.
  issued_at: '2026-10-02T16:30:00.000Z',
  signed_at: null,
  sign_due_at: '2026-10-03T09:00:00.000Z',
  signed_on_time: null,
  reported_at: null,
  rectify_due_at: '2026-10-10T09:00:00.000Z',
  rectified_on_time: null,
  closed_at: null,
};
const zero = { issued: 0, withdrawn: 0, signed: 0, signed_on_time: 0, closed: 0, closed_on_time: 0 };

describe('notice daily stats deltas', () => {
  it('counts by the China-time day', () => {
    expect(chinaDayOf('2026-10-02T15:59:59.999Z')).toBe('2026-10-02');
    expect(chinaDayOf('2026-10-02T16:00:00.000Z')).toBe('2026-10-03');
  });

  it('issue counts on the issue day; withdrawing moves it from signable to withdrawn', () => {
    expect(statsDelta(null, issued)).toEqual([{ day: '2026-10-03', d: { ...zero, issued: 1 } }]);
    expect(statsDelta(issued, { ...issued, state: 'withdrawn' })).toEqual([
      { day: '2026-10-03', d: { ...zero, withdrawn: 1 } },
    ]);
  });

  it('a late signing counts as signed, not on time, on the issue day', () => {
    const signed = { ...issued, state: 'signed', signed_at: '2026-10-03T10:00:00.000Z', signed_on_time: 0 };
    expect(statsDelta(issued, signed)).toEqual([{ day: '2026-10-03', d: { ...zero, signed: 1 } }]);
  });

  it('close counts on the close day; reopen takes it back', () => {
    const reported = {
      ...issued,
      state: 'reported',
      signed_at: '2026-10-03T01:00:00.000Z',
      signed_on_time: 1,
      reported_at: '2026-10-05T01:00:00.000Z',
    };
    const closed = {
      ...reported,
      state: 'closed',
      closed_at: '2026-10-06T02:00:00.000Z',
      rectified_on_time: 1,
    };
    expect(statsDelta(reported, closed)).toEqual([
      { day: '2026-10-06', d: { ...zero, closed: 1, closed_on_time: 1 } },
    ]);
    const reopened = { ...closed, state: 'returned', closed_at: null, rectified_on_time: null };
    expect(statsDelta(closed, reopened)).toEqual([
      { day: '2026-10-06', d: { ...zero, closed: -1, closed_on_time: -1 } },
    ]);
  });
});
