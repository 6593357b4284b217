import type { SecurityEvent } from './event-schema.ts';

// The time detection windows run on (alert aggregation, Sigma correlations): the event's own @timestamp,
// unless it is implausible against the time the platform received it, in which case the receipt time is
// used. Both bounds are about the sender's clock, so they are measured from receipt, never from when the
// pipeline happens to process the record (a replay after an outage keeps the events' own times).

/** An event cannot happen after we receive it: a sender clock this far ahead is wrong (minutes of drift pass). */
export const EVENT_TIME_MAX_AHEAD_MS = 5 * 60_000;
/**
 * Late delivery is normal (a buffering forwarder, a log file read days later), but an event time this far
 * before receipt is a reset clock (1970, 2000) or a misread date, and would open windows nobody sees.
 */
export const EVENT_TIME_MAX_BEHIND_MS = 30 * 86_400_000;

/** Epoch ms of an event for detection windows: @timestamp within the bounds above, else its receipt time. */
export function detectionTimeOf(event: Pick<SecurityEvent, '@timestamp' | 'shouwang'>, fallback = 0): number {
  const received = Date.parse(event.shouwang.receivedAt);
  const own = Date.parse(event['@timestamp']);
  if (!Number.isFinite(received)) return Number.isFinite(own) ? own : fallback;
  if (!Number.isFinite(own)) return received;
  if (own > received + EVENT_TIME_MAX_AHEAD_MS || own < received - EVENT_TIME_MAX_BEHIND_MS) return received;
  return own;
}
