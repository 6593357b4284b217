import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import {
  BulkDispatchBody,
  PublicFormBody,
  RegionQuery,
  RoutingOrderBody,
  RoutingRuleBody,
  TransitionBody,
  WorkflowSettingsBody,
} from './intake.schemas.ts';
import type { IntakeService } from './intake.service.ts';
import {
  BulkDispatchResult,
  CaseDetail,
  PublicFormSettings,
  RoutingRuleList,
  WorkflowSettings,
} from './intake-responses.schemas.ts';

const intakeRead = { access: { kind: 'user', scope: 'intake:read' } } as const;
const intakeWrite = { access: { kind: 'user', scope: 'intake:write' } } as const;
const tags = ['intake'];

/** The case workflow after submission: transitions, bulk dispatch, routing rules, office settings. */
export async function intakeWorkflowRoutes(app: App, intake: IntakeService): Promise<void> {
  app.post(
    '/api/v1/intake/cases/:id/transition',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'One step of the case workflow (sign, reply, approve, extend, follow up, merge, forward …)',
        description:
          '409 intake_transition_invalid (details: state, action, allowedActions, allowedNext) when the state does ' +
          'not allow the action; 409 conflict when version is stale; 403 when the caller may never take it; 400 ' +
          'on the field the action needs (reason, reply, outcome, …).',
        params: IdParams,
        body: TransitionBody,
        response: { 200: CaseDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await intake.transition(actor, req.params.id, req.body);
      return intake.detail(actor, req.params.id);
    },
  );
  app.post(
    '/api/v1/intake/cases/bulk-dispatch',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Dispatch many received cases: to one unit, or each to its routing suggestion',
        body: BulkDispatchBody,
        response: { 200: BulkDispatchResult },
      },
    },
    async (req) => ({
      results: await intake.bulkDispatch(actorOf(req), req.body.ids, req.body.unitId ?? null),
    }),
  );

  app.get(
    '/api/v1/intake/routing-rules',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'Routing rules that apply in the caller’s jurisdiction',
        response: { 200: RoutingRuleList },
      },
    },
    async (req) => intake.routing.list(actorOf(req)),
  );
  app.post(
    '/api/v1/intake/routing-rules',
    {
      config: intakeWrite,
      schema: { tags, summary: 'Add a routing rule (last in order)', body: RoutingRuleBody },
    },
    async (req, reply) => {
      const id = await intake.routing.create(actorOf(req), req.body);
      return reply.status(201).send({ id });
    },
  );
  app.put(
    '/api/v1/intake/routing-rules/order',
    {
      config: intakeWrite,
      schema: { tags, summary: 'Reorder the office’s routing rules', body: RoutingOrderBody },
    },
    async (req, reply) => {
      await intake.routing.reorder(actorOf(req), req.body.ids);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/v1/intake/routing-rules/:id',
    { config: intakeWrite, schema: { tags, params: IdParams, body: RoutingRuleBody } },
    async (req, reply) => {
      await intake.routing.update(actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/v1/intake/routing-rules/:id',
    { config: intakeWrite, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await intake.routing.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/intake/settings',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'Deadlines per type, extension limit, two-step approval',
        querystring: RegionQuery,
        response: { 200: WorkflowSettings },
      },
    },
    async (req) => intake.settings(actorOf(req), req.query.regionId),
  );
  app.put(
    '/api/v1/intake/settings',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Change the office’s workflow settings',
        description: '400 with a message per field in the caller’s language when a duration does not parse.',
        querystring: RegionQuery,
        body: WorkflowSettingsBody,
        response: { 200: WorkflowSettings },
      },
    },
    async (req) => intake.saveSettings(actorOf(req), req.query.regionId, req.body),
  );

  app.get(
    '/api/v1/intake/public-form',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'What the public page requires: contact fields, upload limits',
        response: { 200: PublicFormSettings },
      },
    },
    async (req) => intake.publicForm.get(actorOf(req)),
  );
  app.put(
    '/api/v1/intake/public-form',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary:
          'Change the public page’s contact rules and upload limits (administrators of the whole tree)',
        body: PublicFormBody,
        response: { 200: PublicFormSettings },
      },
    },
    async (req) => intake.publicForm.save(actorOf(req), req.body),
  );
}
