import type { Translate } from '../../../i18n/catalogs.ts';
import type { Feed, ImportResult } from './intel-types.ts';

export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'mixed',
  'other',
] as const;
export const INDICATOR_STATUSES = ['active', 'pending', 'expired', 'revoked', 'unmatchable'] as const;
export const FEED_KINDS = ['stix', 'misp', 'csv'] as const;

export const STATUS_COLOUR: Record<(typeof INDICATOR_STATUSES)[number], string> = {
  active: 'green',
  pending: 'blue',
  expired: 'default',
  revoked: 'red',
  unmatchable: 'orange',
};

export const RESULT_COLOUR: Record<ImportResult['status'], string> = {
  ok: 'green',
  partial: 'orange',
  failed: 'red',
};

/** Percent done of an import in progress, or null when it has no measurable progress yet. */
export function progressPercent(feed: Pick<Feed, 'progress'>): number | null {
  const p = feed.progress;
  if (!p || p.total <= 0) return null;
  // Fetching is the first third, parsing a moment, storing the rest.
  const share = p.phase === 'fetching' ? [0, 30] : p.phase === 'storing' ? [35, 65] : [30, 5];
  const [from = 0, width = 0] = share;
  return Math.min(100, Math.round(from + (width * p.done) / p.total));
}

/** Whether the feeds list should be polled: an import is queued or running. */
export function anyImporting(feeds: readonly Pick<Feed, 'importState' | 'progress'>[]): boolean {
  return feeds.some((f) => f.importState !== null || f.progress !== null);
}

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** A detection level in the reader's language (the alerts' level names). */
export function levelName(t: Translate, level: string): string {
  const known = LEVELS.find((l) => l === level);
  return known ? t(`alerts.levelName.${known}`) : level;
}
