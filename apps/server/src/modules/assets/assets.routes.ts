import type { Static } from 'typebox';
import { Type } from 'typebox';
import { readUpload } from '../../platform/files/upload.ts';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { templateXlsx } from './asset-sheet.ts';
import { assetText } from './asset-text.ts';
import { IMPORT_MAX_ROWS } from './assets.import.ts';
import { presentAsset } from './assets.presenter.ts';
import type { AssetFilter } from './assets.repository.ts';
import {
  Asset,
  AssetExportQuery,
  AssetInput,
  AssetListQuery,
  AssetStats,
  ImportPreview,
  ImportQuery,
  PreviewParams,
} from './assets.schemas.ts';
import type { AssetService } from './assets.service.ts';

const read = { access: { kind: 'user', scope: 'assets:read' } } as const;
const write = { access: { kind: 'user', scope: 'assets:write' } } as const;
const tags = ['assets'];
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxResponse = {
  200: {
    description: 'An XLSX workbook',
    content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } },
  },
};

function filterOf(q: Static<typeof AssetExportQuery>): AssetFilter {
  return {
    q: q.q,
    kind: q.kind,
    unitId: q.unitId,
    regionId: q.regionId,
    isCii: q.isCii,
    mlpsLevel: q.mlpsLevel,
    tag: q.tag,
    sort: q.sort,
    order: q.order,
  };
}

/** attachment; with an ASCII fallback name and the real (possibly Chinese) name per RFC 6266/5987. */
function attachment(baseName: string, ext: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const name = `${baseName}-${day}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function assetsRoutes(app: App, assets: AssetService, uploadMaxBytes: number): Promise<void> {
  app.get(
    '/api/v1/assets',
    {
      config: read,
      schema: {
        tags,
        summary: 'Assets of units in the caller’s jurisdiction',
        querystring: AssetListQuery,
        response: { 200: Paged(Asset) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await assets.list(actor, {
        ...filterOf(req.query),
        limit: p.limit,
        offset: p.offset,
      });
      return { items: items.map((a) => presentAsset(actor, a)), total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/assets/stats',
    {
      config: read,
      schema: { tags, summary: 'Asset counts for the dashboard', response: { 200: AssetStats } },
    },
    async (req) => assets.stats(actorOf(req)),
  );
  app.get(
    '/api/v1/assets/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The visible assets as XLSX (same filters as the list)',
        description:
          'Headers are Chinese for zh-CN callers, English otherwise; the columns are the import columns.',
        querystring: AssetExportQuery,
        response: xlsxResponse,
      },
    },
    async (req, reply) => {
      const stream = await assets.exportXlsx(actorOf(req), filterOf(req.query), req.locale);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(assetText(req.locale).fileName, 'xlsx'))
        .send(stream);
    },
  );
  app.get(
    '/api/v1/assets/import/template.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'Import template: the Chinese column headers and one example row',
        response: xlsxResponse,
      },
    },
    async (_req, reply) =>
      reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(assetText('zh-CN').fileName, 'xlsx'))
        .send(await templateXlsx()),
  );
  app.post(
    '/api/v1/assets/import',
    {
      config: write,
      schema: {
        tags,
        summary: 'Upload an XLSX or CSV of assets for a checked preview (nothing is imported yet)',
        description:
          'multipart/form-data with one file field `file`: XLSX, or CSV in UTF-8 (with or without BOM) or ' +
          'GB18030, judged by content. Headers in Chinese or English; required columns 名称/name, 类型/kind, ' +
          '责任单位/unit; 区域/region optionally disambiguates units of the same name. Lists (domains, urls, ips, ' +
          'tags) are separated by ; , or newlines. Every row is checked and the valid rows are kept for one ' +
          'hour as a preview owned by the caller, to confirm with POST /api/v1/assets/import/{previewId}/confirm. ' +
          'Duplicates: with mode=create (default) a row whose unit already has an asset of the same name is an ' +
          'error ("already exists"); with mode=upsert that row updates the existing asset on confirm. Rows ' +
          'repeating the same unit and name within the file are errors. The whole file is refused (422 ' +
          'import_rejected, nothing stored) when a required column is missing, there are no data rows, or more ' +
          `than ${IMPORT_MAX_ROWS}; 415 file_type_rejected when it is not XLSX/CSV by content; 413 file_too_large.`,
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportPreview },
      },
    },
    async (req) => {
      const upload = await readUpload(req, { maxBytes: uploadMaxBytes, accept: ['xlsx', 'csv'] });
      return assets.import.preview(actorOf(req), upload, req.query.mode ?? 'create', req.locale);
    },
  );
  app.post(
    '/api/v1/assets/import/:previewId/confirm',
    {
      config: write,
      schema: {
        tags,
        summary: 'Import every valid row of a preview, in one transaction',
        description:
          'All or nothing. Only the preview’s owner may confirm it (404 otherwise), once (409 import_confirmed), ' +
          'within an hour (410 import_expired). 409 conflict when the database changed since the preview ' +
          '(e.g. the same asset was created meanwhile).',
        params: PreviewParams,
        response: { 200: Type.Object({ imported: Type.Integer() }) },
      },
    },
    async (req) => assets.import.confirm(actorOf(req), req.params.previewId),
  );
  app.get(
    '/api/v1/assets/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Asset } } },
    async (req) => presentAsset(actorOf(req), await assets.get(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/assets',
    { config: write, schema: { tags, body: AssetInput, response: { 201: Asset } } },
    async (req, reply) => {
      const asset = await assets.create(actorOf(req), req.body, req.locale);
      return reply.status(201).send(presentAsset(actorOf(req), asset));
    },
  );
  app.put(
    '/api/v1/assets/:id',
    { config: write, schema: { tags, params: IdParams, body: AssetInput, response: { 200: Asset } } },
    async (req) =>
      presentAsset(actorOf(req), await assets.update(actorOf(req), req.params.id, req.body, req.locale)),
  );
  app.delete(
    '/api/v1/assets/:id',
    { config: write, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await assets.delete(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
