import { readRawUpload } from '../../../platform/files/upload.ts';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { Paged, paging } from '../../../platform/http/schemas.ts';
import { intelPolicy } from './intel.policy.ts';
import {
  CreateFeedBody,
  Feed,
  FeedIdParams,
  FeedList,
  Indicator,
  IndicatorDetail,
  IndicatorQuery,
  UpdateFeedBody,
  UploadResult,
} from './intel.schemas.ts';
import type { IntelService } from './intel.service.ts';
import type { IndicatorDetector } from './intel-detector.ts';

const read = { access: { kind: 'user', scope: 'events:read' } } as const;
const write = { access: { kind: 'user', scope: 'events:write' } } as const;
const tags = ['intel'];

/** Threat intelligence: feeds, their imports (by URL through the job layer, or upload) and indicators. */
export async function intelRoutes(
  app: App,
  intel: IntelService,
  detector: Pick<IndicatorDetector, 'version' | 'size'>,
  uploadMaxBytes: number,
): Promise<void> {
  app.get(
    '/api/v1/events/intel/feeds',
    {
      config: read,
      schema: {
        tags,
        summary: 'Intelligence feeds with their last import and the matcher’s state',
        response: { 200: FeedList },
      },
    },
    async (req) => ({
      items: await intel.listFeeds(actorOf(req)),
      matcher: { version: Math.max(0, detector.version), indicators: detector.size },
      abilities: { create: intelPolicy.canManage(actorOf(req)) },
    }),
  );
  app.post(
    '/api/v1/events/intel/feeds',
    {
      config: write,
      schema: { tags, summary: 'Register a feed', body: CreateFeedBody, response: { 200: Feed } },
    },
    async (req) => intel.createFeed(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/events/intel/feeds/:id',
    { config: read, schema: { tags, params: FeedIdParams, response: { 200: Feed } } },
    async (req) => intel.getFeed(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/events/intel/feeds/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a feed',
        params: FeedIdParams,
        body: UpdateFeedBody,
        response: { 200: Feed },
      },
    },
    async (req) => intel.updateFeed(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/events/intel/feeds/:id',
    { config: write, schema: { tags, summary: 'Delete a feed and its indicators', params: FeedIdParams } },
    async (req, reply) => {
      await intel.deleteFeed(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/events/intel/feeds/:id/import',
    {
      config: write,
      schema: {
        tags,
        summary: 'Import a URL feed now (queued; poll the feed for progress and the result)',
        params: FeedIdParams,
        response: { 200: Feed },
      },
    },
    async (req) => intel.importNow(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/events/intel/feeds/:id/upload',
    {
      config: write,
      schema: {
        tags,
        summary: 'Import an uploaded file into a feed',
        description:
          'multipart/form-data with one file field `file`: a STIX bundle (.json), a MISP event (.json), a MISP ' +
          'feed as a ZIP (manifest.json and <uuid>.json events), a CSV feed, or a ZIP of such files. Every item ' +
          'is created, updated (newer version), unchanged, or reported with its error.',
        consumes: ['multipart/form-data'],
        params: FeedIdParams,
        response: { 200: UploadResult },
      },
    },
    async (req) => {
      const upload = await readRawUpload(req, { maxBytes: uploadMaxBytes });
      return intel.upload(actorOf(req), req.params.id, upload.fileName, upload.buffer);
    },
  );
  app.get(
    '/api/v1/events/intel/indicators',
    {
      config: read,
      schema: {
        tags,
        summary: 'Indicators: search by value or name, filter by type, feed and status',
        querystring: IndicatorQuery,
        response: { 200: Paged(Indicator) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await intel.listIndicators(actorOf(req), {
        ...(req.query.q ? { q: req.query.q } : {}),
        ...(req.query.type ? { type: req.query.type } : {}),
        ...(req.query.feedId ? { feedId: req.query.feedId } : {}),
        ...(req.query.status ? { status: req.query.status } : {}),
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/events/intel/indicators/:id',
    { config: read, schema: { tags, params: FeedIdParams, response: { 200: IndicatorDetail } } },
    async (req) => intel.getIndicator(actorOf(req), req.params.id),
  );
}
