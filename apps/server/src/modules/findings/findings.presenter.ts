import type { Severity } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';
import { findingAbilities } from './findings.policy.ts';
import type { FindingWithUnit } from './findings.repository.ts';
import type { FINDING_STATUSES } from './findings.schemas.ts';

function evidenceOf(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}

export function presentFinding(actor: Actor, f: FindingWithUnit) {
  return {
    id: f.id,
    source: f.source,
    detector: f.detector,
    dedupKey: f.dedup_key,
    unitId: f.unit_id,
    unitName: f.unit_name,
    assetId: f.asset_id,
    category: f.category,
    // Only SEVERITIES and FINDING_STATUSES values are written (schemas and the service check them).
    severity: f.severity as Severity,
    title: f.title,
    description: f.description,
    evidence: evidenceOf(f.evidence),
    pageUrl: f.page_url,
    isHomepage: f.is_homepage === 1,
    recheckable: f.recheck !== null,
    status: f.status as (typeof FINDING_STATUSES)[number],
    noticeId: f.notice_id,
    firstSeenAt: f.first_seen_at,
    lastSeenAt: f.last_seen_at,
    resolvedAt: f.resolved_at,
    createdAt: f.created_at,
    abilities: findingAbilities(actor, f),
  };
}
