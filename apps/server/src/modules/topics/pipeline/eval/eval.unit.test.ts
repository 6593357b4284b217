import { describe, expect, it } from 'vitest';
import { createSegmenter } from '../segment.ts';
import { generateLabelledStream } from './labelled-stream.ts';
import { SEGMENTATION_SAMPLE } from './segmentation-sample.ts';
import { scoreSegmentation } from './segmentation-score.ts';
import { EVENTS } from './templates.ts';

describe('labelled stream', () => {
  it('is the same for the same seed and holds every injected event with its reposts', () => {
    const a = generateLabelledStream({ seed: 5, hours: 24 * 13, backgroundPerHour: 20 });
    const b = generateLabelledStream({ seed: 5, hours: 24 * 13, backgroundPerHour: 20 });
    expect(a.items).toEqual(b.items);
    expect(a.events.map((e) => e.key)).toEqual(EVENTS.map((e) => e.key));
    for (const event of a.events) {
      expect(a.items.filter((i) => i.label === event.label)).toHaveLength(event.count);
      expect(event.count).toBeGreaterThanOrEqual(51);
    }
    expect(a.items.every((item, i) => i === 0 || (a.items[i - 1]?.time ?? 0) <= item.time)).toBe(true);
  });
});

describe('segmentation score', () => {
  it('is 1 for a segmenter that reproduces the gold words and lower for one that does not', () => {
    const gold = ['东湖街道 停水 了 ， 什么 时候 恢复'];
    const perfect = {
      cut: (text: string) => (text === '东湖街道停水了，什么时候恢复' ? (gold[0]?.split(' ') ?? []) : []),
      terms: () => [],
    };
    expect(scoreSegmentation(perfect, gold).f1).toBe(1);
    const chars = { cut: (text: string) => [...text], terms: () => [] };
    const score = scoreSegmentation(chars, gold);
    // Single characters match only the one-character gold words 了 (punctuation is ignored).
    expect(score.recall).toBeCloseTo(1 / 6, 5);
  });

  it('scores jieba with the domain dictionary above jieba alone on the repository sample', () => {
    const domain = scoreSegmentation(
      createSegmenter({ words: ['东湖街道', '青山镇', '河口镇', '龙泉镇', '白石县'] }),
      SEGMENTATION_SAMPLE,
    );
    const plain = scoreSegmentation(createSegmenter({ withoutDomainWords: true }), SEGMENTATION_SAMPLE);
    expect(domain.f1).toBeGreaterThan(plain.f1);
    expect(domain.f1).toBeGreaterThan(0.8);
  });
});
