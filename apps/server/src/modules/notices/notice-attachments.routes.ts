import { readRawUpload } from '../../platform/files/upload.ts';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { presentAttachment } from './notices.presenter.ts';
import { noticesRead, noticesWrite } from './notices.routes.ts';
import { AttachmentParams, NoticeAttachment } from './notices.schemas.ts';
import type { NoticesService } from './notices.service.ts';

const tags = ['notices'];

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function noticeAttachmentsRoutes(
  app: App,
  notices: NoticesService,
  maxBytes: number,
): Promise<void> {
  app.post(
    '/api/v1/notices/:id/attachments',
    {
      config: noticesWrite,
      schema: {
        tags,
        summary: 'Attach a file (multipart: kind, then file)',
        description:
          'Accepted by content, not by name: PNG, JPEG, GIF, WebP, PDF, DOCX, XLSX, plain text. kind is evidence ' +
          '(default), rectification_report or other; send it before the file (or as ?kind=).',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: NoticeAttachment },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      // Visibility and the right to upload are checked before the body is read.
      await notices.load(actor, req.params.id);
      const upload = await readRawUpload(req, { maxBytes });
      const query = req.query as { kind?: unknown };
      const kind = upload.fields.kind ?? (typeof query.kind === 'string' ? query.kind : undefined);
      const row = await notices.attachments.upload(actor, req.params.id, upload, kind);
      return reply.status(201).send(presentAttachment(row));
    },
  );

  app.get(
    '/api/v1/notices/:id/attachments/:attachmentId',
    { config: noticesRead, schema: { tags, summary: 'Download an attachment', params: AttachmentParams } },
    async (req, reply) => {
      const { row, content } = await notices.attachments.download(
        actorOf(req),
        req.params.id,
        req.params.attachmentId,
      );
      return reply
        .header('content-type', row.content_type)
        .header('content-disposition', disposition(row.file_name))
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  );
}
