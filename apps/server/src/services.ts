import type { Config } from './config/config.ts';
import { createAuthenticator } from './modules/auth/authenticator.ts';
import { createSessions } from './modules/auth/session.ts';
import { createOrgService } from './modules/org/org.service.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { createJobQueue } from './platform/jobs/job-queue.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: builds every module's service over one database handle. Modules reach each
 * other only through what is passed in here.
 */
export function createServices(config: Config, database: DatabaseHandle, clock: Clock = systemClock) {
  const { db } = database;
  const sessions = createSessions(db, config, () => clock.now());
  const org = createOrgService(db);
  const authenticator = createAuthenticator(sessions, null);
  // Started by main.ts; services enqueue after their transaction commits.
  const jobs = createJobQueue(config, database, { runSchedules: config.roles.includes('scheduler') });
  return { config, database, clock, sessions, org, authenticator, jobs };
}

export type Services = ReturnType<typeof createServices>;
