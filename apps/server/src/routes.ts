import { Type } from 'typebox';
import { orgRoutes } from './modules/org/org.routes.ts';
import type { App } from './platform/http/app.ts';
import type { Services } from './services.ts';

/** Mounts every module's routes. Each route declares its access rule (see the authorization matrix test). */
export async function registerRoutes(app: App, services: Services): Promise<void> {
  app.get(
    '/api/v1/health',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) },
      },
    },
    async () => ({ status: 'ok', database: services.database.dialect }),
  );
  await orgRoutes(app, services.org);
}
