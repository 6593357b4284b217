import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/catalogs.ts';
import { type CaseSummary, groupSizes, intakeLabel, percent } from './intake-types.ts';

describe('intake page logic', () => {
  it('labels enum values in both languages and falls back to the raw value', () => {
    expect(intakeLabel(translator('zh-CN'), 'stateValue', 'reply_review')).toBe('待网信办审核');
    expect(intakeLabel(translator('en-US'), 'actionValue', 'rehandle')).toBe('Re-handle');
    expect(intakeLabel(translator('en-US'), 'stateValue', 'brand_new')).toBe('brand_new');
  });

  it('counts group members so near-duplicates show together', () => {
    const c = (id: number, groupId: number | null) => ({ id, groupId }) as CaseSummary;
    expect([...groupSizes([c(1, 1), c(2, 1), c(3, 3), c(4, null)])]).toEqual([
      [1, 2],
      [3, 1],
    ]);
  });

  it('shows rates as percentages and a dash when there is no denominator', () => {
    expect(percent(0.4)).toBe('40.0%');
    expect(percent(null)).toBe('—');
  });
});
