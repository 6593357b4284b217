import { describe, expect, it } from 'vitest';
import { detectionTimeOf, EVENT_TIME_MAX_AHEAD_MS, EVENT_TIME_MAX_BEHIND_MS } from './event-time.ts';

// Detection windows run on the event's own time, bounded against its receipt (sender clock skew).

const RECEIVED = Date.parse('2026-11-22T08:00:00.000Z');
const eventAt = (timestamp: string, receivedAt = new Date(RECEIVED).toISOString()) => ({
  '@timestamp': timestamp,
  shouwang: { sourceId: 1, unitId: 1, assetId: null, receivedAt },
});
const at = (ms: number) => new Date(ms).toISOString();

describe('detection time of an event', () => {
  it('is the event’s own time when it is plausible against its receipt', () => {
    expect(detectionTimeOf(eventAt(at(RECEIVED - 3_600_000)))).toBe(RECEIVED - 3_600_000);
    expect(detectionTimeOf(eventAt(at(RECEIVED + EVENT_TIME_MAX_AHEAD_MS)))).toBe(
      RECEIVED + EVENT_TIME_MAX_AHEAD_MS,
    );
    expect(detectionTimeOf(eventAt(at(RECEIVED - EVENT_TIME_MAX_BEHIND_MS)))).toBe(
      RECEIVED - EVENT_TIME_MAX_BEHIND_MS,
    );
    // Any ISO 8601 form the parsers may leave.
    expect(detectionTimeOf(eventAt('2026-11-22T15:30:00+08:00'))).toBe(Date.parse('2026-11-22T07:30:00Z'));
  });

  it('is the receipt time when the event claims a time after receipt or long before it', () => {
    expect(detectionTimeOf(eventAt(at(RECEIVED + EVENT_TIME_MAX_AHEAD_MS + 1)))).toBe(RECEIVED);
    expect(detectionTimeOf(eventAt('2099-01-01T00:00:00.000Z'))).toBe(RECEIVED);
    expect(detectionTimeOf(eventAt(at(RECEIVED - EVENT_TIME_MAX_BEHIND_MS - 1)))).toBe(RECEIVED);
    expect(detectionTimeOf(eventAt('1970-01-01T00:00:00.000Z'))).toBe(RECEIVED);
    expect(detectionTimeOf(eventAt('not a time'))).toBe(RECEIVED);
  });

  it('falls back to the event time, then to the caller’s time, when the receipt is unknown', () => {
    expect(detectionTimeOf(eventAt('2026-11-22T07:00:00.000Z', ''))).toBe(Date.parse('2026-11-22T07:00:00Z'));
    expect(detectionTimeOf(eventAt('', ''), 42)).toBe(42);
  });
});
