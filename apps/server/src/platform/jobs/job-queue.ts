import type { Config } from '../../config/config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createPgBossJobQueue } from './pg-boss-job-queue.ts';
import { createSqliteJobQueue } from './sqlite-job-queue.ts';

export interface SendOptions {
  /** Run no earlier than this time (a Date) or this many seconds from now (a number). */
  startAfter?: Date | number;
  /** While a job with this key is queued under the same name, further sends are dropped (send returns null). */
  singletonKey?: string;
  /** Retries after the first failure before the job is marked failed. */
  retryLimit?: number;
}

export interface WorkOptions {
  /** Jobs of this name this process runs at once. */
  concurrency?: number;
}

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
  /** 1 for the first attempt. */
  attempt: number;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export type JobState = 'queued' | 'active' | 'completed' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  lastError: string | null;
}

/**
 * The one job queue port. SQLite runs an in-process queue over the `jobs` table; PostgreSQL runs pg-boss.
 * Handlers must be idempotent: a job is delivered at least once (a worker that dies mid-job is retried).
 */
export interface JobQueue {
  /** Enqueues a job; returns its id, or null when a queued job with the same singletonKey exists. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Registers a handler; jobs are fetched once the queue is started. */
  work<T extends object>(name: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Sends `data` to `name` on a cron expression (5 fields, or 6 with seconds), in UTC. */
  schedule(name: string, cron: string, data?: object): Promise<void>;
  /** State of one job, e.g. to show a failed job. */
  getJob(name: string, id: string): Promise<JobInfo | null>;
  start(): Promise<void>;
  /** Stops fetching, waits for running handlers (up to a grace period) and releases connections. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  /** pg-boss's own schema on PostgreSQL (default 'pgboss'). */
  pgBossSchema?: string;
  /** Whether this process fires schedules (the 'scheduler' role). Default true. */
  runSchedules?: boolean;
  /** Base delay before a retry; doubles on each attempt (default 30 s). */
  retryDelaySeconds?: number;
  /** How long a running job is locked to its worker before another may take it (default 15 min). */
  lockSeconds?: number;
  /** How often idle workers look for due jobs (default 2 s; a send in this process wakes them at once). */
  pollSeconds?: number;
  /** Where queue errors go (default console.error). */
  onError?: (err: unknown) => void;
}

export const DEFAULT_RETRY_LIMIT = 3;

/** Picks the queue for the database's dialect. */
export function createJobQueue(
  config: Config,
  database: DatabaseHandle,
  options: JobQueueOptions = {},
): JobQueue {
  if (database.dialect === 'postgres') {
    if (!config.databaseUrl) throw new Error('PostgreSQL job queue needs DATABASE_URL');
    return createPgBossJobQueue(config.databaseUrl, database.db, {
      pgBossSchema: config.jobsSchema,
      ...options,
    });
  }
  return createSqliteJobQueue(database.db, options);
}

/** Validates a job name (pg-boss allows letters, digits, '-', '_', '.', '/'); same rule on both dialects. */
export function assertJobName(name: string): void {
  if (!/^[A-Za-z0-9_.\-/]{1,100}$/.test(name)) throw new Error(`Invalid job name: "${name}"`);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
