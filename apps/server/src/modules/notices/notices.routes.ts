import type { Static } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { presentNoticeSummary } from './notices.presenter.ts';
import type { NoticeQuery } from './notices.repository.ts';
import {
  NoticeBulkBody,
  NoticeBulkResult,
  NoticeCreate,
  NoticeDeadlineBody,
  NoticeDetail,
  type NoticeFilterQuery,
  NoticeListQuery,
  NoticeSummary,
  NoticeTransitionBody,
  NoticeUpdate,
} from './notices.schemas.ts';
import type { NoticesService } from './notices.service.ts';

export const noticesRead = { access: { kind: 'user', scope: 'notices:read' } } as const;
export const noticesWrite = { access: { kind: 'user', scope: 'notices:write' } } as const;
const tags = ['notices'];

type FilterQuery = { [K in keyof typeof NoticeFilterQuery]?: Static<(typeof NoticeFilterQuery)[K]> };

/** The list filters of a query string, as the repository takes them (shared with export and dashboard). */
export function noticeQueryOf(q: FilterQuery): NoticeQuery {
  return {
    q: q.q,
    state: q.state?.split(','),
    unitId: q.unitId,
    regionId: q.regionId,
    severity: q.severity?.split(','),
    overdue: q.overdue,
    source: q.source,
    tlp: q.tlp,
    createdFrom: q.createdFrom ? new Date(q.createdFrom).toISOString() : undefined,
    createdTo: q.createdTo ? new Date(q.createdTo).toISOString() : undefined,
    dueBefore: q.dueBefore ? new Date(q.dueBefore).toISOString() : undefined,
  };
}

export async function noticesRoutes(app: App, notices: NoticesService): Promise<void> {
  app.get(
    '/api/v1/notices',
    {
      config: noticesRead,
      schema: {
        tags,
        summary: 'Notices in the caller’s jurisdiction, filtered and paged',
        description:
          'state and severity take comma-separated lists. Unit roles see their unit’s notices, never drafts or withdrawn ones.',
        querystring: NoticeListQuery,
        response: { 200: Paged(NoticeSummary) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await notices.list(actor, {
        ...noticeQueryOf(req.query),
        sort: req.query.sort,
        order: req.query.order,
        limit: p.limit,
        offset: p.offset,
      });
      return {
        items: items.map((n) => presentNoticeSummary(actor, n)),
        total,
        page: p.page,
        pageSize: p.pageSize,
      };
    },
  );

  app.get(
    '/api/v1/notices/:id',
    { config: noticesRead, schema: { tags, params: IdParams, response: { 200: NoticeDetail } } },
    async (req) => notices.detail(actorOf(req), req.params.id),
  );

  app.post(
    '/api/v1/notices',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Create a draft notice (from scratch or from findings)',
        body: NoticeCreate,
        response: { 201: NoticeDetail },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await notices.create(actor, req.body);
      return reply.status(201).send(await notices.detail(actor, id));
    },
  );

  app.put(
    '/api/v1/notices/:id',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Edit a draft',
        params: IdParams,
        body: NoticeUpdate,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await notices.update(actor, req.params.id, req.body);
      return notices.detail(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/notices/:id/transitions',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Take an action of the notice state machine',
        description:
          '409 notice_transition_invalid (details: state, action, allowedActions, allowedNext) when the state does not ' +
          'allow it; 409 conflict when version is stale; 400 on field reason when the action needs one; 409 ' +
          'recheck_failed when closing and a detector still sees the problem.',
        params: IdParams,
        body: NoticeTransitionBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await notices.transition(actor, req.params.id, req.body);
      return notices.detail(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/notices/:id/deadline',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Change the deadlines, with a reason',
        params: IdParams,
        body: NoticeDeadlineBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await notices.changeDeadline(actor, req.params.id, req.body);
      return notices.detail(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/notices/bulk',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'One action over up to 500 notices, each in its own transaction',
        body: NoticeBulkBody,
        response: { 200: NoticeBulkResult },
      },
    },
    async (req) => ({ results: await notices.bulk(actorOf(req), req.body, req.locale) }),
  );
}
