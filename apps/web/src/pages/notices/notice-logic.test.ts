import { describe, expect, it } from 'vitest';
import { monthGrids, parseCalendarFile } from '../settings/calendar-grid.ts';
import { prefEnabled, prefsFromGrid } from '../settings/prefs-logic.ts';
import { activeFilterCount, filtersToQuery, filtersToView, parseSavedFilters } from './notice-filters.ts';
import {
  actionNeeds,
  bulkActionsFor,
  currentDeadline,
  deadlineUrgency,
  formatRate,
  inboxOrder,
  isoToShanghaiWall,
  recentShanghaiDays,
  severityColour,
  shanghaiWallToIso,
  summariseBulk,
  transitionActions,
} from './notice-logic.ts';

const open = (id: number, over: Partial<Parameters<typeof inboxOrder>[0][number]> = {}) => ({
  id,
  state: 'rectifying',
  signDueAt: null,
  rectifyDueAt: null,
  overdue: false,
  ...over,
});

describe('notice presentation', () => {
  it('colours severities red, orange, yellow, blue', () => {
    expect(['I', 'II', 'III', 'IV', 'V'].map(severityColour)).toEqual([
      'red',
      'orange',
      'yellow',
      'blue',
      'default',
    ]);
  });

  it('asks for a reason exactly where the state machine requires one, and a deadline on return', () => {
    expect(actionNeeds('return')).toMatchObject({ reason: true, deadline: true, danger: true });
    expect(actionNeeds('withdraw')).toMatchObject({ reason: true, deadline: false });
    expect(actionNeeds('sign')).toMatchObject({ reason: false, deadline: false });
    expect(actionNeeds('progress')).toMatchObject({ reason: false, note: true });
    expect(transitionActions(['edit', 'issue', 'withdraw'])).toEqual(['issue', 'withdraw']);
  });

  it('offers a bulk action when any selected notice allows it, and counts results', () => {
    expect(
      bulkActionsFor([{ allowedActions: ['edit', 'issue'] }, { allowedActions: ['close', 'return'] }]),
    ).toEqual(['issue', 'close', 'return']);
    expect(bulkActionsFor([{ allowedActions: ['sign'] }])).toEqual([]);
    expect(
      summariseBulk([
        { id: 1, ok: true },
        { id: 2, ok: false, code: 'conflict' },
      ]),
    ).toEqual({
      ok: 1,
      failed: 1,
    });
  });
});

describe('deadlines', () => {
  const now = new Date('2026-11-21T08:00:00Z');
  it('uses the signing deadline while issued and the rectification deadline afterwards', () => {
    const n = open(1, {
      state: 'issued',
      signDueAt: '2026-11-22T01:00:00Z',
      rectifyDueAt: '2026-11-30T09:30:00Z',
    });
    expect(currentDeadline(n)).toEqual({ kind: 'sign', at: '2026-11-22T01:00:00Z' });
    expect(currentDeadline({ ...n, state: 'signed' })).toEqual({
      kind: 'rectify',
      at: '2026-11-30T09:30:00Z',
    });
    expect(currentDeadline(open(2))).toBeNull();
    expect(currentDeadline({ ...n, state: 'closed' })).toBeNull();
  });

  it('grades urgency: the server flag or a past deadline is overdue, under a day is soon', () => {
    expect(deadlineUrgency(open(1, { overdue: true }), now)).toBe('overdue');
    expect(deadlineUrgency(open(1, { rectifyDueAt: '2026-11-21T07:59:00Z' }), now)).toBe('overdue');
    expect(deadlineUrgency(open(1, { rectifyDueAt: '2026-11-22T07:00:00Z' }), now)).toBe('soon');
    expect(deadlineUrgency(open(1, { rectifyDueAt: '2026-11-25T07:00:00Z' }), now)).toBe('ok');
    expect(deadlineUrgency(open(1), now)).toBe('none');
  });

  it('orders the inbox overdue first, then by deadline, undated last', () => {
    const list = [
      open(1, { rectifyDueAt: '2026-12-01T00:00:00Z' }),
      open(2),
      open(3, { rectifyDueAt: '2026-11-25T00:00:00Z' }),
      open(4, { overdue: true, rectifyDueAt: '2026-11-20T00:00:00Z' }),
      open(5, { state: 'issued', signDueAt: '2026-11-23T00:00:00Z', rectifyDueAt: '2026-12-30T00:00:00Z' }),
    ];
    expect(inboxOrder(list).map((n) => n.id)).toEqual([4, 5, 3, 1, 2]);
  });

  it('converts between instants and Shanghai wall-clock time both ways', () => {
    expect(isoToShanghaiWall('2026-09-30T16:30:00Z')).toBe('2026-10-01 00:30');
    expect(shanghaiWallToIso('2026-10-01 00:30')).toBe('2026-10-01T00:30:00+08:00');
    expect(new Date(shanghaiWallToIso(isoToShanghaiWall('2026-03-05T01:15:00Z'))).toISOString()).toBe(
      '2026-03-05T01:15:00.000Z',
    );
    expect(() => shanghaiWallToIso('tomorrow')).toThrow();
  });

  it('gives the dashboard the last n China-time days, today included', () => {
    // 2026-11-21T17:00Z is already the 22nd in Shanghai.
    expect(recentShanghaiDays(new Date('2026-11-21T17:00:00Z'), 30)).toEqual({
      from: '2026-10-24',
      to: '2026-11-22',
    });
    expect(recentShanghaiDays(new Date('2026-11-21T08:00:00Z'), 1)).toEqual({
      from: '2026-11-21',
      to: '2026-11-21',
    });
  });

  it('formats rates, and shows nothing when there is no denominator', () => {
    expect(formatRate(0.8567)).toBe('85.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBeNull();
  });
});

describe('notice list filters', () => {
  it('sends lists comma-joined and China-time days as instants', () => {
    expect(
      filtersToQuery({
        q: '  门户 ',
        state: ['issued', 'signed'],
        severity: ['I'],
        overdue: true,
        createdFrom: '2026-11-01',
        createdTo: '2026-11-30',
        sort: 'rectifyDueAt',
        order: 'asc',
      }),
    ).toEqual({
      q: '门户',
      state: 'issued,signed',
      severity: 'I',
      overdue: true,
      createdFrom: '2026-10-31T16:00:00.000Z',
      createdTo: '2026-11-30T15:59:59.999Z',
      sort: 'rectifyDueAt',
      order: 'asc',
    });
    expect(filtersToQuery({ state: [], q: ' ' })).toEqual({});
  });

  it('reads saved views defensively, dropping unknown or malformed values', () => {
    expect(
      parseSavedFilters(
        JSON.stringify({ state: ['issued', 'bogus'], severity: ['V'], unitId: 3, overdue: 'yes', sort: 'x' }),
      ),
    ).toEqual({ state: ['issued'], unitId: 3 });
    expect(parseSavedFilters({ createdFrom: '2026-1-1', source: 'finding', sort: 'severity' })).toEqual({
      source: 'finding',
      sort: 'severity',
      order: 'desc',
    });
    expect(parseSavedFilters('{not json')).toEqual({});
    expect(parseSavedFilters([1])).toEqual({});
  });

  it('counts active filters for the phone filter badge', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ q: 'a', state: [], overdue: false, unitId: 2 })).toBe(3);
  });
});

