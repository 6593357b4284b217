import type { Locale } from '@shouwang/common';

/** The office's time zone; all times are stored in UTC and shown here. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-21 17:05` (or with seconds) in Asia/Shanghai, the same in both languages; '' for empty input. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part: Record<string, string> = {};
  for (const p of dateTimeParts.formatToParts(date)) part[p.type] = p.value;
  const time = withSeconds ? `${part.hour}:${part.minute}:${part.second}` : `${part.hour}:${part.minute}`;
  return `${part.year}-${part.month}-${part.day} ${time}`;
}

/** A whole number with the locale's grouping (12,345). */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n);
}
