import type { Severity } from '@shouwang/common';
import { parseDuration, type WorkingCalendar } from '@shouwang/common/calendar/index';
import type { NoticePolicy } from './notice-policy.ts';

export interface ComputedDeadline {
  at: string;
  provisional: boolean;
}

/** A policy duration ('2wh', '5wd', '3d') after `from` on the working calendar. */
export function deadlineAfter(calendar: WorkingCalendar, from: Date, duration: string): ComputedDeadline {
  const parsed = parseDuration(duration);
  // Stored policies are checked on save (checkNoticePolicy); a bad one here is a bug, not user input.
  if (!parsed.ok) throw new Error(`Invalid deadline duration in notice policy: ${duration}`);
  const result = calendar.deadline(from, parsed.value);
  return { at: result.deadline.toISOString(), provisional: result.provisional };
}

/** Sign and rectify deadlines of a notice issued at `from`, both counted from the issue. */
export function issueDeadlines(
  calendar: WorkingCalendar,
  policy: NoticePolicy,
  severity: Severity,
  from: Date,
) {
  const rule = policy.deadlines[severity];
  const sign = deadlineAfter(calendar, from, rule.sign);
  const rectify = deadlineAfter(calendar, from, rule.rectify);
  return { sign, rectify, provisional: sign.provisional || rectify.provisional };
}
