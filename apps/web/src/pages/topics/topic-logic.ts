// Pure helpers of the topic pages: colours, durations, chart options. Tested in topic-logic.test.ts.
import type { ChartOption } from '../../charts/EChart.tsx';

export const STATE_COLORS: Record<'rising' | 'active' | 'cooling' | 'cold', string> = {
  rising: 'red',
  active: 'orange',
  cooling: 'blue',
  cold: 'default',
};

export const RISK_COLORS: Record<'I' | 'II' | 'III' | 'IV', string> = {
  I: 'red',
  II: 'orange',
  III: 'gold',
  IV: 'blue',
};

/** Minutes as "45 min" / "3.5 h" in the caller's words. */
export function durationParts(minutes: number): { key: 'topics.minutes' | 'topics.hours'; n: number } {
  if (minutes < 120) return { key: 'topics.minutes', n: Math.round(minutes) };
  return { key: 'topics.hours', n: Math.round((minutes / 60) * 10) / 10 };
}

/** A bucket length in seconds as the board shows it ("10 s", "5 min", "1 h", "1 d"). */
export function bucketLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export interface Series {
  name: string;
  points: Array<{ at: string; count: number }>;
}

/**
 * Volume curves on one time axis. Missing buckets between a series' points are zero (a bucket without
 * items is a real zero, not a gap), so a burst reads as a spike rather than a ramp. The axis runs from two
 * buckets before the first point to now (or two after the last point when now is too far for 500 buckets).
 */
export function volumeOption(
  series: Series[],
  bucketSeconds: number,
  formatTime: (iso: string) => string,
  nowMs: number = Date.now(),
): ChartOption {
  const step = bucketSeconds * 1000;
  const all = series.flatMap((s) => s.points.map((p) => Date.parse(p.at)));
  const first = all.length > 0 ? Math.min(...all) : null;
  const last = all.length > 0 ? Math.max(...all) : null;
  let start = 0;
  let end = -1;
  if (first !== null && last !== null) {
    start = first - 2 * step;
    const nowBucket = Math.floor(nowMs / step) * step;
    end = Math.max(last, nowBucket);
    if ((end - start) / step > 500) end = last + 2 * step;
  }
  const dense = end >= start && (end - start) / step <= 500;
  const filled = series.map((s) => {
    const byTime = new Map(s.points.map((p) => [Date.parse(p.at), p.count]));
    const data: Array<[number, number]> = [];
    if (dense) for (let t = start; t <= end; t += step) data.push([t, byTime.get(t) ?? 0]);
    else for (const t of [...byTime.keys()].sort((a, b) => a - b)) data.push([t, byTime.get(t) ?? 0]);
    return { name: s.name, type: 'line', showSymbol: data.length < 60, smooth: false, data };
  });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => String(v) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => formatTime(new Date(v).toISOString()) } },
    yAxis: { type: 'value', minInterval: 1 },
    series: filled,
  };
}

export interface RegionCount {
  regionId: number;
  parentId: number | null;
  name: string;
  count: number;
}

interface TreeNode {
  name: string;
  value: number;
  children: TreeNode[];
  itemStyle?: { color: string };
  label?: { color?: string };
}

/** The jurisdiction's region tree with item counts, heavier regions in stronger red. */
export function regionTree(regions: RegionCount[]): TreeNode[] {
  const max = Math.max(1, ...regions.map((r) => r.count));
  const nodes = new Map<number, TreeNode>();
  for (const r of regions) {
    const share = r.count / max;
    const color = r.count === 0 ? '#d9d9d9' : `rgba(207, 19, 34, ${0.25 + 0.75 * share})`;
    nodes.set(r.regionId, {
      name: r.count > 0 ? `${r.name} ${r.count}` : r.name,
      value: r.count,
      children: [],
      itemStyle: { color },
    });
  }
  const roots: TreeNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.regionId);
    if (!node) continue;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function regionTreeOption(regions: RegionCount[]): ChartOption {
  const roots = regionTree(regions);
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string }) => p.name },
    series: [
      {
        type: 'tree',
        data: roots.length === 1 ? roots : [{ name: '', value: 0, children: roots }],
        orient: 'TB',
        top: 24,
        bottom: 48,
        left: 24,
        right: 24,
        symbolSize: 12,
        initialTreeDepth: 3,
        expandAndCollapse: true,
        label: { position: 'top', fontSize: 12 },
        leaves: { label: { position: 'bottom', rotate: 0 } },
      },
    ],
  };
}

/** Horizontal bars of the top terms. */
export function termsOption(terms: Array<{ term: string; weight: number }>): ChartOption {
  const top = terms.slice(0, 15).reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 90, right: 16, top: 8, bottom: 24 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: top.map((t) => t.term) },
    series: [{ type: 'bar', data: top.map((t) => t.weight), itemStyle: { color: '#cf1322' } }],
  };
}
