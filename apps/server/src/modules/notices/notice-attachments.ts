import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SniffResult } from '../../platform/files/sniff.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { fieldInvalid } from './notices.i18n.ts';
import { noticesPolicy } from './notices.policy.ts';
import { type NoticeListRow, noticesRepository as repo } from './notices.repository.ts';
import { ATTACHMENT_KINDS } from './notices.schemas.ts';

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** What a notice accepts, judged by content: the MIME type we serve it back with. */
const ACCEPTED: Partial<Record<SniffResult['type'], string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const EXPECTED_LABEL = 'PNG / JPEG / GIF / WebP / PDF / DOCX / XLSX / TXT';

function contentTypeOf(sniffed: SniffResult): string | null {
  // Text is sniffed as 'csv' (text that decodes); it is served back as plain text in its encoding.
  if (sniffed.type === 'csv') return `text/plain; charset=${sniffed.encoding}`;
  return ACCEPTED[sniffed.type] ?? null;
}

export interface IncomingFile {
  fileName: string;
  buffer: Buffer;
  sniffed: SniffResult;
}

/** A file name safe to store and to echo in Content-Disposition: no path, no control characters. */
function cleanFileName(name: string): string {
  const base = [...path.basename(name.replaceAll('\\', '/'))]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('');
  return base.slice(0, 200) || 'file';
}

export function createNoticeAttachments(deps: {
  db: Db;
  now: () => Date;
  dataDir: string;
  load: (actor: Actor, id: number) => Promise<NoticeListRow>;
}) {
  const { db } = deps;
  const root = path.join(deps.dataDir, 'files');

  return {
    /**
     * Stores the file under <dataDir>/files/notices/<id>/<sha256> first (written to a temporary name and
     * renamed, so a crash never leaves half a file under the final name), then records it; when the
     * record fails, a file no other row uses is removed again.
     */
    async upload(actor: Actor, noticeId: number, file: IncomingFile, kindText: string | undefined) {
      const n = await deps.load(actor, noticeId);
      if (!noticesPolicy.canUpload(actor, n)) throw AppError.forbidden();
      const kind = (kindText ?? 'evidence') as AttachmentKind;
      if (!ATTACHMENT_KINDS.includes(kind)) throw fieldInvalid(actor.locale, 'kind', 'kind_invalid');
      const contentType = contentTypeOf(file.sniffed);
      if (!contentType) {
        throw new AppError(
          'file_type_rejected',
          { expected: EXPECTED_LABEL },
          { detected: file.sniffed.type, fileName: file.fileName },
        );
      }
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      const storageKey = `notices/${noticeId}/${sha256}`;
      const target = path.join(root, storageKey);
      const existed = existsSync(target);
      if (!existed) {
        await mkdir(path.dirname(target), { recursive: true });
        const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(tmp, file.buffer, { flag: 'wx' });
        await rename(tmp, target);
      }
      const at = deps.now().toISOString();
      const fileName = cleanFileName(file.fileName);
      try {
        return await db.transaction().execute(async (trx) => {
          const eventId = await repo.insertEvent(trx, {
            noticeId,
            at,
            actor,
            action: 'attachment_added',
            fromState: n.state,
            toState: n.state,
            data: { kind, fileName, sizeBytes: file.buffer.length },
          });
          const id = await repo.insertAttachment(trx, {
            noticeId,
            eventId,
            kind,
            fileName,
            contentType,
            sizeBytes: file.buffer.length,
            sha256,
            storageKey,
            uploadedBy: actor.userId,
            createdAt: at,
          });
          await appendAudit(trx, actor, {
            action: 'notice.attachment_add',
            resourceType: 'notice',
            resourceId: noticeId,
            regionPath: n.region_path,
            after: { attachmentId: id, kind, fileName, contentType, sizeBytes: file.buffer.length, sha256 },
          });
          const rows = await repo.listAttachments(trx, noticeId);
          const row = rows.find((r) => r.id === id);
          if (!row) throw new Error('attachment row vanished inside its transaction');
          return row;
        });
      } catch (err) {
        if (!existed && (await repo.countAttachmentsWithKey(db, storageKey)) === 0) {
          await rm(target, { force: true });
        }
        throw err;
      }
    },

    /** The file of an attachment the actor can see; every download is audited. */
    async download(actor: Actor, noticeId: number, attachmentId: number) {
      const n = await deps.load(actor, noticeId);
      const row = await repo.findAttachment(db, noticeId, attachmentId);
      if (!row) throw AppError.notFound();
      const content = await readFile(path.join(root, row.storage_key));
      await appendAudit(db, actor, {
        action: 'notice.attachment_download',
        resourceType: 'notice',
        resourceId: noticeId,
        regionPath: n.region_path,
        after: { attachmentId, fileName: row.file_name, sha256: row.sha256 },
      });
      return { row, content };
    },
  };
}
