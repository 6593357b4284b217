import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';

export interface SchedulerLimits {
  /** Runs in flight at once across all workers (claims whose lease has not run out). */
  maxConcurrent: number;
  /** Runs in flight at once against one host, so a server hosting many sites is not hammered. */
  perHost: number;
  /** How long a claimed run may take before the monitor may be claimed again. */
  leaseSeconds: number;
  /** Monitors looked at per tick. */
  batch: number;
}

export const DEFAULT_SCHEDULER_LIMITS: SchedulerLimits = {
  maxConcurrent: 64,
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
