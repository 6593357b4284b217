import type {
  TopicAlertRow,
  TopicFeedRow,
  TopicItemRow,
  TopicRiskAssessmentRow,
  TopicRow,
} from '../../platform/db/schema-topics.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { topicAbilities, topicsPolicy } from './topics.policy.ts';

const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** Minutes from the first alert (or the first item) to the first public response. */
export function timeToFirstResponse(
  t: Pick<TopicRow, 'first_alert_at' | 'first_seen_at' | 'first_response_at'>,
) {
  if (!t.first_response_at) return null;
  const from = Date.parse(t.first_alert_at ?? t.first_seen_at);
  return Math.max(0, Math.round((Date.parse(t.first_response_at) - from) / 60_000));
}

export function presentTopic(
  actor: Actor,
  t: TopicRow,
  regions: Array<{ regionId: number; name: string; count: number }>,
) {
  return {
    id: t.id,
    title: t.title,
    keywords: json<string[]>(t.keywords, []),
    state: t.state as 'rising' | 'active' | 'cooling' | 'cold',
    itemCount: t.item_count,
    urgentCount: t.urgent_count,
    sourceCount: t.source_count,
    firstSeenAt: t.first_seen_at,
    lastSeenAt: t.last_seen_at,
    peakCount: t.peak_count,
    peakBucketAt: t.peak_bucket_at,
    riskLevel: t.risk_level as 'I' | 'II' | 'III' | 'IV' | null,
    alertCount: t.alert_count,
    firstAlertAt: t.first_alert_at,
    lastAlertAt: t.last_alert_at,
    firstResponseAt: t.first_response_at,
    timeToFirstResponseMinutes: timeToFirstResponse(t),
    regionId: t.region_id,
    regions,
    abilities: topicAbilities(actor),
  };
}

export function presentAlert(actor: Actor, a: TopicAlertRow) {
  const why = json<Record<string, unknown>>(a.why, {});
  return {
    id: a.id,
    topicId: a.topic_id,
    kind: a.kind as 'topic' | 'region',
    regionId: a.region_id,
    place: a.place,
    firedAt: a.fired_at,
    bucketAt: a.bucket_at,
    title: a.title,
    keywords: json<string[]>(a.keywords, []),
    why: {
      count: Number(why.count ?? 0),
      expected: Number(why.expected ?? 0),
      growth: Number(why.growth ?? 0),
      surprise: Number(why.surprise ?? 0),
      sources: (why.sources as { distinct: number; top: Array<{ name: string; count: number }> }) ?? {
        distinct: 0,
        top: [],
      },
      regions: (why.regions as { distinct: number; top: Array<{ name: string; count: number }> }) ?? {
        distinct: 0,
        top: [],
      },
      tone: why.tone,
    },
    acknowledgedAt: a.acknowledged_at,
    acknowledgedByName: a.acknowledged_by_name,
    abilities: { acknowledge: topicsPolicy.canAcknowledge(actor) && a.acknowledged_at === null },
  };
}

export function presentItem(i: TopicItemRow) {
  return {
    id: i.id,
    sourceKind: i.source_kind as 'intake' | 'feed' | 'import',
    sourceLabel: i.source_label,
    occurredAt: i.occurred_at,
    title: i.title,
    text: i.text,
    url: i.url,
    regionId: i.region_id,
    place: i.place,
    intakeCaseId: i.intake_case_id,
    feedId: i.feed_id,
    duplicate: i.duplicate_of !== null,
    urgency: i.urgency,
  };
}

export function presentFeed(actor: Actor, f: TopicFeedRow) {
  const manage = topicsPolicy.canWork(actor) && topicsPolicy.inJurisdiction(actor, f.region_path);
  return {
    id: f.id,
    name: f.name,
    url: f.url,
    regionId: f.region_id,
    enabled: f.enabled === 1,
    intervalMinutes: f.interval_minutes,
    format: f.format,
    lastStatus: f.last_status as 'ok' | 'not_modified' | 'error' | null,
    lastHttpStatus: f.last_http_status,
    lastError: f.last_error,
    lastPolledAt: f.last_polled_at,
    lastSuccessAt: f.last_success_at,
    lastItemCount: f.last_item_count,
    itemsTotal: f.items_total,
    failures: f.failures,
    nextPollAt: f.next_poll_at,
    createdAt: f.created_at,
    abilities: { edit: manage, delete: manage, poll: manage },
  };
}

export function presentRisk(actor: Actor, r: TopicRiskAssessmentRow) {
  const manage = topicsPolicy.canWork(actor) && topicsPolicy.inJurisdiction(actor, r.region_path);
  return {
    id: r.id,
    title: r.title,
    decisionRef: r.decision_ref,
    decisionDate: r.decision_date,
    regionId: r.region_id,
    checklist: json<Array<{ key: string; result: 'low' | 'medium' | 'high' | 'na'; note: string }>>(
      r.checklist,
      [],
    ),
    overallRisk: r.overall_risk as 'low' | 'medium' | 'high',
    conclusion: r.conclusion,
    measures: r.measures,
    topicId: r.topic_id,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: { edit: manage, delete: manage, export: true },
  };
}
