import { decodeText } from '../../platform/files/sniff.ts';
import { readRawUpload } from '../../platform/files/upload.ts';
import { type App, actorOf } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import type { FeedsService } from './feeds/feeds.service.ts';
import type { TopicImportService } from './import/import.service.ts';
import type { RiskService } from './risk/risk.service.ts';
import {
  AlertListQuery,
  AssessBody,
  Board,
  BoardQuery,
  Feed,
  FeedBody,
  FeedListQuery,
  ImportPreview,
  ImportResult,
  LinkBody,
  PollResult,
  PreviewParams,
  ResponseBody,
  RiskAssessment,
  RiskAssessmentBody,
  RiskChecklistTemplate,
  RiskListQuery,
  TopicAlert,
  TopicDetail,
  TopicIdParams,
  TopicItem,
  TopicItemsQuery,
  TopicLinkParams,
  TopicListQuery,
  TopicSettingsBody,
  TopicSettingsView,
  TopicSummary,
} from './topics.schemas.ts';
import type { TopicsService } from './topics.service.ts';

const read = { access: { kind: 'user', scope: 'topics:read' } } as const;
const write = { access: { kind: 'user', scope: 'topics:write' } } as const;
const tags = ['topics'];
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = (mime: string, description: string) => ({
  200: { description, content: { [mime]: { schema: { type: 'string', format: 'binary' } } } },
});

