import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { Paged, paging } from '../../platform/http/schemas.ts';
import { presentAuditEntry } from './audit.presenter.ts';
import { AuditEntry, AuditFilterQuery, AuditListQuery, AuditVerifyResult } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

const read = { access: { kind: 'user', scope: 'audit:read' } } as const;
const tags = ['audit'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function auditRoutes(app: App, audit: AuditService): Promise<void> {
  app.get(
    '/api/v1/audit',
    {
      config: read,
      schema: {
        tags,
        summary: 'Audit log entries of the caller’s jurisdiction, newest first',
        description:
          '`action` matches exactly, or by prefix when it ends with `*` (e.g. `unit.*`). `from`/`to` take a day ' +
          '(whole day, UTC) or an instant, both inclusive.',
        querystring: AuditListQuery,
        response: { 200: Paged(AuditEntry) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await audit.list(actorOf(req), req.query, p);
      return { items: items.map(presentAuditEntry), total, page: p.page, pageSize: p.pageSize };
    },
  );

  app.get(
    '/api/v1/audit/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The filtered audit log as an Excel workbook (the export is itself audited)',
        querystring: AuditFilterQuery,
        produces: [XLSX],
        response: { 200: Type.Any({ description: 'XLSX workbook' }) },
      },
    },
    async (req, reply) => {
      const { content } = await audit.exportXlsx(actorOf(req), req.query, req.locale);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="audit-${stamp}.xlsx"`)
        .send(content);
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: read,
      schema: {
        tags,
        summary: 'Verify the whole hash chain of the audit log (system administrators and auditors)',
        response: { 200: AuditVerifyResult },
      },
    },
    async (req) => audit.verify(actorOf(req)),
  );
}
