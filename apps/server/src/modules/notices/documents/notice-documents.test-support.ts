import type { TestContext } from '../../../../test/harness.ts';
import type { NoticeTable } from '../../../platform/db/schema-notices.ts';
import { noticeDailyStats } from '../dashboard/notice-daily-stats.ts';

type NoticeValues = Omit<NoticeTable, 'id'>;

/**
 * Inserts a notice row directly, in any state and with any history, so documents and KPIs can be
 * tested against hand-built numbers without walking the state machine.
 */
export async function insertNotice(
  ctx: TestContext,
  base: { unitId: number; officeRegionId: number; createdBy: number },
  overrides: Partial<NoticeValues> = {},
): Promise<number> {
  const { db } = ctx.services.database;
  const unit = await db
    .selectFrom('units')
    .innerJoin('regions', 'regions.id', 'units.region_id')
    .select('regions.path')
    .where('units.id', '=', base.unitId)
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now().toISOString();
  const values: NoticeValues = {
    office_region_id: base.officeRegionId,
    doc_year: null,
    doc_seq: null,
    doc_number: null,
    unit_id: base.unitId,
    asset_id: null,
    region_path: unit.path,
    category: 'defacement',
    severity: 'III',
    title: 'Notice',
    description: 'Description',
    required_actions: 'Fix it',
    tlp: 'AMBER',
    state: 'draft',
    source: 'manual',
    requires_leader_approval: 0,
    sign_due_at: null,
    rectify_due_at: null,
    deadline_provisional: 0,
    deadline_reason: null,
    overdue: 0,
    overdue_since: null,
    supervision_level: 0,
    last_reminder_at: null,
    return_count: 0,
    reopen_count: 0,
    signed_on_time: null,
    rectified_on_time: null,
    created_by: base.createdBy,
    issued_at: null,
    signed_at: null,
    reported_at: null,
    closed_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
  // The dashboard's daily stats count the notice as if its history had run through the transitions.
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('notices').values(values).returning('id').executeTakeFirstOrThrow();
    await noticeDailyStats.applyChange(trx, null, values);
    return inserted;
  });
  return row.id;
}

export async function insertNoticeEvent(
  ctx: TestContext,
  noticeId: number,
  e: { at: string; actorName: string; action: string; reason?: string | null; note?: string },
): Promise<void> {
  await ctx.services.database.db
    .insertInto('notice_events')
    .values({
      notice_id: noticeId,
      at: e.at,
      actor_user_id: null,
      actor_name: e.actorName,
      actor_role: 'unit_handler',
      action: e.action,
      from_state: null,
      to_state: null,
      reason: e.reason ?? null,
      data: e.note === undefined ? null : JSON.stringify({ note: e.note }),
    })
    .execute();
}

export async function insertAttachment(
  ctx: TestContext,
  noticeId: number,
  a: { kind: string; fileName: string; uploadedBy: number },
): Promise<void> {
  await ctx.services.database.db
    .insertInto('notice_attachments')
    .values({
      notice_id: noticeId,
      event_id: null,
      kind: a.kind,
      file_name: a.fileName,
      content_type: 'image/png',
      size_bytes: 10,
      sha256: '0'.repeat(64),
      storage_key: `test/${a.fileName}`,
      uploaded_by: a.uploadedBy,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}

export async function insertFinding(
  ctx: TestContext,
  noticeId: number,
  unitId: number,
  f: {
    title: string;
    pageUrl: string;
    isHomepage: boolean;
    evidence: Record<string, unknown>;
    firstSeenAt: string;
    lastSeenAt: string;
  },
): Promise<void> {
  await ctx.services.database.db
    .insertInto('findings')
    .values({
      source: 'monitoring',
      detector: 'monitoring.hidden_links',
      dedup_key: `test:${noticeId}:${f.title}`,
      unit_id: unitId,
      asset_id: null,
      region_path: '/',
      category: 'hidden_links',
      severity: 'II',
      title: f.title,
      description: null,
      evidence: JSON.stringify(f.evidence),
      page_url: f.pageUrl,
      is_homepage: f.isHomepage ? 1 : 0,
      recheck: null,
      status: 'open',
      notice_id: noticeId,
      first_seen_at: f.firstSeenAt,
      last_seen_at: f.lastSeenAt,
      resolved_at: null,
      created_at: f.firstSeenAt,
      updated_at: f.lastSeenAt,
    })
    .execute();
}
