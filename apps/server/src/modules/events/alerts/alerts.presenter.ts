import type { Severity } from '@shouwang/common';
import type { AlertSampleTable } from '../../../platform/db/schema-alerts.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { type AlertState, alertAbilities, alertsPolicy } from './alerts.policy.ts';
import type { AlertRow, SuppressionListRow } from './alerts.repository.ts';
import type { SuppressionCondition } from './suppression-match.ts';

type Kind = 'sigma' | 'sigma_correlation' | 'indicator';

export function presentAlert(actor: Actor, a: AlertRow) {
  return {
    id: a.id,
    kind: a.kind as Kind,
    ruleKey: a.rule_key,
    title: a.title,
    level: a.level,
    severity: a.severity as Severity,
    isCii: a.is_cii === 1,
    groupKey: a.group_key,
    sourceId: a.source_id,
    unitId: a.unit_id,
    unitName: a.unit_name ?? null,
    assetId: a.asset_id,
    assetName: a.asset_name ?? null,
    state: a.state as AlertState,
    count: a.count,
    firstSeenAt: a.first_seen_at,
    lastSeenAt: a.last_seen_at,
    windowEndsAt: a.window_ends_at,
    matchedFields: JSON.parse(a.matched_fields) as Record<string, string>,
    findingId: a.finding_id,
    version: a.version,
    abilities: alertAbilities(actor, a),
  };
}

export function presentAlertDetail(
  actor: Actor,
  d: {
    alert: AlertRow;
    samples: (Omit<AlertSampleTable, 'id'> & { id: number })[];
    related: AlertRow[];
    noticeId: number | null;
  },
) {
  return {
    ...presentAlert(actor, d.alert),
    noticeId: d.noticeId,
    samples: d.samples.map((s) => ({
      id: s.id,
      at: s.at,
      event: JSON.parse(s.event) as Record<string, unknown>,
      matchedFields: JSON.parse(s.matched_fields) as Record<string, string>,
    })),
    related: d.related.map((r) => presentAlert(actor, r)),
  };
}

export function presentSuppression(actor: Actor, s: SuppressionListRow, now: Date) {
  const write = alertsPolicy.canWrite(actor, s);
  return {
    id: s.id,
    ruleKey: s.rule_key,
    sourceId: s.source_id,
    unitId: s.unit_id,
    unitName: s.unit_name ?? null,
    assetId: s.asset_id,
    assetName: s.asset_name ?? null,
    conditions: JSON.parse(s.conditions) as SuppressionCondition[],
    reason: s.reason,
    expiresAt: s.expires_at,
    expired: s.expires_at !== null && Date.parse(s.expires_at) <= now.getTime(),
    hits: s.hits,
    lastHitAt: s.last_hit_at,
    createdByName: s.created_by_name,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    abilities: { update: write, delete: write },
  };
}
