import { describe, expect, it } from 'vitest';
import { generateLabelledStream } from './eval/labelled-stream.ts';
import { EVENTS } from './eval/templates.ts';
import { createTopicPipeline, defaultPipelineOptions, type PipelineSnapshot } from './pipeline.ts';
import { DEMO_PLACES } from './regions.ts';

const options = { ...defaultPipelineOptions(), places: DEMO_PLACES, lshCapacity: 3000 };

describe('pipeline snapshot', () => {
  // Two days of background with an injected event in the second day; the cut falls before the event.
  const { items, events } = generateLabelledStream({
    seed: 5,
    hours: 24 * 4,
    backgroundPerHour: 120,
    events: EVENTS.slice(0, 1),
  });
  const eventStart = events[0]?.start ?? 0;
  // Cut an hour before the event starts, so the alert comes from the resumed pipeline.
  const cut = items.findIndex((item) => item.time >= eventStart - 3600_000);

  it('resumes after a JSON round trip exactly where an uninterrupted pipeline would be', () => {
    const whole = createTopicPipeline(options);
    const expected = items.map((item) => whole.process(item));

    const first = createTopicPipeline(options);
    const before = items.slice(0, cut).map((item) => first.process(item));
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as PipelineSnapshot;
    const resumed = createTopicPipeline(options, saved);
    const after = items.slice(cut).map((item) => resumed.process(item));

    const strip = (r: (typeof expected)[number]) => ({ result: r.result, alerts: r.alerts });
    expect([...before, ...after].map(strip)).toEqual(expected.map(strip));
    // The run did find something to compare: topics and at least one alert after the cut.
    expect(after.some((r) => r.alerts.length > 0)).toBe(true);
    expect(resumed.topics()).toEqual(whole.topics());
    // Three pipelines over four days of items: seconds on a busy machine.
  }, 60_000);

  it('starts topic ids above the ids an earlier pipeline handed out', () => {
    const fresh = createTopicPipeline(options);
    fresh.startTopicIdsAbove(500);
    const item = {
      id: 'x',
      time: Date.UTC(2026, 0, 1),
      text: '东湖街道停水三天了',
      source: null,
      region: null,
    };
    const { result } = fresh.process(item);
    expect(result.topic).toBe(501);
  });
});
