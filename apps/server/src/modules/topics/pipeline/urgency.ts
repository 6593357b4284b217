// Urgency and tone: a small, explainable lexicon signal per item, summed per topic and bucket into a
// trend (the share of urgent items). It describes situations (停水, 受伤, 诈骗), never persons, and is
// shown to analysts as a trend only.
import { NEGATIVE_WORDS, URGENCY_WORDS } from './lexicon.ts';

export interface ItemTone {
  /** Sum of the weights of urgency words present (each word counted once), capped at 5. */
  urgency: number;
  /** The urgency words found, for the explanation. */
  urgencyWords: string[];
  /** Whether a complaint or distress word is present. */
  negative: boolean;
}

/** An item counts as urgent at this urgency score. */
export const URGENT_AT = 2;
const MAX_URGENCY = 5;

/** Scores a normalised text against the urgency and negative-tone lexicons. */
export function scoreTone(text: string): ItemTone {
  let urgency = 0;
  const urgencyWords: string[] = [];
  for (const [word, weight] of URGENCY_WORDS) {
    if (text.includes(word)) {
      urgency += weight;
      urgencyWords.push(word);
    }
  }
  return {
    urgency: Math.min(MAX_URGENCY, urgency),
    urgencyWords,
    negative: NEGATIVE_WORDS.some((w) => text.includes(w)),
  };
}

/** Per-bucket tone tallies of one series, with the previous bucket kept for the trend. */
export interface ToneTrend {
  bucket: number;
  count: number;
  urgent: number;
  negative: number;
  previous: { count: number; urgent: number; negative: number } | null;
}

export function emptyTrend(bucket: number): ToneTrend {
  return { bucket, count: 0, urgent: 0, negative: 0, previous: null };
}

/** Adds an item's tone to a trend, starting a new bucket when the item's bucket is later. */
export function addTone(trend: ToneTrend, bucket: number, tone: ItemTone): void {
  if (bucket > trend.bucket) {
    trend.previous =
      bucket === trend.bucket + 1
        ? { count: trend.count, urgent: trend.urgent, negative: trend.negative }
        : { count: 0, urgent: 0, negative: 0 };
    trend.bucket = bucket;
    trend.count = 0;
    trend.urgent = 0;
    trend.negative = 0;
  }
  trend.count++;
  if (tone.urgency >= URGENT_AT) trend.urgent++;
  if (tone.negative) trend.negative++;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) / 100 : 0);

/** The trend as reported in an alert: shares of urgent and negative items now and in the bucket before. */
export function describeTrend(trend: ToneTrend) {
  const prev = trend.previous;
  const urgentShare = share(trend.urgent, trend.count);
  const previousUrgentShare = prev ? share(prev.urgent, prev.count) : 0;
  const delta = urgentShare - previousUrgentShare;
  return {
    urgentShare,
    previousUrgentShare,
    negativeShare: share(trend.negative, trend.count),
    trend: delta > 0.1 ? 'rising' : delta < -0.1 ? 'falling' : 'steady',
  } as const;
}
