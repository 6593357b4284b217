import type { OutageRow } from '../../platform/db/schema-monitoring.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { PageSnapshot } from './analyzers/snapshot.ts';
import { monitorAbilities } from './monitoring.policy.ts';
import type { SiteListRow } from './monitoring.repository.ts';
import { parseJsonArray, presentStatus } from './run-monitor.ts';

const ratio = (up: number | string | null, checks: number | string | null) => {
  const n = Number(checks ?? 0);
  return n > 0 ? Math.round((Number(up ?? 0) / n) * 10_000) / 10_000 : null;
};

export function presentSite(actor: Actor, row: SiteListRow) {
  return {
    monitorId: row.monitorId,
    assetId: row.assetId,
    assetName: row.assetName,
    unitId: row.unitId,
    unitName: row.unitName,
    url: parseJsonArray<string>(row.pages)[0] ?? '',
    enabled: row.enabled === 1,
    status: presentStatus(row.status),
    lastLatencyMs: row.lastLatencyMs,
    lastRunAt: row.lastRunAt,
    uptime24h: ratio(row.up24h, row.checks24h),
    uptime7d: ratio(row.up7d, row.checks7d),
    openFindings: Number(row.openFindings),
    intervalSeconds: row.intervalSeconds,
    abilities: monitorAbilities(actor, { unitId: row.unitId, regionPath: row.regionPath }),
  };
}

export function presentOutage(o: OutageRow, now: Date) {
  const end = o.resolved_at ? Date.parse(o.resolved_at) : now.getTime();
  return {
    id: o.id,
    pageUrl: o.page_url,
    isHomepage: o.is_homepage === 1,
    kind: o.kind === 'defaced' ? ('defaced' as const) : ('down' as const),
    firstSeenAt: o.first_seen_at,
    lastSeenAt: o.last_seen_at,
    confirmedAt: o.confirmed_at,
    resolvedAt: o.resolved_at,
    durationSeconds:
      o.duration_seconds ?? Math.max(0, Math.round((end - Date.parse(o.first_seen_at)) / 1000)),
    detail: o.detail,
  };
}

const MAX_TEXT = 50_000;

export function presentSnapshot(s: PageSnapshot) {
  return {
    title: s.title,
    visibleText: s.visibleText.slice(0, MAX_TEXT),
    scripts: s.scripts,
    iframes: s.iframes,
    outboundDomains: s.outboundDomains,
  };
}
