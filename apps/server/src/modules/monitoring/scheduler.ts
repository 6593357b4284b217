import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';

export interface SchedulerLimits {
  /**
   * Claims outstanding at once across all workers (claimed, queued or running, lease not run out). How
   * many run at the same moment is the workers' job concurrency; this bounds the backlog a slow or stopped
   * worker can hold, so monitors it cannot reach stay due for others.
   */
  maxConcurrent: number;
  /** Runs in flight at once against one host, so a server hosting many sites is not hammered. */
  perHost: number;
  /** How long a claimed run may take before the monitor may be claimed again. */
  leaseSeconds: number;
  /** Monitors looked at per tick. */
  batch: number;
}

/**
 * 2,000 sites at 60 s are ~170 runs per 5 s tick; 512 outstanding leaves room for a tick's worth of runs
 * behind a slow one without letting one worker hoard the fleet.
 */
export const DEFAULT_SCHEDULER_LIMITS: SchedulerLimits = {
  maxConcurrent: 512,
  perHost: 2,
  leaseSeconds: 300,
  batch: 500,
};

export interface Claim {
  monitorId: number;
  token: string;
}

/**
 * The next slot after a due one: the slot plus the interval, so runs stay where spreading put them;
 * a monitor that fell behind (workers down) skips the missed slots instead of running them all.
 */
export function nextSlot(dueAt: string, intervalSeconds: number, now: Date): string {
  const step = intervalSeconds * 1000;
  let next = Date.parse(dueAt) + step;
  if (next <= now.getTime()) next += Math.ceil((now.getTime() - next + 1) / step) * step;
  return new Date(next).toISOString();
}

/**
 * One scheduler tick: claims the due monitors with conditional updates (a slot is taken by exactly one
 * scheduler, however many run at once) within the global and per-host limits, and hands each claim to
 * `enqueue` (a 'monitoring.check' job in production).
 */
export async function tickMonitors(
  db: Db,
  now: Date,
  limits: SchedulerLimits,
  enqueue: (claim: Claim) => Promise<void>,
): Promise<Claim[]> {
  const nowIso = now.toISOString();
  const running = await state.runningByHost(db, nowIso);
  let inFlight = [...running.values()].reduce((a, b) => a + b, 0);
  if (inFlight >= limits.maxConcurrent) return [];
  const due = await state.findDue(db, nowIso, Math.min(limits.batch, limits.maxConcurrent - inFlight));
  const leaseUntil = new Date(now.getTime() + limits.leaseSeconds * 1000).toISOString();
  const claims: Claim[] = [];
  for (const m of due) {
    if (inFlight >= limits.maxConcurrent) break;
    const onHost = running.get(m.host) ?? 0;
    // This host is busy: the monitor stays due and is taken by a later tick.
    if (onHost >= limits.perHost || m.next_run_at === null) continue;
    const token = randomUUID();
    const next = nextSlot(m.next_run_at, m.interval_seconds, now);
    if (!(await state.claimSlot(db, m, nowIso, token, leaseUntil, next, limits.perHost))) continue;
    running.set(m.host, onHost + 1);
    inFlight++;
    const claim = { monitorId: m.id, token };
    claims.push(claim);
    await enqueue(claim);
  }
  return claims;
}
