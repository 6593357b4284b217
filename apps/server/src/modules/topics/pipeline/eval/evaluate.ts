// Runs the pipeline over a labelled stream and scores it: B-cubed precision/recall of the clustering,
// the delay from each injected event's start to its first alert, and false alerts on background.
import type { Alert, PipelineOptions, TopicPipeline } from '../pipeline.ts';
import { createTopicPipeline } from '../pipeline.ts';
import type { InjectedEvent, LabelledItem } from './labelled-stream.ts';

/** B-cubed precision and recall of a clustering against gold labels (items without a cluster are singletons). */
export function bcubed(pairs: ReadonlyArray<{ cluster: string; label: string }>): {
  precision: number;
  recall: number;
} {
  const joint = new Map<string, number>();
  const clusterSize = new Map<string, number>();
  const labelSize = new Map<string, number>();
  for (const { cluster, label } of pairs) {
    const key = `${cluster}\u0000${label}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    labelSize.set(label, (labelSize.get(label) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [key, n] of joint) {
    const [cluster = '', label = ''] = key.split('\u0000');
    precision += (n * n) / (clusterSize.get(cluster) ?? 1);
    recall += (n * n) / (labelSize.get(label) ?? 1);
  }
  const total = pairs.length || 1;
  return { precision: precision / total, recall: recall / total };
}

export interface EventDetection {
  key: string;
  /** Buckets from the event's start to the bucket of its first alert; null when it never fired. */
  delayBuckets: number | null;
  kind: Alert['kind'] | null;
  /** The first alert explained by the event. */
  alert: Alert | null;
}

export interface Evaluation {
  items: number;
  background: number;
  precision: number;
  recall: number;
  detections: EventDetection[];
  falseTopicAlerts: number;
  falseRegionAlerts: number;
  falseAlerts: Alert[];
  topics: number;
  /** Wall-clock time inside process(), summed over items. */
  elapsedMs: number;
  /** CPU time of the whole run (pipeline and scoring), for a figure a busy machine does not inflate. */
  cpuMs: number;
}

type Tally = { bucket: number; labels: Map<string, number> };

function tallyIn(map: Map<string, Tally>, key: string, bucket: number, label: string): void {
  let t = map.get(key);
  if (!t || t.bucket !== bucket) {
    t = { bucket, labels: new Map() };
    map.set(key, t);
  }
  t.labels.set(label, (t.labels.get(label) ?? 0) + 1);
}

/**
 * An alert is explained by an event when that event's items in the alerted series' bucket make up at
 * least half of the excess over the expected count; otherwise it is a false alert on background.
 */
function explainingEvent(tally: Tally | undefined, alert: Alert): string | null {
  if (!tally) return null;
  const excess = Math.max(1, alert.why.count - alert.why.expected);
  for (const [label, n] of tally.labels) if (label.startsWith('event:') && n >= excess / 2) return label;
  return null;
}

/** Runs a fresh pipeline over the stream (in time order) and scores it. */
export function evaluate(
  items: readonly LabelledItem[],
  events: readonly InjectedEvent[],
  options: PipelineOptions,
  pipeline: TopicPipeline = createTopicPipeline(options),
): Evaluation {
  const topicTally = new Map<string, Tally>();
  const regionTally = new Map<string, Tally>();
  const assigned: Array<number | null> = [];
  const first = new Map<string, { bucket: number; alert: Alert }>();
  const falseAlerts: Alert[] = [];
  let elapsedMs = 0;
  const cpuStart = process.cpuUsage();
  for (const item of items) {
    const started = performance.now();
    const { result, alerts } = pipeline.process(item);
    elapsedMs += performance.now() - started;
    assigned.push(result.topic);
    const bucket = Math.floor(item.time / options.bucketMs);
    if (result.topic !== null) tallyIn(topicTally, `t${result.topic}`, bucket, item.label);
    if (result.region) {
      const parts = result.region.split('/');
      for (let depth = 1; depth <= parts.length; depth++) {
        tallyIn(regionTally, parts.slice(0, depth).join('/'), bucket, item.label);
      }
    }
    for (const alert of alerts) {
      const tally =
        alert.kind === 'topic' ? topicTally.get(`t${alert.topic}`) : regionTally.get(alert.region ?? '');
      const label = explainingEvent(tally, alert);
      if (!label) {
        falseAlerts.push(alert);
        continue;
      }
      if (!first.has(label)) {
        first.set(label, { bucket: Math.floor(Date.parse(alert.time) / options.bucketMs), alert });
      }
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const { precision, recall } = bcubed(
    items.map((item, i) => {
      const topic = assigned[i];
      return {
        cluster: topic === null || topic === undefined ? `none:${item.id}` : `t${pipeline.resolve(topic)}`,
        label: item.label,
      };
    }),
  );
  const detections = events.map((event) => {
    const hit = first.get(event.label);
    return {
      key: event.key,
      delayBuckets: hit ? hit.bucket - Math.floor(event.start / options.bucketMs) : null,
      kind: hit?.alert.kind ?? null,
      alert: hit?.alert ?? null,
    };
  });
  return {
    items: items.length,
    background: items.filter((i) => i.label.startsWith('bg:')).length,
    precision,
    recall,
    detections,
    falseTopicAlerts: falseAlerts.filter((a) => a.kind === 'topic').length,
    falseRegionAlerts: falseAlerts.filter((a) => a.kind === 'region').length,
    falseAlerts,
    topics: new Set(assigned.filter((t) => t !== null).map((t) => pipeline.resolve(t))).size,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
