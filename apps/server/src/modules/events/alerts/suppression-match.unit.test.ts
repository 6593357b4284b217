import { describe, expect, it } from 'vitest';
import { detectionOf, webEvent } from './alerts.test-support.ts';
import { type SuppressionRow, suppresses } from './suppression-match.ts';

const NOW = new Date('2026-11-22T02:00:00Z');

function row(over: Partial<SuppressionRow> = {}): SuppressionRow {
  return {
    id: 1,
    rule_key: null,
    source_id: null,
    unit_id: null,
    asset_id: null,
    conditions: '[]',
    reason: 'scanner of our own',
    expires_at: null,
    region_path: '/1/2/',
    hits: 0,
    last_hit_at: null,
    created_by: null,
    created_by_name: 'x',
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
    ...over,
  };
}

const d = detectionOf(webEvent({ unitId: 5, assetId: 9, sourceId: 3 }));
const inside = '/1/2/7/';

describe('suppression matching', () => {
  it('matches on rule, source, unit, asset and field = value (case-insensitive)', () => {
    const s = row({ rule_key: d.ruleKey, source_id: 3, unit_id: 5, asset_id: 9 });
    expect(suppresses(s, [{ field: 'source.ip', value: '203.0.113.7' }], d, inside, NOW)).toBe(true);
    expect(suppresses(s, [{ field: 'http.request.method', value: 'get' }], d, inside, NOW)).toBe(true);
  });
  it('does not match when any criterion differs', () => {
    expect(suppresses(row({ rule_key: 'other' }), [], d, inside, NOW)).toBe(false);
    expect(suppresses(row({ source_id: 4 }), [], d, inside, NOW)).toBe(false);
    expect(suppresses(row({ asset_id: 10 }), [], d, inside, NOW)).toBe(false);
    expect(suppresses(row(), [{ field: 'source.ip', value: '203.0.113.8' }], d, inside, NOW)).toBe(false);
    expect(suppresses(row(), [{ field: 'no.such.field', value: '' }], d, inside, NOW)).toBe(false);
  });
  it('stops at its expiry', () => {
    const before = row({ expires_at: '2026-11-22T02:00:01.000Z' });
    const after = row({ expires_at: '2026-11-22T02:00:00.000Z' });
    expect(suppresses(before, [], d, inside, NOW)).toBe(true);
    expect(suppresses(after, [], d, inside, NOW)).toBe(false);
  });
  it('covers only events of its jurisdiction', () => {
    expect(suppresses(row(), [], d, '/1/3/', NOW)).toBe(false);
    expect(suppresses(row(), [], d, null, NOW)).toBe(false);
  });
  it('reads original fields and array elements', () => {
    const e = webEvent(
      { unitId: 5 },
      { original: { vendor: 'Hillstone' }, host: { ip: ['10.0.0.1', '10.0.0.2'] } },
    );
    const x = detectionOf(e);
    expect(suppresses(row(), [{ field: 'original.vendor', value: 'hillstone' }], x, inside, NOW)).toBe(true);
    expect(suppresses(row(), [{ field: 'host.ip', value: '10.0.0.2' }], x, inside, NOW)).toBe(true);
  });
});
