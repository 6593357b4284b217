import { describe, expect, it } from 'vitest';
import { isHistory } from './topics-engine.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const now = Date.UTC(2026, 10, 21, 12, 30);

describe('what counts as history', () => {
  it('keeps items a job run behind the stream live, even with ten-second buckets', () => {
    const reached = Math.floor(now / 10_000);
    expect(isHistory(now - 15_000, reached, 10_000, now)).toBe(false);
    expect(isHistory(now - 9 * MIN, reached, 10_000, now)).toBe(false);
    expect(isHistory(now - 11 * MIN, reached, 10_000, now)).toBe(true);
  });

  it('keeps a worker’s backlog live while it is in stream order, and an old archive out', () => {
    // The stream stopped an hour ago (a worker was down); the next item is from then.
    const reached = Math.floor((now - HOUR) / HOUR);
    expect(isHistory(now - HOUR + MIN, reached, HOUR, now)).toBe(false);
    // Last week's export, imported now.
    expect(isHistory(now - 7 * 24 * HOUR, reached, HOUR, now)).toBe(true);
    // Yesterday's items arriving after today's: behind the stream by more than a bucket.
    expect(isHistory(now - 20 * HOUR, Math.floor(now / HOUR), HOUR, now)).toBe(true);
    // A fresh pipeline takes recent items live.
    expect(isHistory(now - 2 * HOUR, null, HOUR, now)).toBe(false);
  });
});
