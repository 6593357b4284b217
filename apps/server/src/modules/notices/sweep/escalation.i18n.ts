import type { Locale } from '@shouwang/common';

/** Problems with escalation settings that the calendar's own validation messages do not cover. */
export const ESCALATION_ISSUE_CODES = ['remind_duplicate', 'supervise_order', 'lunch_pair'] as const;
export type EscalationIssueCode = (typeof ESCALATION_ISSUE_CODES)[number];

const messages: Record<Locale, Record<EscalationIssueCode, string>> = {
  'zh-CN': {
    remind_duplicate: '提醒时间“{value}”重复',
    supervise_order: '升级至办领导的时限应晚于升级至单位领导的时限',
    lunch_pair: '午休开始和午休结束应同时填写或同时留空',
  },
  'en-US': {
    remind_duplicate: 'the reminder "{value}" appears more than once',
    supervise_order: 'escalation to office leadership must come later than escalation to the unit leader',
    lunch_pair: 'lunch start and lunch end must both be set or both be empty',
  },
};

export function escalationIssueMessage(
  locale: Locale,
  code: EscalationIssueCode,
  params: Record<string, string> = {},
): string {
  return messages[locale][code].replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}
