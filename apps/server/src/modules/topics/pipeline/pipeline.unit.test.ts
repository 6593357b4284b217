import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bcubed, evaluate } from './eval/evaluate.ts';
import { generateLabelledStream } from './eval/labelled-stream.ts';
import { EVENTS } from './eval/templates.ts';
import { createTopicPipeline, defaultPipelineOptions } from './pipeline.ts';
import { DEMO_PLACES } from './regions.ts';

const options = { ...defaultPipelineOptions(), places: DEMO_PLACES };

describe('bcubed', () => {
  it('scores a perfect clustering 1/1 and known imperfect ones exactly', () => {
    const gold = ['a', 'a', 'b', 'b'];
    expect(bcubed(gold.map((label) => ({ cluster: label, label })))).toEqual({ precision: 1, recall: 1 });
    // Everything in one cluster: precision 1/2, recall 1.
    expect(bcubed(gold.map((label) => ({ cluster: 'x', label })))).toEqual({ precision: 0.5, recall: 1 });
    // Every item alone: precision 1, recall 1/2.
    expect(bcubed(gold.map((label, i) => ({ cluster: String(i), label })))).toEqual({
      precision: 1,
      recall: 0.5,
    });
  });
});

describe('topic pipeline on a labelled synthetic stream', () => {
  // Four days, two injected events (a water outage and a fraud wave), ~30,000 background items.
  const { items, events } = generateLabelledStream({
    seed: 11,
    hours: 24 * 7,
    backgroundPerHour: 180,
    events: EVENTS.slice(0, 2),
  });
  const pipeline = createTopicPipeline(options);
  const result = evaluate(items, events, options, pipeline);

  it('alerts on each injected event within 2 buckets of its start', () => {
    expect(result.detections).toHaveLength(2);
    for (const d of result.detections) {
      expect(d.delayBuckets).not.toBeNull();
      expect(d.delayBuckets ?? 99).toBeLessThanOrEqual(2);
    }
  });

  it('raises no false alert on the steady background', () => {
    expect(result.falseAlerts).toEqual([]);
  });

  it('clusters background issues with high precision', () => {
    expect(result.precision).toBeGreaterThan(0.85);
    expect(result.recall).toBeGreaterThan(0.4);
  });

  it('says in the alert why it fired, with keywords, a representative title and the tone trend', () => {
    const alert = result.detections[0]?.alert;
    expect(alert).toMatchObject({ kind: 'topic', region: '江川市/江川区/东湖街道' });
    expect(alert?.keywords).toEqual(expect.arrayContaining(['停水', '东湖街道']));
    expect(alert?.title).toMatch(/东湖/);
    expect(alert?.why.count).toBeGreaterThanOrEqual(options.topicBurst.minCount);
    expect(alert?.why.growth).toBeGreaterThanOrEqual(options.topicBurst.minGrowth);
    expect(alert?.why.sources.distinct).toBeGreaterThan(1);
    expect(alert?.tone.urgentShare).toBeGreaterThan(0.3);
    expect(pipeline.topics().length).toBeGreaterThan(20);
  });
});

describe('topic pipeline item by item', () => {
  const pipeline = createTopicPipeline(options);
  const t0 = Date.UTC(2026, 2, 2, 8);
  const viral = '紧急求助！东湖街道金桂苑附近主水管爆裂，整个片区停水了，自来水公司说抢修要到晚上';

  it('marks a repost as a near-duplicate in the same topic, with the region it names', () => {
    const first = pipeline.process({ id: 'a', time: t0, text: viral, source: 'intake', region: null }).result;
    const copy = pipeline.process({
      id: 'b',
      time: t0 + 1000,
      text: `转发：${viral}😭`,
      source: 'weibo',
      region: null,
    }).result;
    expect(first).toMatchObject({ newTopic: true, region: '江川市/江川区/东湖街道', duplicateOf: null });
    expect(first.urgency).toBeGreaterThanOrEqual(2);
    expect(copy).toMatchObject({ topic: first.topic, newTopic: false, duplicateOf: 'a' });
  });

  it('takes the region an item comes with over the one its text names', () => {
    const r = pipeline.process({
      id: 'c',
      time: t0 + 2000,
      text: '东湖街道停水',
      source: null,
      region: '龙泉镇',
    }).result;
    expect(r.region).toBe('江川市/白石县/龙泉镇');
  });

  it('gives a text without topic words no topic', () => {
    expect(
      pipeline.process({ id: 'd', time: t0 + 3000, text: '😭😭 123 ！！', source: null, region: null }).result
        .topic,
    ).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const { result } = pipeline.process({
          id: `f${n}`,
          time: t0 + 10_000 + n++,
          text,
          source: null,
          region: null,
        });
        expect(result.type).toBe('item');
      }),
      { numRuns: 500 },
    );
  });
});
