import { describe, expect, it } from 'vitest';
import { eventLines, parseEvent, seriesByLevel, suppressionFromAlert, totals } from './alerts-logic.ts';

describe('alerts page logic', () => {
  it('adds hours into Shanghai days over a week, every day present, most severe level first', () => {
    const s = seriesByLevel(
      [
        // 2026-11-20 17:00 UTC is 2026-11-21 01:00 in Shanghai.
        { bucket: '2026-11-20T17', level: 'high', alerts: 2 },
        { bucket: '2026-11-22T03', level: 'low', alerts: 5 },
        { bucket: '2026-11-22T05', level: 'high', alerts: 1 },
      ],
      new Date('2026-11-18T08:00:00Z'),
      new Date('2026-11-22T08:00:00Z'),
    );
    expect(s.unit).toBe('day');
    expect(s.buckets).toEqual(['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(s.levels).toEqual([
      { level: 'high', data: [0, 0, 0, 2, 1] },
      { level: 'low', data: [0, 0, 0, 0, 5] },
    ]);
  });
  it('keeps UTC hours for up to three days', () => {
    const s = seriesByLevel(
      [{ bucket: '2026-11-22T02', level: 'medium', alerts: 3 }],
      new Date('2026-11-22T01:30:00Z'),
      new Date('2026-11-22T04:00:00Z'),
    );
    expect(s.unit).toBe('hour');
    expect(s.buckets).toEqual(['2026-11-22T01', '2026-11-22T02', '2026-11-22T03']);
    expect(s.levels).toEqual([{ level: 'medium', data: [0, 3, 0] }]);
  });
  it('sums counts by state', () => {
    expect(
      totals([
        { state: 'new', alerts: 2, detections: 9 },
        { state: 'acknowledged', alerts: 1, detections: 1 },
        { state: 'closed', alerts: 4, detections: 4 },
      ]),
    ).toEqual({ alerts: 7, detections: 14, new: 2, acknowledged: 1 });
  });
  it('lists event fields with the matched ones first and flagged', () => {
    const lines = eventLines(
      { source: { ip: '1.2.3.4' }, url: { path: '/a', query: 'cmd=id' }, host: { ip: ['a', 'b'] } },
      { 'url.query': 'cmd=id' },
    );
    expect(lines[0]).toEqual({ path: 'url.query', value: 'cmd=id', matched: true });
    expect(lines.map((l) => l.path)).toEqual(['url.query', 'source.ip', 'url.path', 'host.ip']);
    expect(lines[3]?.value).toBe('["a","b"]');
  });
  it('parses a pasted event or says why not', () => {
    expect(parseEvent('{"a":1}')).toEqual({ ok: true, event: { a: 1 } });
    expect(parseEvent('[1]').ok).toBe(false);
    expect(parseEvent('{"a":')).toMatchObject({ ok: false });
  });
  it('prefills a suppression from an alert’s key', () => {
    expect(
      suppressionFromAlert({ ruleKey: 'r', unitId: 3, assetId: null, groupKey: 'source.ip=203.0.113.7' }),
    ).toEqual({
      ruleKey: 'r',
      unitId: 3,
      assetId: null,
      conditions: [{ field: 'source.ip', value: '203.0.113.7' }],
    });
    expect(suppressionFromAlert({ ruleKey: 'r', unitId: 3, assetId: 4, groupKey: '' }).conditions).toEqual(
      [],
    );
  });
});