function attachment(baseName: string, ext: string): string {
  const name = `${baseName}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export interface TopicsRouteServices {
  topics: TopicsService;
  feeds: FeedsService;
  import: TopicImportService;
  risk: RiskService;
}

/** Hot-topic early warning: the board, topics and alerts, assessment and response, feeds, import, risk records. */
export async function topicsRoutes(app: App, s: TopicsRouteServices, uploadMaxBytes: number): Promise<void> {
  app.get(
    '/api/v1/topics/board',
    {
      config: read,
      schema: {
        tags,
        summary: 'The topic board of the caller’s jurisdiction',
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (req) => s.topics.board(actorOf(req), req.query.days ?? 7),
  );
  app.get(
    '/api/v1/topics',
    {
      config: read,
      schema: {
        tags,
        summary: 'Topics of the caller’s jurisdiction',
        querystring: TopicListQuery,
        response: { 200: Paged(TopicSummary) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await s.topics.list(actorOf(req), {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/topics/settings',
    {
      config: read,
      schema: { tags, summary: 'Pipeline settings and progress', response: { 200: TopicSettingsView } },
    },
    async (req) => s.topics.settings(actorOf(req)),
  );
  app.put(
    '/api/v1/topics/settings',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change the pipeline settings (root office administrators)',
        description:
          'Changing the bucket size or the dictionary starts a fresh pipeline state; topics and alerts stay.',
        body: TopicSettingsBody,
        response: { 200: TopicSettingsView },
      },
    },
    async (req) => s.topics.updateSettings(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/topics/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A topic with its curve, alerts, assessment, links and responses',
        params: TopicIdParams,
        response: { 200: TopicDetail },
      },
    },
    async (req) => s.topics.detail(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/topics/:id/items',
    {
      config: read,
      schema: {
        tags,
        summary: 'The items of a topic, newest first',
        params: TopicIdParams,
        querystring: TopicItemsQuery,
        response: { 200: Paged(TopicItem) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await s.topics.items(actorOf(req), req.params.id, p.limit, p.offset);
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.post(
    '/api/v1/topics/:id/assessments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record an assessment (研判): risk level, summary, affected regions and units, action',
        params: TopicIdParams,
        body: AssessBody,
        response: { 200: TopicDetail },
      },
    },
    async (req) => s.topics.assess(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/topics/:id/links',
    {
      config: write,
      schema: {
        tags,
        summary: 'Link a notice or an intake case to the topic',
        params: TopicIdParams,
        body: LinkBody,
        response: { 200: TopicDetail },
      },
    },
    async (req) => s.topics.link(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/topics/:id/links/:linkId',
    {
      config: write,
      schema: { tags, summary: 'Remove a link', params: TopicLinkParams, response: { 200: TopicDetail } },
    },
    async (req) => s.topics.unlink(actorOf(req), req.params.id, req.params.linkId),
  );
  app.post(
    '/api/v1/topics/:id/responses',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a public response (statement, clarification…)',
        params: TopicIdParams,
        body: ResponseBody,
        response: { 200: TopicDetail },
      },
    },
    async (req) => s.topics.respond(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/topic-alerts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Topic alerts of the caller’s jurisdiction, newest first',
        querystring: AlertListQuery,
        response: { 200: Paged(TopicAlert) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await s.topics.alerts(actorOf(req), {
        ...(req.query.unacknowledged ? { unacknowledged: true } : {}),
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.post(
    '/api/v1/topic-alerts/:id/acknowledge',
    {
      config: write,
      schema: {
        tags,
        summary: 'Acknowledge an alert (duty officer)',
        params: IdParams,
        response: { 200: TopicAlert },
      },
    },
    async (req) => s.topics.acknowledge(actorOf(req), req.params.id),
  );

  // ---- feeds ----
  app.get(
    '/api/v1/topic-feeds',
    {
      config: read,
      schema: {
        tags,
        summary: 'Feed subscriptions and their health',
        querystring: FeedListQuery,
        response: { 200: Paged(Feed) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await s.feeds.list(actorOf(req), {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.post(
    '/api/v1/topic-feeds',
    {
      config: write,
      schema: {
        tags,
        summary: 'Subscribe to an RSS, Atom or JSON Feed',
        body: FeedBody,
        response: { 200: Feed },
      },
    },
    async (req) => s.feeds.create(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/topic-feeds/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Feed } } },
    async (req) => s.feeds.get(actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/topic-feeds/:id',
    { config: write, schema: { tags, params: IdParams, body: FeedBody, response: { 200: Feed } } },
    async (req) => s.feeds.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/topic-feeds/:id',
    { config: write, schema: { tags, summary: 'Remove a feed (its items stay)', params: IdParams } },
    async (req, reply) => {
      await s.feeds.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/topic-feeds/:id/poll',
    {
      config: write,
      schema: { tags, summary: 'Poll a feed now', params: IdParams, response: { 200: PollResult } },
    },
    async (req) => s.feeds.pollNow(actorOf(req), req.params.id),
  );

  // ---- import ----
  app.post(
    '/api/v1/topic-import',
    {
      config: write,
      schema: {
        tags,
        summary: 'Upload CSV, JSON or NDJSON items for a checked preview (nothing is imported yet)',
        description:
          'multipart/form-data with one file field `file`, UTF-8 or GB18030 text. A JSON array of objects, NDJSON (one ' +
          'object a line) or CSV with a header. Fields (Chinese or English names): 内容/text (or 标题/title) required; ' +
          '时间/time (ISO 8601 or "2026-11-21 09:30", Beijing time without a zone), 来源/source, 地区/region (a region name ' +
          'or path in the caller’s jurisdiction, default the caller’s region), 链接/url, 编号/id (re-importing the same ' +
          'id from the same source adds nothing). Every row is checked; confirm within an hour.',
        consumes: ['multipart/form-data'],
        response: { 200: ImportPreview },
      },
    },
    async (req) => {
      const upload = await readRawUpload(req, { maxBytes: uploadMaxBytes });
      if (upload.sniffed.type !== 'csv' && upload.sniffed.type !== 'empty') {
        throw new AppError(
          'file_type_rejected',
          { expected: 'CSV / JSON / NDJSON' },
          { detected: upload.sniffed.type },
        );
      }
      const text = upload.sniffed.type === 'csv' ? decodeText(upload.buffer, upload.sniffed.encoding) : '';
      return s.import.preview(actorOf(req), upload.fileName, text);
    },
  );
  app.post(
    '/api/v1/topic-import/:previewId/confirm',
    {
      config: write,
      schema: {
        tags,
        summary: 'Store every valid row of a preview, in one transaction',
        params: PreviewParams,
        response: { 200: ImportResult },
      },
    },
    async (req) => s.import.confirm(actorOf(req), req.params.previewId),
  );

  // ---- risk assessments ----
  app.get(
    '/api/v1/topic-risk-assessments/checklist',
    {
      config: read,
      schema: {
        tags,
        summary: 'The checklist points of a risk assessment',
        response: { 200: RiskChecklistTemplate },
      },
    },
    async () => s.risk.checklist(),
  );
  app.get(
    '/api/v1/topic-risk-assessments',
    {
      config: read,
      schema: {
        tags,
        summary: 'Risk assessment records for major decisions',
        querystring: RiskListQuery,
        response: { 200: Paged(RiskAssessment) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await s.risk.list(actorOf(req), {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return { items, total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.post(
    '/api/v1/topic-risk-assessments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a risk assessment for a major decision',
        body: RiskAssessmentBody,
        response: { 200: RiskAssessment },
      },
    },
    async (req) => s.risk.create(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/topic-risk-assessments/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: RiskAssessment } } },
    async (req) => s.risk.get(actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/topic-risk-assessments/:id',
    {
      config: write,
      schema: { tags, params: IdParams, body: RiskAssessmentBody, response: { 200: RiskAssessment } },
    },
    async (req) => s.risk.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/topic-risk-assessments/:id',
    { config: write, schema: { tags, summary: 'Delete a risk assessment record', params: IdParams } },
    async (req, reply) => {
      await s.risk.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/v1/topic-risk-assessments/:id/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'One risk assessment as an XLSX workbook',
        params: IdParams,
        response: binary(XLSX_MIME, 'An XLSX workbook'),
      },
    },
    async (req, reply) => {
      const { buffer, fileName } = await s.risk.exportXlsx(actorOf(req), req.params.id, req.locale);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(`${fileName}-${req.params.id}`, 'xlsx'))
        .send(buffer);
    },
  );
}
