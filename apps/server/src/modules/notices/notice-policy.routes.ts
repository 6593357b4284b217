import { type App, actorOf } from '../../platform/http/app.ts';
import { noticesRead, noticesWrite } from './notices.routes.ts';
import { NoticePolicyBody, NoticePolicyQuery, NoticePolicyResponse } from './notices.schemas.ts';
import type { NoticesService } from './notices.service.ts';

const tags = ['notices'];

export async function noticePolicyRoutes(app: App, notices: NoticesService): Promise<void> {
  app.get(
    '/api/v1/notices/policy',
    {
      config: noticesRead,
      schema: {
        tags,
        summary: 'The notice policy in force for a region (default: the caller’s)',
        description: 'Falls back to the nearest ancestor region that has one, then to the shipped defaults.',
        querystring: NoticePolicyQuery,
        response: { 200: NoticePolicyResponse },
      },
    },
    async (req) => notices.policy.get(actorOf(req), req.query.regionId),
  );
  app.put(
    '/api/v1/notices/policy',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Set a region’s notice policy (office and system admins)',
        body: NoticePolicyBody,
        response: { 200: NoticePolicyResponse },
      },
    },
    async (req) => notices.policy.put(actorOf(req), req.body),
  );
}
