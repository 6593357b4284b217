import { describe, expect, it } from 'vitest';
import { describeVerifyResult } from './audit.command.ts';

describe('shouwang audit verify output', () => {
  it('names the entry count and head of an intact chain', () => {
    expect(describeVerifyResult({ ok: true, entries: 12, head: { lastId: 12, lastHash: 'ab12' } })).toBe(
      'Audit chain intact: 12 entries, head #12 ab12',
    );
  });
  it('names the first broken entry and why', () => {
    const text = describeVerifyResult({
      ok: false,
      entries: 4,
      firstBrokenId: 5,
      reason: 'its content does not match',
    });
    expect(text).toContain('#5');
    expect(text).toContain('its content does not match');
  });
});
