import type { Locale, NotificationTopic } from '@shouwang/common';
import { notificationTextEnUS } from './i18n/en-US.ts';
import { notificationTextZhCN } from './i18n/zh-CN.ts';
import type { NotificationText } from './message-text.ts';

/** What the templates may mention; built from the outbox payload and the current notice or finding. */
export interface MessageContext {
  docNumber: string | null;
  title: string | null;
  unitName: string | null;
  signDueAt: string | null;
  rectifyDueAt: string | null;
  /** The deadline a reminder, overdue or supervision message is about. */
  dueAt: string | null;
  reason: string | null;
  level: number | null;
  findingTitle: string | null;
  severity: string | null;
  /** Path of the notice in the web app, e.g. "/notices/42". */
  link: string | null;
}

export interface RenderedMessage {
  title: string;
  body: string;
}

export function notificationText(locale: Locale): NotificationText {
  return locale === 'en-US' ? notificationTextEnUS : notificationTextZhCN;
}

export function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

// Numeric parts in Beijing time, assembled by hand so the text does not depend on the ICU build.
const beijingParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A deadline in Beijing time for the recipient's language: "10月13日 17:30" or "13 Oct, 17:30". */
export function formatDeadline(iso: string | null, locale: Locale): string {
  const text = notificationText(locale);
  if (!iso) return text.noDeadline;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return text.noDeadline;
  const part = (type: string) => beijingParts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const month = Number(part('month'));
  const time = `${part('hour')}:${part('minute')}`;
  return locale === 'en-US'
    ? `${Number(part('day'))} ${MONTHS_EN[month - 1] ?? month}, ${time}`
    : `${month}月${Number(part('day'))}日 ${time}`;
}

function reference(ctx: MessageContext, locale: Locale): string {
  const title = ctx.title ?? '';
  const quoted = locale === 'en-US' ? `“${title}”` : `《${title}》`;
  if (!ctx.docNumber) return quoted;
  return locale === 'en-US' ? `${ctx.docNumber} ${quoted}` : `${ctx.docNumber}${quoted}`;
}

/** Renders one topic's title and body in the recipient's language. */
export function renderMessage(
  topic: NotificationTopic,
  locale: Locale,
  ctx: MessageContext,
): RenderedMessage {
  const text = notificationText(locale);
  const level = String(ctx.level ?? 1);
  const severity = ctx.severity ?? '';
  const params: Record<string, string | number> = {
    ref: reference(ctx, locale),
    unit: ctx.unitName ?? '',
    signDue: formatDeadline(ctx.signDueAt, locale),
    rectifyDue: formatDeadline(ctx.rectifyDueAt, locale),
    due: formatDeadline(ctx.dueAt ?? ctx.rectifyDueAt ?? ctx.signDueAt, locale),
    level: level in text.levels ? text.levels[level as keyof typeof text.levels] : level,
    findingTitle: ctx.findingTitle ?? ctx.title ?? '',
    severity:
      severity in text.severities ? text.severities[severity as keyof typeof text.severities] : severity,
  };
  const template = text.topics[topic];
  const lines = [fillTemplate(template.body, params)];
  if (ctx.reason) lines.push(fillTemplate(text.reasonLine, { reason: ctx.reason }));
  if (ctx.link) lines.push(fillTemplate(text.linkLine, { link: ctx.link }));
  return { title: fillTemplate(template.title, params), body: lines.join('\n') };
}
