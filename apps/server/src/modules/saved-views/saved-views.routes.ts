import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { SavedView, SavedViewCreate, SavedViewListQuery } from './saved-views.schemas.ts';
import type { SavedViewsService } from './saved-views.service.ts';

// A view is the caller's own preference, not office data: any signed-in user, and API tokens reading notices.
const read = { access: { kind: 'user', scope: 'notices:read' } } as const;
const write = { access: { kind: 'user', scope: 'notices:read' } } as const;
const tags = ['saved-views'];

export async function savedViewsRoutes(app: App, views: SavedViewsService): Promise<void> {
  app.get(
    '/api/v1/saved-views',
    {
      config: read,
      schema: {
        tags,
        summary: 'The caller’s saved views (of one page)',
        querystring: SavedViewListQuery,
        response: { 200: Type.Array(SavedView) },
      },
    },
    async (req) => views.list(actorOf(req), req.query.page),
  );
  app.post(
    '/api/v1/saved-views',
    { config: write, schema: { tags, body: SavedViewCreate, response: { 201: SavedView } } },
    async (req, reply) => reply.status(201).send(await views.create(actorOf(req), req.body)),
  );
  app.delete(
    '/api/v1/saved-views/:id',
    { config: write, schema: { tags, summary: 'Delete one of the caller’s own views', params: IdParams } },
    async (req, reply) => {
      await views.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
