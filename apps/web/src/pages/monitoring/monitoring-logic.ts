import type { MonitoredSite, MonitorStatus } from './monitoring-types.ts';

export const MONITOR_STATUSES: readonly MonitorStatus[] = [
  'down',
  'degraded',
  'up',
  'maintenance',
  'unknown',
];

/** Tile and tag colours: red down, amber degraded, green up, blue maintenance, grey unknown. */
export const STATUS_COLOURS: Record<MonitorStatus, string> = {
  down: '#cf1322',
  degraded: '#d48806',
  up: '#389e0d',
  maintenance: '#1677ff',
  unknown: '#8c8c8c',
};

/** Intervals offered in the UI (the server accepts 60 s to 1 day). */
export const INTERVAL_CHOICES = [60, 300, 600, 1800, 3600, 21_600, 86_400] as const;

export interface UnitGroup {
  unitId: number;
  unitName: string;
  sites: MonitoredSite[];
  down: number;
}

/**
 * Sites grouped by unit for the status wall: units with sites down first, then by name; inside a unit the
 * sites keep the server's order. One pass, so 2,000 sites group in well under a millisecond.
 */
export function groupByUnit(sites: readonly MonitoredSite[]): UnitGroup[] {
  const groups = new Map<number, UnitGroup>();
  for (const site of sites) {
    let g = groups.get(site.unitId);
    if (!g) {
      g = { unitId: site.unitId, unitName: site.unitName, sites: [], down: 0 };
      groups.set(site.unitId, g);
    }
    g.sites.push(site);
    if (site.status === 'down') g.down += 1;
  }
  return [...groups.values()].sort(
    (a, b) => Number(b.down > 0) - Number(a.down > 0) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
}

/** 0.9987 → "99.87%"; null (no checks yet) → "—". */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  const pct = ratio * 100;
  return `${pct >= 99.995 ? '100' : pct.toFixed(2)}%`;
}

/** Seconds as the largest whole units, at most two: 3725 → [1 h, 2 min]; 45 → [45 s]. */
export function durationParts(seconds: number): { unit: 'd' | 'h' | 'min' | 's'; n: number }[] {
  const s = Math.max(0, Math.round(seconds));
  const units = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ] as const;
  const parts: { unit: 'd' | 'h' | 'min' | 's'; n: number }[] = [];
  let rest = s;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (unit === 's' && parts.length === 0)) parts.push({ unit, n });
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts;
}

/** A duration in the UI language: "1 小时 2 分钟" / "1 h 2 min". */
export function formatDuration(seconds: number, locale: string): string {
  const zh = locale === 'zh-CN';
  const names = zh ? { d: '天', h: '小时', min: '分钟', s: '秒' } : { d: 'd', h: 'h', min: 'min', s: 's' };
  return durationParts(seconds)
    .map((p) => `${p.n} ${names[p.unit]}`)
    .join(' ');
}

/** An interval in seconds as its shortest label: 60 → 1 min, 3600 → 1 h. */
export function intervalLabel(seconds: number, locale: string): string {
  return formatDuration(seconds, locale);
}
