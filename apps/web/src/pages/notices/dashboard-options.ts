import { SEVERITIES } from '@shouwang/common';
import type { Translate } from '../../i18n/catalogs.ts';

/** The severity colours as ECharts paints them (the antd tag palette's solid tones). */
export const SEVERITY_HEX: Record<string, string> = {
  I: '#cf1322',
  II: '#fa8c16',
  III: '#fadb14',
  IV: '#1677ff',
};

export interface DashboardForCharts {
  bySeverity: Record<string, number>;
  byUnit: { unitId: number; unitName: string; open: number; overdue: number }[];
  trend: { date: string; opened: number; closed: number }[];
}

/** Open notices per severity, each bar in its warning colour. */
export function severityBarOption(d: DashboardForCharts, severityLabel: (s: string) => string, t: Translate) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: {
      type: 'category',
      data: SEVERITIES.map(severityLabel),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('noticeDash.open'),
        barMaxWidth: 40,
        data: SEVERITIES.map((s) => ({ value: d.bySeverity[s] ?? 0, itemStyle: { color: SEVERITY_HEX[s] } })),
      },
    ],
  };
}

/** Units with the most open notices (at most `limit`), open and overdue side by side, largest on top. */
export function unitBarOption(d: DashboardForCharts, t: Translate, limit = 10) {
  const rows = [...d.byUnit]
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open)
    .slice(0, limit)
    .reverse();
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: {
      left: 8,
      right: 24,
      top: 8,
      bottom: 32,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.unitName),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: t('noticeDash.open'),
        data: rows.map((r) => r.open),
        barMaxWidth: 16,
        itemStyle: { color: '#1668dc' },
      },
      {
        type: 'bar',
        name: t('noticeDash.overdue'),
        data: rows.map((r) => r.overdue),
        barMaxWidth: 16,
        itemStyle: { color: '#cf1322' },
      },
    ],
  };
}

/** Notices issued and closed per day of the period (days as the server buckets them, China time). */
export function trendOption(d: DashboardForCharts, t: Translate) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: d.trend.map((p) => p.date.slice(5)), axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('noticeDash.opened'),
        data: d.trend.map((p) => p.opened),
        itemStyle: { color: '#fa8c16' },
      },
      {
        type: 'bar',
        name: t('noticeDash.closed'),
        data: d.trend.map((p) => p.closed),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}
