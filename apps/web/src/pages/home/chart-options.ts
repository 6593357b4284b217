import type { Translate } from '../../i18n/catalogs.ts';

export interface StatsForCharts {
  byKind: Record<string, number>;
  byMlps: Record<string, number>;
  byRegion: { regionId: number; regionName: string; count: number }[];
}

const MLPS_ORDER = ['1', '2', '3', '4', '5', 'none'] as const;

/** Pie of assets by kind, with labels in the UI language. */
export function kindPieOption(stats: StatsForCharts, kindLabel: (kind: string) => string) {
  const data = Object.entries(stats.byKind).map(([kind, value]) => ({ name: kindLabel(kind), value }));
  const counts = new Map(data.map((d) => [d.name, d.value]));
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // Counts sit in the legend: slice labels collide on narrow cards and with long names.
    legend: { bottom: 0, formatter: (name: string) => `${name}  ${counts.get(name) ?? 0}` },
    series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '44%'], label: { show: false }, data }],
  };
}

/** Bar of assets by MLPS level, levels 1–5 then "not graded". */
export function mlpsBarOption(stats: StatsForCharts, t: Translate) {
  const names = MLPS_ORDER.map((level) =>
    level === 'none' ? t('home.mlpsNone') : t('home.mlpsLevel', { level }),
  );
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('home.count'),
        data: MLPS_ORDER.map((l) => stats.byMlps[l] ?? 0),
        barMaxWidth: 36,
      },
    ],
  };
}

/** Horizontal bar of assets by region, largest first (readable on phones, many regions fit). */
export function regionBarOption(stats: StatsForCharts, t: Translate) {
  const rows = [...stats.byRegion].sort((a, b) => a.count - b.count);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.regionName) },
    series: [{ type: 'bar', name: t('home.count'), data: rows.map((r) => r.count), barMaxWidth: 24 }],
  };
}
