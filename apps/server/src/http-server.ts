import type { App } from './platform/http/app.ts';
import { buildApp } from './platform/http/app.ts';
import { registerRoutes } from './routes.ts';
import type { Services } from './services.ts';

/** The Fastify app over a set of services (used by `serve` and by the HTTP tests through app.inject). */
export function createHttpApp(services: Services, logger?: boolean | object): Promise<App> {
  return buildApp({
    config: services.config,
    authenticator: services.authenticator,
    registerRoutes: (app) => registerRoutes(app, services),
    logger,
  });
}
