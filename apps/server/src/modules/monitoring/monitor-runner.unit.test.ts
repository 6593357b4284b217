import { describe, expect, it } from 'vitest';
import { onCpuTurn } from './monitor-runner.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // burn CPU like an analysis
  }
};

describe('onCpuTurn', () => {
  it('runs work one at a time, in order, letting the event loop turn between two', async () => {
    const order: string[] = [];
    const works = [1, 2, 3, 4].map((n) =>
      onCpuTurn(() => {
        order.push(`work ${n}`);
        busy(20);
        return n;
      }),
    );
    // A timer due at once stands for an API request arriving while the works are queued.
    setTimeout(() => order.push('timer'), 0);
    expect(await Promise.all(works)).toEqual([1, 2, 3, 4]);
    expect(order.filter((o) => o.startsWith('work'))).toEqual(['work 1', 'work 2', 'work 3', 'work 4']);
    // The timer ran before the last work, not after all four.
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('work 4'));
  });

  it('a failing work passes its error on and does not block the next', async () => {
    await expect(
      onCpuTurn(() => {
        throw new Error('bad page');
      }),
    ).rejects.toThrow('bad page');
    expect(await onCpuTurn(() => 'next')).toBe('next');
  });
});
