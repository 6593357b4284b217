import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { NoticeDetail } from '../notices/notices.schemas.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { presentFinding } from './findings.presenter.ts';
import {
  DismissBody,
  Finding,
  FindingListQuery,
  ManualFindingBody,
  RaiseNoticeBody,
} from './findings.schemas.ts';
import type { FindingsService } from './findings.service.ts';

const read = { access: { kind: 'user', scope: 'notices:read' } } as const;
const write = { access: { kind: 'user', scope: 'notices:write' } } as const;
const tags = ['findings'];

export async function findingsRoutes(
  app: App,
  findings: FindingsService,
  notices: NoticesService,
): Promise<void> {
  app.get(
    '/api/v1/findings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Findings in the caller’s jurisdiction (office roles)',
        querystring: FindingListQuery,
        response: { 200: Paged(Finding) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await findings.list(actor, { ...req.query, limit: p.limit, offset: p.offset });
      return { items: items.map((f) => presentFinding(actor, f)), total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/findings/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Finding } } },
    async (req) => presentFinding(actorOf(req), await findings.get(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/findings',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a finding by hand',
        body: ManualFindingBody,
        response: { 201: Finding },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return reply.status(201).send(presentFinding(actor, await findings.createManual(actor, req.body)));
    },
  );
  app.post(
    '/api/v1/findings/:id/raise-notice',
    {
      config: write,
      schema: {
        tags,
        summary: 'Raise a draft notice from a finding',
        description: '201 with the new draft; 200 with the open notice the finding already belongs to.',
        params: IdParams,
        body: RaiseNoticeBody,
        response: { 200: NoticeDetail, 201: NoticeDetail },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { noticeId, created } = await findings.raiseNotice(actor, req.params.id, req.body?.overrides);
      return reply.status(created ? 201 : 200).send(await notices.detail(actor, noticeId));
    },
  );
  app.post(
    '/api/v1/findings/:id/dismiss',
    { config: write, schema: { tags, params: IdParams, body: DismissBody, response: { 200: Finding } } },
    async (req) =>
      presentFinding(actorOf(req), await findings.dismiss(actorOf(req), req.params.id, req.body.reason)),
  );
}
