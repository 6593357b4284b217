import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/catalogs.ts';
import { categoryOptions, type ReportCategory } from './category-logic.ts';

const category = (code: string, name: string, active: boolean) =>
  ({ code, name, nameZh: name, nameEn: name, shipped: false, active }) as ReportCategory;

describe('report category options', () => {
  const items = [category('fraud', '诈骗', true), category('tickets', '网络黄牛', false)];

  it('names a deactivated category as such and keeps it selectable where cases are filtered', () => {
    expect(categoryOptions(items, translator('zh-CN'))).toEqual([
      { value: 'fraud', label: '诈骗' },
      { value: 'tickets', label: '网络黄牛（已停用）' },
    ]);
    expect(categoryOptions(items, translator('en-US'))[1]?.label).toBe('网络黄牛 (deactivated)');
  });

  it('does not offer a deactivated category for new work, unless it is the value already chosen', () => {
    expect(categoryOptions(items, translator('en-US'), { pick: true })[1]).toMatchObject({ disabled: true });
    const keep = categoryOptions(items, translator('en-US'), { pick: true, keep: 'tickets' });
    expect(keep[1]?.disabled).toBeUndefined();
    expect(keep[0]?.disabled).toBeUndefined();
  });
});
