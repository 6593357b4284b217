import type { Config } from './config/config.ts';
import { createHttpApp } from './http-server.ts';
import {
  demoProcessConfig,
  demoSitesBanner,
  enableDemoMonitoring,
  startDemoWebsites,
} from './modules/demo/demo-runtime.ts';
import { runFirstStart } from './modules/demo/first-start.ts';
import { DEFAULT_DEMO_SITES_PORT } from './modules/demo/sites/demo-sites.ts';
import { registerIntelJobs } from './modules/events/intel/intel.jobs.ts';
import { registerMonitoringJobs } from './modules/monitoring/monitoring.jobs.ts';
import { registerNoticeSweepJobs } from './modules/notices/sweep/sweep.jobs.ts';
import { registerNotificationJobs } from './modules/notifications/notifications.jobs.ts';
import { seedDemoTopics } from './modules/topics/demo-topics.ts';
import { registerTopicsJobs } from './modules/topics/topics.jobs.ts';
import { migrateToLatest, openDatabase, optimizeDatabase } from './platform/db/database.ts';
import { systemActor } from './platform/http/actor.ts';
import { HOUSEKEEPING_CRON, HOUSEKEEPING_JOB, runHousekeeping } from './platform/jobs/housekeeping.ts';
import { createServices, type Services } from './services.ts';

export interface StartOptions {
  demo: boolean;
  /** With demo: the first port of the local demo websites (default 18100; 0 = any free port). */
  demoSitesPort?: number;
}

/** Registers job handlers (worker role) and schedules (scheduler role) of this process. */
async function registerJobs(services: Services): Promise<void> {
  const { config, jobs, database, clock } = services;
  if (config.roles.includes('worker')) {
    await jobs.work(HOUSEKEEPING_JOB, async () => {
      await runHousekeeping(database.db, clock.now(), config.sessionIdleMinutes);
      await optimizeDatabase(database.db);
    });
  }
  if (config.roles.includes('scheduler')) await jobs.schedule(HOUSEKEEPING_JOB, HOUSEKEEPING_CRON);
  await registerNoticeSweepJobs({
    db: database.db,
    jobs,
    sweep: services.noticeSweep,
    now: () => clock.now(),
    worker: config.roles.includes('worker'),
    scheduler: config.roles.includes('scheduler'),
  });
  await registerNotificationJobs(jobs, services.notifications, config.roles);
  await registerMonitoringJobs(jobs, services.monitoring, config.roles);
  await registerIntelJobs(jobs, services.intel, config.roles);
  await registerTopicsJobs(jobs, services.topics, config.roles);
}

/** Starts the roles this process runs (api, worker, scheduler) over one database. */
export async function startServer(givenConfig: Config, options: StartOptions): Promise<void> {
  // The demo monitors its local websites on loopback; only the demo process allows it.
  const config = options.demo ? demoProcessConfig(givenConfig) : givenConfig;
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    walCheckpointThread: true,
    onCheckpointFailure: (message) => console.error(`SQLite WAL checkpoint failed (will retry): ${message}`),
  });
  await migrateToLatest(database.db);
  await optimizeDatabase(database.db);
  const services = createServices(config, database);
  const stops: Array<() => Promise<void>> = [];

  if (config.roles.includes('api')) {
    const demoSites = options.demo
      ? await startDemoWebsites(config, options.demoSitesPort ?? DEFAULT_DEMO_SITES_PORT, (l) =>
          console.log(l),
        )
      : null;
    if (demoSites) {
      stops.push(() => demoSites.stop());
      console.log(demoSitesBanner(demoSites));
    }
    const first = await runFirstStart(database.db, {
      demo: options.demo,
      port: config.port,
      passwordMinLength: config.passwordMinLength,
      print: (text) => console.log(text),
      ...(demoSites ? { demoSiteUrls: demoSites.urlsByAsset } : {}),
    });
    if (first.demo) {
      const n = await enableDemoMonitoring(first.demo.siteAssetIds, services.monitoring, (l) =>
        console.log(l),
      );
      console.log(`Demo websites: monitoring switched on for ${n} demo sites, every 60 s`);
      // Two days of demo messages with a live burst for the topic board (issue 7); the pipeline job takes them.
      const topicItems = await seedDemoTopics(database.db, new Date());
      console.log(`Demo topics: ${topicItems} messages queued for the topic pipeline`);
    }
  }

  // Every role may enqueue (the api after commits); only worker and scheduler consume or fire.
  await registerJobs(services);
  // The rendering pass's Chromium (launched on the first render) goes down after the jobs have stopped
  // (stops run in reverse order).
  stops.push(() => services.monitoring.rendering.close());
  await services.jobs.start();
  stops.push(() => services.jobs.stop());
  if (config.roles.includes('worker') && services.monitoring.rendering.enabled) {
    console.log(`Website monitoring: rendering pass on (Chromium ${config.monitorRender.chromiumPath})`);
  }
  // The indicator matcher: loaded now, then reloaded whenever the indicators' version moves (an import
  // may run in another process's worker).
  await services.indicatorDetector.refresh();
  const stopIntelPoll = services.indicatorDetector.poll(15_000, (err) =>
    console.error('indicator reload', err),
  );
  stops.push(async () => stopIntelPoll());

  // Sigma rules (issue 5): the starter pack on first start, the detector compiled now and recompiled
  // whenever the rules' version moves; alerts flagged in ingest transactions become findings after commit.
  if (config.roles.includes('api')) await services.rules.ensureStarterPack(systemActor('/', 'events'));
  await services.sigmaDetector.refresh();
  const stopSigmaPoll = services.sigmaDetector.poll(15_000, (err) => console.error('sigma reload', err));
  stops.push(async () => stopSigmaPoll());
  if (config.roles.includes('api') || config.ingest.role) {
    const stopPump = services.alerts.startFindingsPump(5_000, (err) => console.error('alert findings', err));
    stops.push(async () => stopPump());
  }

  // Event ingest (issue 5): the pipeline drains this process's journal (HTTP bulk posts in the api role);
  // the ingest role also runs the syslog listeners and file tails.
  if (config.roles.includes('api') || config.ingest.role) {
    await services.ingest.start();
    stops.push(() => services.ingest.stop());
    if (config.ingest.role) {
      const p = services.ingest.ports();
      console.log(`Event ingest: syslog UDP ${p.udp ?? 'off'}, TCP ${p.tcp ?? 'off'}, TLS ${p.tls ?? 'off'}`);
    }
  }

  if (config.roles.includes('api')) {
    const app = await createHttpApp(services);
    await app.listen({ host: config.host, port: config.port });
    stops.push(() => app.close());
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down…`);
    for (const stop of stops.reverse()) await stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
