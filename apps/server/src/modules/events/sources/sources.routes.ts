import { type App, actorOf } from '../../../platform/http/app.ts';
import { Paged, paging } from '../../../platform/http/schemas.ts';
import {
  CreateSourceBody,
  SourceIdParams,
  SourceListQuery,
  SourceView,
  SourceWithSecret,
  UnregisteredList,
  UpdateSourceBody,
} from './sources.schemas.ts';
import type { SourcesService } from './sources.service.ts';

const read = { access: { kind: 'user', scope: 'events:read' } } as const;
const write = { access: { kind: 'user', scope: 'events:write' } } as const;
const tags = ['events'];

/** The event source registry with live counters, and the senders that match no source. */
export async function sourcesRoutes(app: App, sources: SourcesService): Promise<void> {
  app.get(
    '/api/v1/events/sources',
    {
      config: read,
      schema: {
        tags,
        summary: 'Event sources in the caller’s jurisdiction, with counters of the last hour',
        querystring: SourceListQuery,
        response: { 200: Paged(SourceView) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { page: _page, pageSize: _size, order: _order, ...filter } = req.query;
      const { items, total } = await sources.list(actorOf(req), filter, { limit: p.limit, offset: p.offset });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.post(
    '/api/v1/events/sources',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register an event source (an HTTP source gets its API token, shown once)',
        body: CreateSourceBody,
        response: { 201: SourceWithSecret },
      },
    },
    async (req, reply) => reply.status(201).send(await sources.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/events/sources/:id',
    { config: read, schema: { tags, params: SourceIdParams, response: { 200: SourceView } } },
    async (req) => sources.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/events/sources/:id',
    {
      config: write,
      schema: { tags, params: SourceIdParams, body: UpdateSourceBody, response: { 200: SourceWithSecret } },
    },
    async (req) => sources.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/events/sources/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a source with its counters and stored events',
        params: SourceIdParams,
      },
    },
    async (req, reply) => {
      await sources.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/events/sources/:id/token',
    {
      config: write,
      schema: {
        tags,
        summary: 'Issue a new API token for an HTTP source (the old one is revoked); shown once',
        params: SourceIdParams,
        response: { 200: SourceWithSecret },
      },
    },
    async (req) => sources.rotateToken(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/events/unregistered',
    {
      config: read,
      schema: {
        tags,
        summary: 'Syslog senders that match no registered source (their events are dropped and counted)',
        response: { 200: UnregisteredList },
      },
    },
    async (req) => sources.unregistered(actorOf(req)),
  );
}
