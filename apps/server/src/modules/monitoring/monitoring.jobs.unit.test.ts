import { describe, expect, it } from 'vitest';
import { tickForAMinute } from './monitoring.jobs.ts';

describe('tickForAMinute', () => {
  it('ticks every 5 s within the minute of its job, the last one before the next job', async () => {
    let clock = 1_000_000;
    const at: number[] = [];
    const ticks = await tickForAMinute(
      async () => {
        at.push(clock - 1_000_000);
        clock += 300; // a tick takes a moment
      },
      {
        now: () => clock,
        wait: async (ms) => {
          clock += ms;
        },
      },
    );
    expect(ticks).toBe(12);
    expect(at).toEqual(Array.from({ length: 12 }, (_, i) => i * 5_000));
  });

  it('after a slow tick, goes on at the next 5 s slot rather than bunching the missed ones', async () => {
    let clock = 0;
    const at: number[] = [];
    await tickForAMinute(
      async () => {
        at.push(clock);
        clock += at.length === 2 ? 12_000 : 100;
      },
      {
        now: () => clock,
        wait: async (ms) => {
          clock += ms;
        },
      },
    );
    // The second tick took 12 s (until 17 s): the third is at 20 s, on the grid.
    expect(at.slice(0, 4)).toEqual([0, 5_000, 20_000, 25_000]);
    expect(Math.max(...at)).toBeLessThanOrEqual(57_500);
  });
});
