import type { Locale, NotificationTopic } from '@shouwang/common';
import type { FindingForMessage, NoticeForMessage } from './dispatch.repository.ts';
import type { MessageContext } from './messages.ts';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Where a message points in the web app: its notice, or for a topic alert (issue 7) its topic page. */
export function messageLink(topic: string, noticeId: number | null, payload: Record<string, unknown>) {
  if (noticeId) return `/notices/${noticeId}`;
  return topic === 'topic.alert' && typeof payload.topicId === 'number' ? `/topics/${payload.topicId}` : null;
}

/**
 * The template context of an outbox row: the notice's current fields, overlaid by what the payload says
 * about this event (reason, supervision level, the deadline a reminder is about).
 */
export function messageContext(
  topic: NotificationTopic,
  notice: NoticeForMessage | null,
  finding: FindingForMessage | null,
  payload: Record<string, unknown>,
): MessageContext {
  const level = Number(payload.level);
  const signDueAt = text(payload.signDueAt) ?? notice?.signDueAt ?? null;
  const rectifyDueAt = text(payload.rectifyDueAt) ?? notice?.rectifyDueAt ?? null;
  // The deadline sweep names which deadline a reminder or overdue message is about ('sign' | 'rectify').
  const named =
    payload.deadline === 'sign' ? signDueAt : payload.deadline === 'rectify' ? rectifyDueAt : null;
  return {
    docNumber: notice?.docNumber ?? text(payload.docNumber),
    title: notice?.title ?? text(payload.title),
    unitName: notice?.unitName ?? text(payload.unitName),
    signDueAt,
    rectifyDueAt,
    dueAt: text(payload.dueAt) ?? named,
    reason: text(payload.reason),
    level: Number.isInteger(level) ? level : null,
    findingTitle:
      finding?.title ??
      text(payload.findingTitle) ??
      (topic.startsWith('finding.') ? text(payload.title) : null),
    severity: finding?.severity ?? notice?.severity ?? text(payload.severity),
    link: messageLink(topic, notice?.id ?? null, payload),
  };
}

export function localeOf(stored: string | null | undefined): Locale {
  return stored === 'en-US' ? 'en-US' : 'zh-CN';
}
