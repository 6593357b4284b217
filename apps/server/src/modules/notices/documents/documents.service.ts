import { PassThrough, type Readable } from 'node:stream';
import type { Locale } from '@shouwang/common';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { type NoticeQuery, resolveNoticeFilter } from '../notices.repository.ts';
import type { DocumentNotice } from './document-data.ts';
import { noticeDocText } from './document-text.ts';
import { documentsRepository as repo } from './documents.repository.ts';
import { noticeDocx } from './notice-document.ts';
import { type ExportSort, noticeExportRepository } from './notice-export.repository.ts';
import { writeNoticesXlsx } from './notice-sheet.ts';
import { REPORT_ACTIONS, reportBackDocx } from './report-back-document.ts';

/** The largest list export; beyond it the caller narrows the filter (422 export_too_large). */
export const NOTICE_EXPORT_MAX_ROWS = 100_000;

export interface GeneratedDocument {
  content: Buffer;
  /** Download name without extension, in the caller's language. */
  baseName: string;
}

/**
 * The notice as documents: the rectification notice and the unit's report-back as DOCX, and the list as
 * XLSX. Reading is the notice's read rule (not visible: 404); every download is audited.
 */
export function createNoticeDocumentsService(
  db: Kysely<Database>,
  now: () => Date,
  options: { exportMaxRows?: number } = {},
) {
  const maxRows = options.exportMaxRows ?? NOTICE_EXPORT_MAX_ROWS;
  async function load(actor: Actor, id: number): Promise<DocumentNotice> {
    const notice = await repo.findVisible(db, actor, id);
    if (!notice) throw AppError.notFound();
    return notice;
  }

  async function audited(actor: Actor, action: string, n: DocumentNotice): Promise<void> {
    await db.transaction().execute((trx) =>
      appendAudit(trx, actor, {
        action,
        resourceType: 'notice',
        resourceId: n.id,
        regionPath: n.regionPath,
        after: { docNumber: n.docNumber, state: n.state },
      }),
    );
  }

  const baseName = (stem: string, n: DocumentNotice) => `${stem}-${n.docNumber ?? n.id}`;

  return {
    /** 《网络安全问题整改通知书》 of a notice. */
    async noticeDocument(actor: Actor, id: number, locale: Locale): Promise<GeneratedDocument> {
      const notice = await load(actor, id);
      const [findings, attachments] = await Promise.all([
        repo.findingsOf(db, id),
        repo.attachmentsOf(db, id),
      ]);
      const content = await noticeDocx({ notice, findings, attachments, now: now(), locale });
      await audited(actor, 'notice.document_download', notice);
      return { content, baseName: baseName(noticeDocText(locale).files.notice, notice) };
    },

    /** 整改情况报告: what the unit did, from the timeline, with its files. */
    async reportBackDocument(actor: Actor, id: number, locale: Locale): Promise<GeneratedDocument> {
      const notice = await load(actor, id);
      const [events, attachments] = await Promise.all([
        repo.eventsOf(db, id, REPORT_ACTIONS),
        repo.attachmentsOf(db, id),
      ]);
      const content = await reportBackDocx({ notice, events, attachments, now: now(), locale });
      await audited(actor, 'notice.report_download', notice);
      return { content, baseName: baseName(noticeDocText(locale).files.report, notice) };
    },

    /** The visible notices matching the list filters, streamed as XLSX; refused above the row cap. */
    async exportXlsx(actor: Actor, query: NoticeQuery & ExportSort, locale: Locale): Promise<Readable> {
      const filter = await resolveNoticeFilter(db, query);
      const count = await noticeExportRepository.countVisibleTo(db, actor, filter);
      if (count > maxRows) {
        throw new AppError('export_too_large', { count, limit: maxRows }, undefined, 422);
      }
      await db.transaction().execute((trx) =>
        appendAudit(trx, actor, {
          action: 'notice.export',
          resourceType: 'notice',
          regionPath: actor.regionPath,
          after: { filter: query, count },
        }),
      );
      const out = new PassThrough();
      const rows = noticeExportRepository.iterateVisibleTo(
        db,
        actor,
        { ...filter, sort: query.sort, order: query.order },
        maxRows,
      );
      writeNoticesXlsx(out, locale, rows).catch((err: unknown) => {
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return out;
    },
  };
}

export type NoticeDocumentsService = ReturnType<typeof createNoticeDocumentsService>;
