import type { Locale } from '../i18n/locales.ts';

export const CALENDAR_ISSUE_CODES = [
  'not_object',
  'not_list',
  'too_many',
  'year_invalid',
  'year_mismatch',
  'text_required',
  'text_too_long',
  'date_invalid',
  'date_outside_year',
  'date_duplicate',
  'date_both',
  'makeup_not_weekend',
  'clock_invalid',
  'hours_order',
  'duration_invalid',
  'duration_range',
  'instant_invalid',
] as const;
export type CalendarIssueCode = (typeof CALENDAR_ISSUE_CODES)[number];

/** One problem with calendar input, located by field path (e.g. `holidays[3].date`). */
export interface CalendarIssue {
  field: string;
  code: CalendarIssueCode;
  params?: Record<string, string | number>;
}

const messages: Record<Locale, Record<CalendarIssueCode, string>> = {
  'zh-CN': {
    not_object: '应为对象',
    not_list: '应为列表',
    too_many: '最多 {max} 项',
    year_invalid: '年份应为 {min} 至 {max} 之间的整数',
    year_mismatch: '数据中的年份 {got} 与要导入的年份 {year} 不一致',
    text_required: '不能为空',
    text_too_long: '长度不能超过 {max}',
    date_invalid: '“{value}”不是有效日期，格式应为 YYYY-MM-DD',
    date_outside_year: '日期 {date} 不属于 {year} 年',
    date_duplicate: '日期 {date} 重复出现',
    date_both: '日期 {date} 不能既是节假日又是调休上班日',
    makeup_not_weekend: '调休上班日 {date} 应为周六或周日',
    clock_invalid: '“{value}”不是有效时间，格式应为 HH:mm',
    hours_order: '工作时间应依次为：上班 < 午休开始 < 午休结束 < 下班',
    duration_invalid:
      '“{value}”不是有效时限，应为数字加单位：wd（工作日）、d（自然日）或 wh（工作小时），如 5wd',
    duration_range: '时限数值应在 1 至 {max} 之间',
    instant_invalid: '“{value}”不是有效时间，应为 ISO 8601 格式，如 2026-09-30T10:00+08:00',
  },
  'en-US': {
    not_object: 'must be an object',
    not_list: 'must be a list',
    too_many: 'allows at most {max} items',
    year_invalid: 'must be a whole year from {min} to {max}',
    year_mismatch: 'the data is for {got}, not for the year being imported ({year})',
    text_required: 'must not be empty',
    text_too_long: 'must be at most {max} characters',
    date_invalid: '"{value}" is not a valid date (YYYY-MM-DD)',
    date_outside_year: '{date} is not in {year}',
    date_duplicate: '{date} appears more than once',
    date_both: '{date} cannot be both a holiday and a make-up working day',
    makeup_not_weekend: 'make-up working day {date} must be a Saturday or Sunday',
    clock_invalid: '"{value}" is not a valid time (HH:mm)',
    hours_order: 'working hours must run start < lunch start < lunch end < end',
    duration_invalid:
      '"{value}" is not a valid duration: a number and a unit, wd (working days), d (natural days) or wh (working hours), e.g. 5wd',
    duration_range: 'the amount must be from 1 to {max}',
    instant_invalid: '"{value}" is not a valid time: use ISO 8601, e.g. 2026-09-30T10:00+08:00',
  },
};

/** The issue's message in the given language, with its parameters filled in. */
export function calendarIssueMessage(locale: Locale, issue: CalendarIssue): string {
  return messages[locale][issue.code].replace(/\{(\w+)\}/g, (_, key: string) =>
    String(issue.params?.[key] ?? `{${key}}`),
  );
}
