import type { Locale } from '@shouwang/common';
import ExcelJS from 'exceljs';
import type { VerifyResult } from '../../platform/audit/audit-chain.ts';
import { appendAudit, verifyAuditChain } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AuditLogRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { auditExportHeadings } from './audit.i18n.ts';
import { auditPolicy } from './audit.policy.ts';
import { type AuditFilter, auditRepository } from './audit.repository.ts';

export interface AuditQuery {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  /** A day (from its start, UTC) or an instant, inclusive. */
  from?: string;
  /** A day (to its end, UTC) or an instant, inclusive. */
  to?: string;
}

/** Rows one export may hold; beyond it the caller narrows the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
// Excel refuses cells longer than 32,767 characters.
const CELL_MAX = 32_000;
const DAY_MS = 24 * 3600_000;
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

function toFilter(q: AuditQuery): AuditFilter {
  const instant = (value: string, field: string) => {
    const d = new Date(isDay(value) ? `${value}T00:00:00.000Z` : value);
    if (Number.isNaN(d.getTime())) throw AppError.invalid([{ field, message: value }]);
    return d;
  };
  const filter: AuditFilter = {
    actor: q.actor,
    action: q.action,
    resourceType: q.resourceType,
    resourceId: q.resourceId,
  };
  if (q.from) filter.from = instant(q.from, 'from').toISOString();
  if (q.to) {
    const to = instant(q.to, 'to');
    filter.toExclusive = new Date(to.getTime() + (isDay(q.to) ? DAY_MS : 1)).toISOString();
  }
  return filter;
}

function cell(json: string | null): string {
  if (json === null) return '';
  return json.length > CELL_MAX ? `${json.slice(0, CELL_MAX)}…` : json;
}

/** Reading, exporting and verifying the audit log. Reading is not itself audited; exports are. */
export function createAuditService(db: Db) {
  function authorizeRead(actor: Actor): void {
    if (!auditPolicy.canRead(actor)) throw AppError.forbidden();
  }

  return {
    async list(
      actor: Actor,
      query: AuditQuery,
      page: { limit: number; offset: number },
    ): Promise<{ items: AuditLogRow[]; total: number }> {
      authorizeRead(actor);
      return auditRepository.listVisibleTo(db, actor, toFilter(query), page);
    },

    /** The filtered entries as an XLSX workbook; the export itself is recorded in the audit log. */
    async exportXlsx(
      actor: Actor,
      query: AuditQuery,
      locale: Locale,
    ): Promise<{ content: Buffer; rows: number }> {
      authorizeRead(actor);
      const filter = toFilter(query);
      const count = await auditRepository.countVisibleTo(db, actor, filter);
      if (count > AUDIT_EXPORT_MAX_ROWS) {
        throw new AppError('export_too_large', { count, limit: AUDIT_EXPORT_MAX_ROWS }, undefined, 422);
      }
      const h = auditExportHeadings[locale];
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(h.sheet);
      sheet.columns = [
        { header: h.id, key: 'id', width: 8 },
        { header: h.at, key: 'at', width: 26 },
        { header: h.actorName, key: 'actorName', width: 16 },
        { header: h.actorRole, key: 'actorRole', width: 14 },
        { header: h.ip, key: 'ip', width: 16 },
        { header: h.requestId, key: 'requestId', width: 38 },
        { header: h.action, key: 'action', width: 20 },
        { header: h.resourceType, key: 'resourceType', width: 14 },
        { header: h.resourceId, key: 'resourceId', width: 10 },
        { header: h.before, key: 'before', width: 50 },
        { header: h.after, key: 'after', width: 50 },
      ];
      let rows = 0;
      for await (const r of auditRepository.iterateVisibleTo(db, actor, filter)) {
        if (rows >= AUDIT_EXPORT_MAX_ROWS) break;
        sheet.addRow({
          id: r.id,
          at: r.at,
          actorName: r.actor_name,
          actorRole: r.actor_role ?? '',
          ip: r.ip ?? '',
          requestId: r.request_id ?? '',
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id ?? '',
          before: cell(r.before_json),
          after: cell(r.after_json),
        });
        rows += 1;
      }
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      const content = Buffer.from(await workbook.xlsx.writeBuffer());
      await db.transaction().execute((trx) =>
        appendAudit(trx, actor, {
          action: 'audit.export',
          resourceType: 'audit_log',
          regionPath: actor.regionPath,
          after: { filter: query, rows },
        }),
      );
      return { content, rows };
    },

    async verify(actor: Actor): Promise<VerifyResult> {
      if (!auditPolicy.canVerify(actor)) throw AppError.forbidden();
      return verifyAuditChain(db);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
