import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { noticeVisibleTo } from '../notices.repository.ts';
import type { DocumentAttachment, DocumentEvent, DocumentFinding, DocumentNotice } from './document-data.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const documentsRepository = {
  /** The notice with the names a document prints, when the actor may read it. */
  async findVisible(db: Q, actor: Actor, id: number): Promise<DocumentNotice | undefined> {
    return db
      .selectFrom('notices')
      .innerJoin('units', 'units.id', 'notices.unit_id')
      .innerJoin('regions as office', 'office.id', 'notices.office_region_id')
      .leftJoin('assets', 'assets.id', 'notices.asset_id')
      .where('notices.id', '=', id)
      .where(noticeVisibleTo(actor))
      .select([
        'notices.id',
        'notices.doc_number as docNumber',
        'notices.title',
        'notices.description',
        'notices.required_actions as requiredActions',
        'notices.category',
        'notices.severity',
        'notices.tlp',
        'notices.state',
        'notices.sign_due_at as signDueAt',
        'notices.rectify_due_at as rectifyDueAt',
        'notices.deadline_provisional as deadlineProvisional',
        'notices.issued_at as issuedAt',
        'notices.signed_at as signedAt',
        'notices.reported_at as reportedAt',
        'notices.region_path as regionPath',
        'notices.unit_id as unitId',
        'units.name as unitName',
        'office.name as officeRegionName',
        'assets.name as assetName',
      ])
      .executeTakeFirst();
  },

  async findingsOf(db: Q, noticeId: number): Promise<DocumentFinding[]> {
    return db
      .selectFrom('findings')
      .where('notice_id', '=', noticeId)
      .select([
        'title',
        'page_url as pageUrl',
        'is_homepage as isHomepage',
        'evidence',
        'first_seen_at as firstSeenAt',
        'last_seen_at as lastSeenAt',
      ])
      .orderBy('first_seen_at')
      .orderBy('id')
      .execute();
  },

  async attachmentsOf(db: Q, noticeId: number): Promise<DocumentAttachment[]> {
    return db
      .selectFrom('notice_attachments')
      .leftJoin('users', 'users.id', 'notice_attachments.uploaded_by')
      .where('notice_attachments.notice_id', '=', noticeId)
      .select([
        'notice_attachments.kind',
        'notice_attachments.file_name as fileName',
        'users.unit_id as uploaderUnitId',
      ])
      .orderBy('notice_attachments.id')
      .execute();
  },

  /** Timeline entries of the given actions, oldest first. */
  async eventsOf(db: Q, noticeId: number, actions: readonly string[]): Promise<DocumentEvent[]> {
    return db
      .selectFrom('notice_events')
      .where('notice_id', '=', noticeId)
      .where('action', 'in', [...actions])
      .select(['at', 'actor_name as actorName', 'action', 'reason', 'data'])
      .orderBy('id')
      .execute();
  },
};
