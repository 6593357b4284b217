import type { Locale } from '@shouwang/common';
import type { ErrorDetail } from '../../platform/http/app-error.ts';
import type { FindingType } from './check-types.ts';
import { monitoringMessage } from './monitoring.i18n.ts';

/** The checks a monitor can run; each owns the finding types it can raise (and so resolve). */
export const MONITOR_CHECKS = [
  'availability',
  'tls',
  'headers',
  'defacement',
  'hidden_links',
  'illegal_content',
  'cloaking',
  'broken_links',
  'icp',
] as const;
export type MonitorCheck = (typeof MONITOR_CHECKS)[number];

export const CHECK_TYPES: Record<MonitorCheck, readonly FindingType[]> = {
  availability: ['site_down', 'dns_failure', 'http_error', 'slow_response'],
  tls: ['tls_invalid', 'tls_expiring', 'tls_weak_protocol'],
  headers: ['security_headers', 'mixed_content'],
  defacement: ['defacement'],
  hidden_links: ['hidden_links'],
  illegal_content: ['illegal_content'],
  cloaking: ['cloaking'],
  broken_links: ['broken_links'],
  icp: ['icp_missing'],
};

export function checkOfType(type: FindingType): MonitorCheck {
  for (const check of MONITOR_CHECKS) if (CHECK_TYPES[check].includes(type)) return check;
  return 'availability';
}

/** Broken links probe up to 30 links per page: opt-in, not run every minute by default. */
export const DEFAULT_CHECKS: readonly MonitorCheck[] = MONITOR_CHECKS.filter((c) => c !== 'broken_links');
export const DEFAULT_INTERVAL_SECONDS = 300;
export const MIN_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 86_400;
export const MAX_PAGES = 20;
/** Pages found by crawling, besides the listed ones. */
export const MAX_CRAWLED_PAGES = 10;

/** A one-off window (ISO instants) or a weekly one in China time (weekdays 1 = Monday … 7 = Sunday). */
export type MaintenanceWindow =
  | { start: string; end: string }
  | { weekdays: number[]; from: string; to: string };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const CHINA_OFFSET_MS = 8 * 3600_000;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls in one of the windows. A weekly window whose end is before its start spans midnight. */
export function inMaintenance(windows: readonly MaintenanceWindow[], now: Date): boolean {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  const minute = china.getUTCHours() * 60 + china.getUTCMinutes();
  const weekday = china.getUTCDay() === 0 ? 7 : china.getUTCDay();
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return windows.some((w) => {
    if ('start' in w) return Date.parse(w.start) <= now.getTime() && now.getTime() < Date.parse(w.end);
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    if (from < to) return w.weekdays.includes(weekday) && minute >= from && minute < to;
    // Overnight: the evening part belongs to the listed day, the morning part to the day after.
    return (
      (w.weekdays.includes(weekday) && minute >= from) || (w.weekdays.includes(yesterday) && minute < to)
    );
  });
}

/** Problems with maintenance windows (the schema has checked the shape). */
export function checkMaintenance(windows: readonly MaintenanceWindow[], locale: Locale): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  windows.forEach((w, i) => {
    const field = `maintenance.${i}`;
    if ('start' in w) {
      const start = Date.parse(w.start);
      const end = Date.parse(w.end);
      if (Number.isNaN(start) || Number.isNaN(end)) {
        issues.push({ field, message: monitoringMessage(locale, 'window_invalid') });
      } else if (end <= start) issues.push({ field, message: monitoringMessage(locale, 'window_order') });
      return;
    }
    const daysOk = w.weekdays.length > 0 && w.weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
    if (!daysOk || !HHMM.test(w.from) || !HHMM.test(w.to)) {
      issues.push({ field, message: monitoringMessage(locale, 'window_invalid') });
    } else if (w.from === w.to) issues.push({ field, message: monitoringMessage(locale, 'window_order') });
  });
  return issues;
}

/** A page URL as stored: absolute http(s), fragment dropped. Null when not one. */
export function normalisePageUrl(raw: string): string | null {
  try {
    const u = new URL(raw.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Validates the watched pages (homepage first) and returns them normalised. */
export function checkPages(
  pages: readonly string[],
  locale: Locale,
): { pages: string[]; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  const out: string[] = [];
  pages.forEach((raw, i) => {
    const url = normalisePageUrl(raw);
    if (!url)
      issues.push({ field: `pages.${i}`, message: monitoringMessage(locale, 'url_invalid', { value: raw }) });
    else if (!out.includes(url)) out.push(url);
  });
  if (out.length === 0 && issues.length === 0) {
    issues.push({ field: 'pages', message: monitoringMessage(locale, 'no_url') });
  }
  if (out.length > MAX_PAGES) {
    issues.push({ field: 'pages', message: monitoringMessage(locale, 'too_many_pages', { max: MAX_PAGES }) });
  }
  return { pages: out, issues };
}

/** Spreads first runs over the interval: the same monitor always lands on the same offset. */
export function spreadOffsetSeconds(monitorId: number, intervalSeconds: number): number {
  // Knuth's multiplicative hash keeps consecutive ids apart.
  return ((monitorId * 2_654_435_761) >>> 0) % intervalSeconds;
}
