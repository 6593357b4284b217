import type { FastifyRequest } from 'fastify';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, paging } from '../../platform/http/schemas.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import {
  CaseListQuery,
  CodeParams,
  DispatchBody,
  LookupHeaders,
  LookupQuery,
  MessageBody,
  RatingBody,
  ReassignBody,
  ReportBody,
} from './intake.schemas.ts';
import type { IntakeService } from './intake.service.ts';
import { intakeCategoryRoutes } from './intake-categories.routes.ts';
import { intakeDashboardRoutes } from './intake-dashboard.routes.ts';
import type { IntakePublicService, PublicCaller } from './intake-public.service.ts';
import { CaseDetail, CaseList, ContactView } from './intake-responses.schemas.ts';
import { intakeWorkflowRoutes } from './intake-workflow.routes.ts';

const everyone = { access: { kind: 'public' } } as const;
const intakeRead = { access: { kind: 'user', scope: 'intake:read' } } as const;
const intakeWrite = { access: { kind: 'user', scope: 'intake:write' } } as const;
const tags = ['intake'];

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length <= 200 ? v : null;
}

/** The public caller: its address (rate limits) and, past the limit, its proof-of-work solution. */
export function callerOf(req: FastifyRequest): PublicCaller {
  const challenge = header(req, 'x-intake-challenge');
  const nonce = header(req, 'x-intake-nonce');
  return { ip: req.ip, locale: req.locale, solution: challenge && nonce ? { challenge, nonce } : null };
}

export const challengeNote =
  'Past the per-client limit the answer is 429 challenge_required with details {challenge, difficulty, expiresAt}: ' +
  'find a nonce such that sha256(challenge + nonce) has `difficulty` leading zero bits and resend with the headers ' +
  'x-intake-challenge and x-intake-nonce.';

export async function intakePublicRoutes(app: App, intake: IntakePublicService): Promise<void> {
  app.get(
    '/api/v1/public/intake/options',
    {
      config: everyone,
      schema: { tags, summary: 'Report categories, message types, regions, contact rules' },
    },
    async (req) => intake.options(req.locale),
  );
  app.post(
    '/api/v1/public/reports',
    {
      config: everyone,
      schema: { tags, summary: 'Report illegal content', description: challengeNote, body: ReportBody },
    },
    async (req, reply) => reply.status(201).send(await intake.submitReport(callerOf(req), req.body)),
  );
  app.post(
    '/api/v1/public/messages',
    {
      config: everyone,
      schema: { tags, summary: 'Leave a message', description: challengeNote, body: MessageBody },
    },
    async (req, reply) => reply.status(201).send(await intake.submitMessage(callerOf(req), req.body)),
  );
  app.get(
    '/api/v1/public/cases/:queryCode',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'Status, public timeline and published reply of a case',
        description:
          'The four digits (phone or PIN) go in the X-Phone-Last4 header; the phoneLast4 query parameter is still ' +
          'accepted for older clients. 404 when the code or the four digits do not match. Throttled per client and ' +
          'per code.',
        params: CodeParams,
        querystring: LookupQuery,
        headers: LookupHeaders,
      },
    },
    async (req) => {
      const digits = req.headers['x-phone-last4'] ?? req.query.phoneLast4;
      if (!digits) throw intakeFieldInvalid(req.locale, 'phoneLast4', 'second_factor_required');
      return intake.lookup(callerOf(req), req.params.queryCode, digits);
    },
  );
  app.post(
    '/api/v1/public/cases/:queryCode/rating',
    { config: everyone, schema: { tags, summary: 'Rate the reply', params: CodeParams, body: RatingBody } },
    async (req, reply) => {
      await intake.rate(callerOf(req), req.params.queryCode, req.body);
      return reply.status(204).send();
    },
  );
}

export async function intakeRoutes(app: App, intake: IntakeService): Promise<void> {
  await intakeWorkflowRoutes(app, intake);
  await intakeDashboardRoutes(app, intake.dashboard);
  await intakeCategoryRoutes(app, intake.categories);
  app.get(
    '/api/v1/intake/cases',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'One inbox of reports and messages (contact masked)',
        querystring: CaseListQuery,
        response: { 200: CaseList },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await intake.list(actorOf(req), {
        channel: req.query.channel,
        kind: req.query.kind,
        state: req.query.status?.split(','),
        category: req.query.category,
        regionId: req.query.regionId,
        unitId: req.query.unitId,
        overdue: req.query.overdue,
        q: req.query.q,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/intake/cases/:id',
    { config: intakeRead, schema: { tags, params: IdParams, response: { 200: CaseDetail } } },
    async (req) => intake.detail(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/intake/cases/:id/contact',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'Unmasked contact details (audited)',
        params: IdParams,
        response: { 200: ContactView },
      },
    },
    async (req) => intake.revealContact(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/intake/cases',
    { config: intakeWrite, schema: { tags, summary: 'Enter a phone call as a message', body: MessageBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const stored = await intake.createFromPhone(actor, req.body);
      return reply
        .status(201)
        .send({ ...(await intake.detail(actor, stored.id)), queryCode: stored.queryCode, pin: stored.pin });
    },
  );
  app.post(
    '/api/v1/intake/cases/:id/dispatch',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Send to a unit (派单)',
        params: IdParams,
        body: DispatchBody,
        response: { 200: CaseDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await intake.dispatch(actor, req.params.id, req.body.unitId, req.body.reason?.trim() || null);
      return intake.detail(actor, req.params.id);
    },
  );
  app.post(
    '/api/v1/intake/cases/:id/reassign',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Send to another unit (改派)',
        params: IdParams,
        body: ReassignBody,
        response: { 200: CaseDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await intake.reassign(actor, req.params.id, req.body.unitId, req.body.reason);
      return intake.detail(actor, req.params.id);
    },
  );
}