describe('working calendar grid', () => {
  const days = [
    { date: '2026-02-01', working: false, kind: 'weekend' as const },
    { date: '2026-02-02', working: true, kind: 'workday' as const },
    { date: '2026-02-14', working: true, kind: 'makeup' as const, name: '春节' },
    { date: '2026-02-15', working: false, kind: 'holiday' as const, name: '春节' },
    { date: '2026-01-31', working: false, kind: 'weekend' as const },
  ];
  it('lays months out Monday first with padding, and counts day kinds', () => {
    const grids = monthGrids(days);
    expect(grids.map((g) => g.month)).toEqual([1, 2]);
    const feb = grids[1];
    // 2026-02-01 is a Sunday: six blanks, then the day in the last column.
    expect(feb?.weeks[0]?.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(feb?.weeks[0]?.[6]?.date).toBe('2026-02-01');
    expect(feb?.weeks.every((w) => w.length === 7)).toBe(true);
    expect(feb).toMatchObject({ holidays: 1, makeUpDays: 1, workingDays: 2 });
    // 2026-01-31 is a Saturday.
    expect(grids[0]?.weeks[0]?.[5]?.date).toBe('2026-01-31');
  });

  it('accepts the shipped calendar file layout and refuses anything else', () => {
    const file = JSON.stringify({
      year: 2027,
      version: '1',
      source: '国办发明电',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeUpWorkdays: [],
    });
    expect(parseCalendarFile(file)).toEqual({
      year: 2027,
      version: '1',
      source: '国办发明电',
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeUpWorkdays: [],
    });
    expect(parseCalendarFile('{"holidays": [{"date": 1}] , "makeUpWorkdays": []}')).toBeNull();
    expect(parseCalendarFile('[]')).toBeNull();
    expect(parseCalendarFile('nope')).toBeNull();
  });
});

describe('saved views and notification preferences', () => {
  it('stores only the set filters as plain JSON values', () => {
    expect(
      filtersToView({ q: 'x', state: [], severity: ['I', 'II'], overdue: false, unitId: undefined }),
    ).toEqual({
      q: 'x',
      severity: ['I', 'II'],
      overdue: false,
    });
    expect(parseSavedFilters(filtersToView({ state: ['closed'], sort: 'docNumber', order: 'asc' }))).toEqual({
      state: ['closed'],
      sort: 'docNumber',
      order: 'asc',
    });
  });

  it('reads a topic as its own choice, else the channel-wide one, else on', () => {
    const prefs = [
      { channel: 'email', topic: '*', enabled: false },
      { channel: 'email', topic: 'notice.overdue', enabled: true },
    ];
    expect(prefEnabled(prefs, 'email', 'notice.overdue')).toBe(true);
    expect(prefEnabled(prefs, 'email', 'notice.issued')).toBe(false);
    expect(prefEnabled(prefs, 'inapp', 'notice.issued')).toBe(true);
  });

  it('stores a channel-wide majority choice plus the exceptions', () => {
    const grid = {
      inapp: { a: true, b: true, c: false },
      email: { a: false, b: false, c: true },
    };
    expect(prefsFromGrid(grid, ['inapp', 'email'])).toEqual([
      { channel: 'inapp', topic: '*', enabled: true },
      { channel: 'inapp', topic: 'c', enabled: false },
      { channel: 'email', topic: '*', enabled: false },
      { channel: 'email', topic: 'c', enabled: true },
    ]);
  });
});
