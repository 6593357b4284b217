import { Type } from 'typebox';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { Abilities, IdParams, Paged, paging } from '../../../platform/http/schemas.ts';
import { alertsPolicy } from './alerts.policy.ts';
import { presentAlert, presentAlertDetail, presentSuppression } from './alerts.presenter.ts';
import {
  AlertDetail,
  AlertListQuery,
  AlertOverview,
  AlertOverviewQuery,
  AlertSummary,
  BulkBody,
  BulkResult,
  RaiseNoticeResult,
  Suppression,
  SuppressionBody,
  SuppressionListQuery,
  TransitionBody,
} from './alerts.schemas.ts';
import type { AlertsService } from './alerts.service.ts';

const read = { access: { kind: 'user', scope: 'events:read' } } as const;
// Triage and suppressions are people's decisions: sessions only.
const triage = { access: { kind: 'user' } } as const;
const tags = ['events'];

/** Alerts (list, overview, detail, triage, raise a notice) and suppressions. */
export async function alertsRoutes(app: App, alerts: AlertsService, now: () => Date): Promise<void> {
  app.get(
    '/api/v1/events/alerts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Alerts in the caller’s jurisdiction (office roles), latest first',
        querystring: AlertListQuery,
        response: { 200: Paged(AlertSummary) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await alerts.list(actor, { ...req.query, limit: p.limit, offset: p.offset });
      return { items: items.map((a) => presentAlert(actor, a)), total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/events/alerts/overview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Alert counts by state and level, and alerts opened over time by level (default: 7 days)',
        querystring: AlertOverviewQuery,
        response: { 200: AlertOverview },
      },
    },
    async (req) => alerts.overview(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/events/alerts/bulk',
    {
      config: triage,
      schema: {
        tags,
        summary: 'Acknowledge, close or mark as false positive many alerts',
        body: BulkBody,
        response: { 200: BulkResult },
      },
    },
    async (req) => alerts.bulk(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/events/alerts/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'An alert with its sample events and related alerts',
        params: IdParams,
        response: { 200: AlertDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return presentAlertDetail(actor, await alerts.detail(actor, req.params.id));
    },
  );
  app.post(
    '/api/v1/events/alerts/:id/transition',
    {
      config: triage,
      schema: {
        tags,
        summary: 'Acknowledge, mark false positive, close or reopen an alert',
        description: '409 alert_transition_invalid when the action is not allowed from the alert’s state.',
        params: IdParams,
        body: TransitionBody,
        response: { 200: AlertSummary },
      },
    },
    async (req) => presentAlert(actorOf(req), await alerts.transition(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/events/alerts/:id/raise-notice',
    {
      config: triage,
      schema: {
        tags,
        summary:
          'Draft a notice from the alert’s finding (reported now if it was not), or return its open notice',
        params: IdParams,
        response: { 200: RaiseNoticeResult },
      },
    },
    async (req) => alerts.raiseNotice(actorOf(req), req.params.id),
  );

  app.get(
    '/api/v1/events/suppressions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Suppressions (exceptions) in the caller’s jurisdiction',
        querystring: SuppressionListQuery,
        response: { 200: Type.Object({ ...Paged(Suppression).properties, abilities: Abilities }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await alerts.listSuppressions(actor, {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return {
        items: items.map((s) => presentSuppression(actor, s, now())),
        total,
        page: p.page,
        pageSize: p.pageSize,
        abilities: { create: alertsPolicy.canWriteAny(actor) },
      };
    },
  );
  app.post(
    '/api/v1/events/suppressions',
    {
      config: triage,
      schema: {
        tags,
        summary: 'Add a suppression: matching detections are counted, not recorded as alerts',
        body: SuppressionBody,
        response: { 201: Suppression },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return reply
        .status(201)
        .send(presentSuppression(actor, await alerts.createSuppression(actor, req.body), now()));
    },
  );
  app.put(
    '/api/v1/events/suppressions/:id',
    {
      config: triage,
      schema: { tags, params: IdParams, body: SuppressionBody, response: { 200: Suppression } },
    },
    async (req) => {
      const actor = actorOf(req);
      return presentSuppression(actor, await alerts.updateSuppression(actor, req.params.id, req.body), now());
    },
  );
  app.delete(
    '/api/v1/events/suppressions/:id',
    { config: triage, schema: { tags, params: IdParams, response: {} } },
    async (req, reply) => {
      await alerts.removeSuppression(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
