import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { IdParams } from '../../../platform/http/schemas.ts';
import type { NoticeQuery } from '../notices.repository.ts';
import { NoticeFilterQuery } from '../notices.schemas.ts';
import { noticeDocText } from './document-text.ts';
import { NOTICE_EXPORT_MAX_ROWS, type NoticeDocumentsService } from './documents.service.ts';
import type { ExportSort } from './notice-export.repository.ts';

const read = { access: { kind: 'user', scope: 'notices:read' } } as const;
const tags = ['notices'];
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = (mime: string, description: string) => ({
  200: { description, content: { [mime]: { schema: { type: 'string', format: 'binary' } } } },
});

const NoticeExportQuery = Type.Object({
  ...NoticeFilterQuery,
  sort: Type.Optional(
    Type.Union([
      Type.Literal('createdAt'),
      Type.Literal('rectifyDueAt'),
      Type.Literal('severity'),
      Type.Literal('updatedAt'),
      Type.Literal('docNumber'),
    ]),
  ),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const csv = (s: string | undefined) => (s ? s.split(',') : undefined);

function queryOf(q: Static<typeof NoticeExportQuery>): NoticeQuery & ExportSort {
  return { ...q, state: csv(q.state), severity: csv(q.severity) };
}

/** attachment; with an ASCII fallback name and the real (possibly Chinese) name per RFC 6266/5987. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Downloads of the notice loop: the two DOCX documents of a notice and the list as XLSX. */
export async function noticeDocumentsRoutes(app: App, documents: NoticeDocumentsService): Promise<void> {
  app.get(
    '/api/v1/notices/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The visible notices as XLSX (same filters and sort as the list)',
        description:
          `Headers in the caller's language; times in China time (ISO 8601, +08:00). At most ` +
          `${NOTICE_EXPORT_MAX_ROWS} rows: more answers 422 export_too_large. Audited.`,
        querystring: NoticeExportQuery,
        response: binary(XLSX_MIME, 'An XLSX workbook'),
      },
    },
    async (req, reply) => {
      const stream = await documents.exportXlsx(actorOf(req), queryOf(req.query), req.locale);
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(`${noticeDocText(req.locale).export.fileName}-${day}.xlsx`))
        .send(stream);
    },
  );
  app.get(
    '/api/v1/notices/:id/document.docx',
    {
      config: read,
      schema: {
        tags,
        summary: '《网络安全问题整改通知书》: the notice as an official rectification notice (DOCX)',
        description:
          'Layout after GB/T 9704 (A4, 仿宋 三号 body, 小标宋 二号 title). A draft carries （草稿） in place of ' +
          'its document number. Same visibility as the notice (404 otherwise). Audited.',
        params: IdParams,
        response: binary(DOCX_MIME, 'A DOCX document'),
      },
    },
    async (req, reply) => {
      const doc = await documents.noticeDocument(actorOf(req), req.params.id, req.locale);
      return reply
        .type(DOCX_MIME)
        .header('content-disposition', attachment(`${doc.baseName}.docx`))
        .send(doc.content);
    },
  );
  app.get(
    '/api/v1/notices/:id/report-back.docx',
    {
      config: read,
      schema: {
        tags,
        summary: '整改情况报告: the unit’s report-back on a notice (DOCX)',
        description:
          'What the unit did (its progress and report-back notes from the timeline), its attachments, and a ' +
          'sign-off area. Same visibility as the notice (404 otherwise). Audited.',
        params: IdParams,
        response: binary(DOCX_MIME, 'A DOCX document'),
      },
    },
    async (req, reply) => {
      const doc = await documents.reportBackDocument(actorOf(req), req.params.id, req.locale);
      return reply
        .type(DOCX_MIME)
        .header('content-disposition', attachment(`${doc.baseName}.docx`))
        .send(doc.content);
    },
  );
}
