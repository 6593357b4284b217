import type { Config } from './config/config.ts';
import { createHttpApp } from './http-server.ts';
import { migrateToLatest, openDatabase } from './platform/db/database.ts';
import { createServices } from './services.ts';

export interface StartOptions {
  demo: boolean;
}

/** Starts the roles this process runs (api, worker, scheduler) over one database. */
export async function startServer(config: Config, options: StartOptions): Promise<void> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  await migrateToLatest(database.db);
  const services = createServices(config, database);
  const stops: Array<() => Promise<void>> = [];

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
  void options;
}
