import type { Locale } from '@shouwang/common';

/** Field messages of the dashboard's period checks, in both languages. */
const TEXT: Record<Locale, { fromAfterTo: string; tooLong: (max: number) => string; notADate: string }> = {
  'zh-CN': {
    fromAfterTo: '开始日期不能晚于结束日期',
    tooLong: (max) => `统计区间不能超过 ${max} 天`,
    notADate: '不是有效的日期（YYYY-MM-DD）',
  },
  'en-US': {
    fromAfterTo: 'must not be after the end date',
    tooLong: (max) => `the period may span at most ${max} days`,
    notADate: 'is not a valid date (YYYY-MM-DD)',
  },
};

export function dashboardText(locale: Locale) {
  return TEXT[locale];
}
