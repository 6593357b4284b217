import type { NoticeState, Severity, TlpMarking } from '@shouwang/common';
import type { FindingRow } from '../../platform/db/schema-notices.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { noticeAbilities, noticesPolicy } from './notices.policy.ts';
import type { NoticeAttachmentListRow, NoticeEventRow, NoticeListRow } from './notices.repository.ts';
import type { ATTACHMENT_KINDS } from './notices.schemas.ts';

// Only the enums' values are ever written to these columns (schemas and the state machine guard them).
const state = (s: string | null) => s as NoticeState | null;

function parseData(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function presentNoticeSummary(actor: Actor, n: NoticeListRow) {
  return {
    id: n.id,
    docNumber: n.doc_number,
    title: n.title,
    unitId: n.unit_id,
    unitName: n.unit_name,
    regionName: n.region_name,
    assetId: n.asset_id,
    assetName: n.asset_name ?? null,
    category: n.category,
    severity: n.severity as Severity,
    tlp: n.tlp as TlpMarking,
    state: n.state as NoticeState,
    source: n.source,
    signDueAt: n.sign_due_at,
    rectifyDueAt: n.rectify_due_at,
    deadlineProvisional: n.deadline_provisional === 1,
    overdue: n.overdue === 1,
    supervisionLevel: n.supervision_level,
    createdAt: n.created_at,
    updatedAt: n.updated_at,
    issuedAt: n.issued_at,
    closedAt: n.closed_at,
    allowedActions: noticesPolicy.allowedActions(actor, n),
  };
}

export interface NoticeDetailParts {
  notice: NoticeListRow;
  createdBy: { id: number; name: string };
  findings: FindingRow[];
  attachments: NoticeAttachmentListRow[];
  events: NoticeEventRow[];
}

export function presentAttachment(a: NoticeAttachmentListRow) {
  return {
    id: a.id,
    kind: a.kind as (typeof ATTACHMENT_KINDS)[number],
    fileName: a.file_name,
    contentType: a.content_type,
    sizeBytes: a.size_bytes,
    uploadedByName: a.uploaded_by_name ?? `#${a.uploaded_by}`,
    createdAt: a.created_at,
    eventId: a.event_id,
  };
}

export function presentNoticeDetail(actor: Actor, p: NoticeDetailParts) {
  const n = p.notice;
  return {
    ...presentNoticeSummary(actor, n),
    description: n.description,
    requiredActions: n.required_actions,
    requiresLeaderApproval: n.requires_leader_approval === 1,
    deadlineReason: n.deadline_reason,
    returnCount: n.return_count,
    reopenCount: n.reopen_count,
    createdBy: p.createdBy,
    signedAt: n.signed_at,
    reportedAt: n.reported_at,
    version: n.version,
    officeRegionId: n.office_region_id,
    findings: p.findings.map((f) => ({
      id: f.id,
      source: f.source,
      detector: f.detector,
      title: f.title,
      severity: f.severity as Severity,
      status: f.status,
      firstSeenAt: f.first_seen_at,
      lastSeenAt: f.last_seen_at,
      pageUrl: f.page_url,
      isHomepage: f.is_homepage === 1,
    })),
    attachments: p.attachments.map(presentAttachment),
    timeline: p.events.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      action: e.action,
      fromState: state(e.from_state),
      toState: state(e.to_state),
      reason: e.reason,
      data: parseData(e.data),
    })),
    abilities: noticeAbilities(actor, n),
  };
}

export type NoticeDetailView = ReturnType<typeof presentNoticeDetail>;
