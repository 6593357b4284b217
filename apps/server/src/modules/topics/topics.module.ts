import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { SafeFetchOptions } from '../monitoring/fetch/fetch-types.ts';
import { createFeedsService } from './feeds/feeds.service.ts';
import { createTopicImportService } from './import/import.service.ts';
import { createRiskService } from './risk/risk.service.ts';
import { kickTopics } from './topics.jobs.ts';
import { createTopicsService } from './topics.service.ts';
import { createTopicsEngine } from './topics-engine.ts';

/** Builds the topics module's services over one database; new items enqueue a pipeline run. */
export function createTopicsModule(deps: {
  db: Kysely<Database>;
  now: () => Date;
  jobs: JobQueue;
  fetchOptions?: SafeFetchOptions;
}) {
  const { db, now, jobs } = deps;
  const engine = createTopicsEngine(db, now);
  const onItems = () => kickTopics(jobs);
  return {
    engine,
    topics: createTopicsService({ db, now, engine }),
    feeds: createFeedsService({
      db,
      now,
      onItems,
      ...(deps.fetchOptions ? { fetchOptions: deps.fetchOptions } : {}),
    }),
    import: createTopicImportService({ db, now, onItems }),
    risk: createRiskService({ db, now }),
  };
}

export type TopicsModule = ReturnType<typeof createTopicsModule>;
