import { type App, actorOf } from '../../../platform/http/app.ts';
import { Paged, paging } from '../../../platform/http/schemas.ts';
import { RawEventDetail, RawEventIdParams, RawEventQuery, RawEventSummary } from './raw.schemas.ts';
import type { RawEventsService } from './raw.service.ts';

const read = { access: { kind: 'user', scope: 'events:read' } } as const;
const tags = ['events'];

/** The raw event store: search (time range, source, text, a few ECS fields) and one event's detail. */
export async function rawEventsRoutes(app: App, raw: RawEventsService): Promise<void> {
  app.get(
    '/api/v1/events/raw',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search recent raw events in the caller’s jurisdiction, newest first',
        querystring: RawEventQuery,
        response: { 200: Paged(RawEventSummary) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { page: _page, pageSize: _size, order: _order, ...filter } = req.query;
      const { items, total } = await raw.search(actorOf(req), {
        ...filter,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/events/raw/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One raw event: normalised and original fields',
        params: RawEventIdParams,
        response: { 200: RawEventDetail },
      },
    },
    async (req) => raw.get(actorOf(req), req.params.id),
  );
}
