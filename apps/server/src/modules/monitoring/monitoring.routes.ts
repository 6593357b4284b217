import { type App, actorOf } from '../../platform/http/app.ts';
import { Paged, paging } from '../../platform/http/schemas.ts';
import {
  AssetIdParams,
  BaselineDiff,
  BulkBody,
  BulkResult,
  ConfigureBody,
  MonitorIdParams,
  PageUrlBody,
  PageUrlQuery,
  RenderIdParams,
  RenderingStatus,
  RunNowResult,
  RunSeries,
  RunsQuery,
  SeverityPolicyBody,
  SeverityPolicyQuery,
  SeverityPolicyResponse,
  SiteDetail,
  SiteListQuery,
  SiteSummary,
  StatusWall,
} from './monitoring.schemas.ts';
import type { MonitoringService } from './monitoring.service.ts';

const read = { access: { kind: 'user', scope: 'monitoring:read' } } as const;
const write = { access: { kind: 'user', scope: 'monitoring:write' } } as const;
const tags = ['monitoring'];

/** Website monitoring: the site list and status wall, per-site detail, configuration and baselines. */
export async function monitoringRoutes(app: App, monitoring: MonitoringService): Promise<void> {
  app.get(
    '/api/v1/monitoring/sites',
    {
      config: read,
      schema: {
        tags,
        summary: 'Monitored sites in the caller’s jurisdiction',
        querystring: SiteListQuery,
        response: { 200: Paged(SiteSummary) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await monitoring.list(actorOf(req), {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/monitoring/summary',
    {
      config: read,
      schema: { tags, summary: 'Status wall: sites by status and by unit', response: { 200: StatusWall } },
    },
    async (req) => monitoring.summary(actorOf(req)),
  );
  app.put(
    '/api/v1/monitoring/assets/:assetId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Enable, disable or configure monitoring of one asset',
        params: AssetIdParams,
        body: ConfigureBody,
        response: { 200: SiteDetail },
      },
    },
    async (req) => monitoring.configure(actorOf(req), req.params.assetId, req.body),
  );
  app.post(
    '/api/v1/monitoring/bulk',
    {
      config: write,
      schema: {
        tags,
        summary: 'Enable or disable monitoring of many assets',
        body: BulkBody,
        response: { 200: BulkResult },
      },
    },
    async (req) => monitoring.bulk(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/monitoring/sites/:monitorId',
    { config: read, schema: { tags, params: MonitorIdParams, response: { 200: SiteDetail } } },
    async (req) => monitoring.detail(actorOf(req), req.params.monitorId),
  );
  app.get(
    '/api/v1/monitoring/sites/:monitorId/runs',
    {
      config: read,
      schema: {
        tags,
        summary: 'Latency and status series (default: the last 24 hours)',
        params: MonitorIdParams,
        querystring: RunsQuery,
        response: { 200: RunSeries },
      },
    },
    async (req) => monitoring.runs(actorOf(req), req.params.monitorId, req.query),
  );
  app.get(
    '/api/v1/monitoring/sites/:monitorId/baselines/diff',
    {
      config: read,
      schema: {
        tags,
        summary: 'A watched page’s baseline and its pending change',
        params: MonitorIdParams,
        querystring: PageUrlQuery,
        response: { 200: BaselineDiff },
      },
    },
    async (req) => monitoring.diff(actorOf(req), req.params.monitorId, req.query.pageUrl),
  );
  app.post(
    '/api/v1/monitoring/sites/:monitorId/baselines/accept',
    {
      config: write,
      schema: {
        tags,
        summary: 'Accept the pending change as the new baseline',
        params: MonitorIdParams,
        body: PageUrlBody,
        response: { 200: SiteDetail },
      },
    },
    async (req) => monitoring.acceptBaseline(actorOf(req), req.params.monitorId, req.body.pageUrl),
  );
  app.post(
    '/api/v1/monitoring/sites/:monitorId/run',
    {
      config: write,
      schema: {
        tags,
        summary: 'Run the checks now',
        params: MonitorIdParams,
        response: { 200: RunNowResult },
      },
    },
    async (req) => monitoring.runNow(actorOf(req), req.params.monitorId),
  );
  app.get(
    '/api/v1/monitoring/rendering',
    {
      config: read,
      schema: {
        tags,
        summary: 'Whether the optional rendering pass in headless Chromium is on, and which Chromium',
        response: { 200: RenderingStatus },
      },
    },
    async (req) => monitoring.renderingStatus(actorOf(req)),
  );
  app.get(
    '/api/v1/monitoring/renders/:renderId/screenshot',
    {
      config: read,
      schema: {
        tags,
        summary: 'The screenshot (PNG) of a rendered page; 404 outside the caller’s jurisdiction',
        params: RenderIdParams,
      },
    },
    async (req, reply) => {
      const shot = await monitoring.renderScreenshot(actorOf(req), req.params.renderId);
      return reply
        .header('content-type', 'image/png')
        .header('content-disposition', `inline; filename="render-${req.params.renderId}.png"`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(shot.png);
    },
  );
  app.get(
    '/api/v1/monitoring/severity-policy',
    {
      config: read,
      schema: {
        tags,
        summary: 'The severity of each kind of finding, in force for a region (default: the caller’s)',
        description: 'Falls back to the nearest ancestor region that has one, then to the shipped defaults.',
        querystring: SeverityPolicyQuery,
        response: { 200: SeverityPolicyResponse },
      },
    },
    async (req) => monitoring.severityPolicy.get(actorOf(req), req.query.regionId),
  );
  app.put(
    '/api/v1/monitoring/severity-policy',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set (or drop, with inherit) a region’s severity policy (office and system admins)',
        body: SeverityPolicyBody,
        response: { 200: SeverityPolicyResponse },
      },
    },
    async (req) => monitoring.severityPolicy.put(actorOf(req), req.body),
  );
}
