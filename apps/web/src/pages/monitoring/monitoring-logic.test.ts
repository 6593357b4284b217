import { describe, expect, it } from 'vitest';
import { durationParts, formatDuration, formatUptime, groupByUnit } from './monitoring-logic.ts';
import type { MonitoredSite } from './monitoring-types.ts';

const site = (
  id: number,
  unitId: number,
  unitName: string,
  status: MonitoredSite['status'],
): MonitoredSite => ({
  monitorId: id,
  assetId: id,
  assetName: `site ${id}`,
  unitId,
  unitName,
  url: `http://127.0.0.1:${18_000 + id}/`,
  enabled: true,
  status,
  lastLatencyMs: 100,
  lastRunAt: null,
  uptime24h: 1,
  uptime7d: 1,
  openFindings: 0,
  intervalSeconds: 60,
  abilities: {},
});

describe('monitoring page logic', () => {
  it('groups sites by unit, units with a site down first, then by name', () => {
    const groups = groupByUnit([
      site(1, 10, '乙单位', 'up'),
      site(2, 20, '甲单位', 'up'),
      site(3, 30, '丙单位', 'down'),
      site(4, 10, '乙单位', 'degraded'),
    ]);
    expect(groups.map((g) => g.unitId)).toEqual([30, 20, 10]);
    expect(groups[2]?.sites.map((s) => s.monitorId)).toEqual([1, 4]);
    expect(groups[0]?.down).toBe(1);
  });

  it('groups 2,000 sites quickly', () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      site(i, i % 150, `单位${i % 150}`, i % 37 ? 'up' : 'down'),
    );
    const start = performance.now();
    const groups = groupByUnit(many);
    expect(performance.now() - start).toBeLessThan(50);
    expect(groups.reduce((n, g) => n + g.sites.length, 0)).toBe(2_000);
  });

  it('formats uptime and durations', () => {
    expect(formatUptime(null)).toBe('—');
    expect(formatUptime(1)).toBe('100%');
    expect(formatUptime(0.98765)).toBe('98.77%');
    expect(durationParts(0)).toEqual([{ unit: 's', n: 0 }]);
    expect(durationParts(3725)).toEqual([
      { unit: 'h', n: 1 },
      { unit: 'min', n: 2 },
    ]);
    expect(formatDuration(90_061, 'zh-CN')).toBe('1 天 1 小时');
    expect(formatDuration(125, 'en-US')).toBe('2 min 5 s');
  });
});
