// An office's settings of the topic pipeline: bucket size, burst sensitivity, when a topic counts as
// cooling or cold, its own dictionary words. Stored with the pipeline state (topic_pipeline.settings).
import { defaultPipelineOptions, type PipelineOptions } from './pipeline/pipeline.ts';
import { cleanDictionaryWords } from './pipeline/segment.ts';

export interface TopicSettings {
  /** Length of a time bucket in seconds (10 s – 1 day; an hour is right for most offices). */
  bucketSeconds: number;
  /** Minimum surprise of a burst, as -log10 of its Poisson probability. */
  sensitivity: number;
  /** Minimum items of a topic in one bucket before it may alert. */
  minCount: number;
  /** Minimum ratio of a bucket's count to the topic's usual count. */
  minGrowth: number;
  /** Buckets after the first item during which nothing alerts (baselines form). */
  warmupBuckets: number;
  /** A topic whose last complete bucket is below this share of its peak is cooling (0.05–0.95). */
  coolingShare: number;
  /** A topic without items for this many buckets is cold. */
  coldBuckets: number;
  /** The office's own dictionary words for the segmenter. */
  words: string[];
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = {
  bucketSeconds: 3600,
  sensitivity: 6,
  minCount: 12,
  minGrowth: 3,
  warmupBuckets: 24,
  coolingShare: 0.5,
  coldBuckets: 24,
  words: [],
};

export const SETTING_LIMITS = {
  bucketSeconds: [10, 86_400],
  sensitivity: [2, 20],
  minCount: [3, 10_000],
  minGrowth: [1, 100],
  warmupBuckets: [0, 1000],
  coolingShare: [0.05, 0.95],
  coldBuckets: [1, 1000],
} as const;

/** Settings read from storage: unknown keys dropped, missing or out-of-range values defaulted. */
export function readSettings(json: string | null | undefined): TopicSettings {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = json ? JSON.parse(json) : {};
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const out: TopicSettings = { ...DEFAULT_TOPIC_SETTINGS, words: [] };
  for (const [key, [min, max]] of Object.entries(SETTING_LIMITS) as Array<
    [keyof typeof SETTING_LIMITS, readonly [number, number]]
  >) {
    const v = raw[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) out[key] = v;
  }
  if (Array.isArray(raw.words))
    out.words = cleanDictionaryWords(raw.words.filter((w) => typeof w === 'string'));
  return out;
}

/** Whether a change of settings needs a fresh pipeline (the bucket or the dictionary changed). */
export function needsFreshPipeline(before: TopicSettings, after: TopicSettings): boolean {
  return before.bucketSeconds !== after.bucketSeconds || before.words.join('\n') !== after.words.join('\n');
}

/** Pipeline options for stored use: the offline defaults with the office's settings applied. */
export function pipelineOptions(settings: TopicSettings, places: readonly string[]): PipelineOptions {
  const base = defaultPipelineOptions();
  const topicBurst = {
    ...base.topicBurst,
    sensitivity: settings.sensitivity,
    minCount: settings.minCount,
    minGrowth: settings.minGrowth,
    warmupBuckets: settings.warmupBuckets,
  };
  return {
    ...base,
    bucketMs: settings.bucketSeconds * 1000,
    topicBurst,
    regionBurst: {
      ...topicBurst,
      minCount: Math.ceil(settings.minCount * 1.5),
      minGrowth: Math.max(1, settings.minGrowth - 1),
    },
    // Bounds the persisted state: near-duplicates are looked up among the last 5,000 items.
    lshCapacity: 5000,
    places,
    words: settings.words,
  };
}
