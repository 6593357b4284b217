import { type App, actorOf } from '../../../platform/http/app.ts';
import { presentEscalation } from './escalation.presenter.ts';
import { EscalationInput, EscalationQuery, EscalationSettingsSchema } from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';

const tags = ['notices'];

export async function escalationRoutes(app: App, escalation: EscalationService): Promise<void> {
  app.get(
    '/api/v1/notices/escalation',
    {
      config: { access: { kind: 'user', scope: 'notices:read' } },
      schema: {
        tags,
        summary:
          "An office region's reminder and 督办 (escalation) settings, inherited from the nearest ancestor",
        querystring: EscalationQuery,
        response: { 200: EscalationSettingsSchema },
      },
    },
    async (req) => presentEscalation(actorOf(req), await escalation.get(actorOf(req), req.query.regionId)),
  );
  app.put(
    '/api/v1/notices/escalation',
    {
      config: { access: { kind: 'user', scope: 'notices:write' } },
      schema: {
        tags,
        summary: "Set an office region's reminder and 督办 settings",
        querystring: EscalationQuery,
        body: EscalationInput,
        response: { 200: EscalationSettingsSchema },
      },
    },
    async (req) =>
      presentEscalation(actorOf(req), await escalation.put(actorOf(req), req.query.regionId, req.body)),
  );
}
