import type { IntelFeedRow, IntelIndicatorRow } from '../../../platform/db/schema-intel.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { feedAbilities } from './intel.policy.ts';
import type { ImportProgress } from './intel.service.ts';
import type { ObservableTerm } from './intel-observables.ts';
import type { ImportResult } from './intel-store.ts';

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function presentFeed(
  row: IntelFeedRow,
  total: number,
  active: number,
  progress: ImportProgress | null,
  actor?: Actor,
) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as 'stix' | 'misp' | 'csv',
    url: row.url,
    enabled: row.enabled === 1,
    defaultTtlDays: row.default_ttl_days,
    refreshMinutes: row.refresh_minutes,
    nextRunAt: row.next_run_at,
    importState: (row.import_state as 'queued' | 'running' | null) ?? null,
    progress,
    lastImportAt: row.last_import_at,
    lastStatus: (row.last_status as 'ok' | 'partial' | 'failed' | null) ?? null,
    lastResult: parseJson<ImportResult | null>(row.last_result, null),
    indicators: total,
    activeIndicators: active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    abilities: actor ? feedAbilities(actor) : { edit: false, delete: false, import: false },
  };
}

/** An indicator's state at `now`: what the matcher does with it and why. */
export function indicatorStatus(row: IntelIndicatorRow, now: string) {
  if (row.revoked === 1) return 'revoked' as const;
  if (row.matchable === 0) return 'unmatchable' as const;
  if (row.expires_at !== null && row.expires_at <= now) return 'expired' as const;
  if (row.valid_from !== null && row.valid_from > now) return 'pending' as const;
  return 'active' as const;
}

export function presentIndicator(row: IntelIndicatorRow & { feed_name: string }, now: string) {
  return {
    id: row.id,
    feedId: row.feed_id,
    feedName: row.feed_name,
    externalId: row.external_id,
    version: row.version,
    type: row.type,
    value: row.value,
    name: row.name,
    status: indicatorStatus(row, now),
    level: row.level,
    confidence: row.confidence,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    expiresAt: row.expires_at,
    unmatchableReason: row.unmatchable_reason,
    labels: parseJson<string[]>(row.labels, []),
    updatedAt: row.updated_at,
  };
}

export function presentIndicatorDetail(row: IntelIndicatorRow & { feed_name: string }, now: string) {
  return {
    ...presentIndicator(row, now),
    description: row.description,
    pattern: row.pattern,
    clauses: parseJson<ObservableTerm[][]>(row.clauses, []),
    sourceTime: row.source_time,
    createdAt: row.created_at,
    // The key alerts carry for this indicator, to find its detections.
    ruleKey: `ioc:${row.id}`,
  };
}
