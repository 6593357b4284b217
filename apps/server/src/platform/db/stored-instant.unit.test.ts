import { describe, expect, it } from 'vitest';
import { storedInstant } from './stored-instant.ts';

describe('storedInstant', () => {
  it('brings every spelling of one instant to the stored form, so text comparison orders it', () => {
    const stored = '2026-11-21T08:00:00.000Z';
    for (const spelling of [
      '2026-11-21T08:00:00Z',
      '2026-11-21T16:00:00+08:00',
      '2026-11-21T08:00:00.000Z',
    ]) {
      expect(storedInstant(spelling)).toBe(stored);
    }
    expect(storedInstant('2026-11-21T16:00:00+08:00') >= stored).toBe(true);
    expect('2026-11-21T16:00:00+08:00' >= '2026-11-21T08:00:00.000Z').toBe(true); // as text: wrong way round here
    expect('2026-11-21T08:00:00Z' <= stored).toBe(false); // the bug this avoids
  });

  it('keeps undefined', () => {
    expect(storedInstant(undefined)).toBeUndefined();
  });
});
