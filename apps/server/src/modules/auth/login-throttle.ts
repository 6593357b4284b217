/** Counts failures per key in fixed windows, in memory (one API process; a restart forgets, by design). */
export interface ThrottleOptions {
  limit: number;
  windowMs: number;
}

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

export function createLoginThrottle(options: ThrottleOptions, now: () => Date) {
  const windows = new Map<string, { count: number; resetAt: number }>();

  function live(key: string, at: number) {
    const w = windows.get(key);
    if (!w || w.resetAt <= at) return null;
    return w;
  }

  function prune(at: number): void {
    // Bounded memory under a spray of distinct user names.
    if (windows.size < 10_000) return;
    for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
  }

  return {
    /** Whether every key is still under its limit; the longest wait when not. */
    check(keys: string[]): ThrottleVerdict {
      const at = now().getTime();
      let wait = 0;
      for (const key of keys) {
        const w = live(key, at);
        if (w && w.count >= options.limit) wait = Math.max(wait, w.resetAt - at);
      }
      return { allowed: wait === 0, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    fail(keys: string[]): void {
      const at = now().getTime();
      prune(at);
      for (const key of keys) {
        const w = live(key, at);
        if (w) w.count += 1;
        else windows.set(key, { count: 1, resetAt: at + options.windowMs });
      }
    },
    clear(keys: string[]): void {
      for (const key of keys) windows.delete(key);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
