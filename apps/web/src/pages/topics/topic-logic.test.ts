import { describe, expect, it } from 'vitest';
import { bucketLabel, durationParts, regionTree, volumeOption } from './topic-logic.ts';

describe('topic page helpers', () => {
  it('fills empty buckets with zeros so a burst is a spike', () => {
    const option = volumeOption(
      [
        {
          name: 'a',
          points: [
            { at: '2026-11-21T10:00:00.000Z', count: 2 },
            { at: '2026-11-21T10:03:00.000Z', count: 9 },
          ],
        },
      ],
      60,
      (iso) => iso,
      Date.parse('2026-11-21T10:05:30.000Z'),
    ) as { series: Array<{ data: Array<[number, number]> }> };
    // Two empty buckets before, the burst, and zeros up to now.
    expect(option.series[0]?.data.map((d) => d[1])).toEqual([0, 0, 2, 0, 0, 9, 0, 0]);
  });

  it('nests regions with their counts and roots where the parent is outside the list', () => {
    const roots = regionTree([
      { regionId: 2, parentId: 1, name: '江川区', count: 5 },
      { regionId: 3, parentId: 2, name: '东湖街道', count: 5 },
      { regionId: 4, parentId: 2, name: '望江街道', count: 0 },
    ]);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.name).toBe('江川区 5');
    expect(roots[0]?.children.map((c) => c.name)).toEqual(['东湖街道 5', '望江街道']);
  });

  it('words durations and buckets', () => {
    expect(durationParts(45)).toEqual({ key: 'topics.minutes', n: 45 });
    expect(durationParts(210)).toEqual({ key: 'topics.hours', n: 3.5 });
    expect(bucketLabel(3600)).toBe('1 h');
    expect(bucketLabel(10)).toBe('10 s');
  });
});
