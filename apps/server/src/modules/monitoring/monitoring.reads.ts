import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { SnapshotComparison } from './analyzers/snapshot.ts';
import { snapshotOf } from './baselines.ts';
import type { FindingType } from './check-types.ts';
import type { MaintenanceWindow, MonitorCheck } from './monitor-config.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';
import { monitoringMessage } from './monitoring.i18n.ts';
import { monitoringPolicy } from './monitoring.policy.ts';
import { presentOutage, presentSite, presentSnapshot } from './monitoring.presenter.ts';
import {
  type MonitorWithAsset,
  monitoringRepository as repo,
  type SiteFilter,
} from './monitoring.repository.ts';
import { presentRender } from './render/render.presenter.ts';
import { renderRepository } from './render/render.repository.ts';
import { parseJsonArray } from './run-monitor.ts';

const MAX_RUN_POINTS = 5000;
const SEVERITY = ['I', 'II', 'III', 'IV'] as const;
const sev = (s: string) => SEVERITY.find((x) => x === s) ?? 'IV';

/** The read side of monitoring: list, status wall, detail, run series and baseline diffs. */
export function createMonitoringReads(db: Db, now: () => Date) {
  /** Loads a monitor with the read rule: not visible is 404. */
  async function load(actor: Actor, id: number): Promise<MonitorWithAsset> {
    const m = await repo.find(db, id);
    if (!m || !monitoringPolicy.canRead(actor, { unitId: m.unitId, regionPath: m.regionPath }))
      throw AppError.notFound();
    return m;
  }

  return {
    load,

    async list(actor: Actor, filter: SiteFilter) {
      const at = now();
      const { items, total } = await repo.listVisibleTo(db, actor, filter, at);
      return { items: items.map((row) => presentSite(actor, row)), total };
    },

    async summary(actor: Actor) {
      const { byStatus, byUnit } = await repo.summaryVisibleTo(db, actor);
      const count = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
      return {
        total: byStatus.reduce((n, r) => n + Number(r.n), 0),
        up: count('up'),
        down: count('down'),
        degraded: count('degraded'),
        maintenance: count('maintenance'),
        unknown: count('unknown'),
        byUnit: byUnit.map((u) => ({
          unitId: u.unitId,
          unitName: u.unitName,
          total: Number(u.total),
          down: Number(u.down),
          openFindings: Number(u.openFindings),
        })),
      };
    },

    async detail(actor: Actor, id: number) {
      const m = await load(actor, id);
      const at = now();
      const [baselines, outages, findings, renders] = await Promise.all([
        state.baselines(db, m.id),
        state.recentOutages(db, m.id, 50),
        state.openMonitoringFindings(db, m.asset_id),
        renderRepository.latestPerPage(db, m.id),
      ]);
      const day = new Date(at.getTime() - 24 * 3600_000).toISOString();
      const week = new Date(at.getTime() - 7 * 24 * 3600_000).toISOString();
      const hours = await state.hourlyBetween(db, m.id, week, at.toISOString());
      const sum = (since: string, k: 'checks' | 'up') =>
        hours.filter((h) => h.hour >= since).reduce((n, h) => n + h[k], 0);
      const site = presentSite(actor, {
        monitorId: m.id,
        assetId: m.asset_id,
        assetName: m.assetName,
        unitId: m.unitId,
        unitName: m.unitName,
        regionPath: m.regionPath,
        pages: m.pages,
        enabled: m.enabled,
        status: m.status,
        lastLatencyMs: m.last_latency_ms,
        lastRunAt: m.last_run_at,
        intervalSeconds: m.interval_seconds,
        openFindings: findings.length,
        checks24h: sum(day, 'checks'),
        up24h: sum(day, 'up'),
        checks7d: sum(week, 'checks'),
        up7d: sum(week, 'up'),
      });
      return {
        ...site,
        pages: parseJsonArray<string>(m.pages),
        checks: parseJsonArray<MonitorCheck>(m.checks),
        crawlDepth: m.crawl_depth,
        maintenance: parseJsonArray<MaintenanceWindow>(m.maintenance),
        tlsProbeHours: m.tls_probe_hours,
        nextRunAt: m.next_run_at,
        lastStatusCode: m.last_status_code,
        lastError: m.last_error,
        openFindingsCount: findings.length,
        outages: outages.map((o) => presentOutage(o, at)),
        baselines: baselines.map((b) => ({
          pageUrl: b.page_url,
          acceptedAt: b.accepted_at,
          acceptedBy: b.accepted_by,
          acceptedByName: b.accepted_by_name,
          hasPendingChange: b.pending_snapshot !== null,
          pendingSince: b.pending_since,
        })),
        openFindings: findings.map((f) => ({
          findingId: f.id,
          type: f.detector.replace(/^monitoring\./, '') as FindingType,
          severity: sev(f.severity),
          title: f.title,
          firstSeenAt: f.first_seen_at,
          lastSeenAt: f.last_seen_at,
          pageUrl: f.page_url,
          isHomepage: f.is_homepage === 1,
          noticeId: f.notice_id,
        })),
        renders: renders.map(presentRender),
      };
    },

    async runs(actor: Actor, id: number, range: { from?: string; to?: string }) {
      const m = await load(actor, id);
      const to = range.to ? new Date(range.to) : now();
      const from = range.from ? new Date(range.from) : new Date(to.getTime() - 24 * 3600_000);
      const [runs, hours] = await Promise.all([
        state.runsBetween(db, m.id, from.toISOString(), to.toISOString(), MAX_RUN_POINTS),
        state.hourlyBetween(db, m.id, `${from.toISOString().slice(0, 13)}:00:00.000Z`, to.toISOString()),
      ]);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        items: runs.map((r) => ({
          id: r.id,
          at: r.at,
          ok: r.ok === 1,
          statusCode: r.status_code,
          latencyMs: r.latency_ms,
          findingsCount: r.findings_count,
          errorKind: r.error_kind,
          trigger: r.trigger,
        })),
        hourly: hours.map((h) => ({
          hour: h.hour,
          checks: h.checks,
          up: h.up,
          avgLatencyMs: h.checks > 0 ? Math.round(h.latency_sum / h.checks) : null,
        })),
      };
    },

    async diff(actor: Actor, id: number, pageUrl: string) {
      const m = await load(actor, id);
      const b = await state.baseline(db, m.id, pageUrl);
      const baseline = snapshotOf(b?.snapshot ?? null);
      if (!b || !baseline) {
        throw AppError.invalid([
          {
            field: 'pageUrl',
            message: monitoringMessage(actor.locale, 'page_not_watched', { value: pageUrl }),
          },
        ]);
      }
      const current = snapshotOf(b.pending_snapshot);
      const comparison = parseComparison(b.pending_comparison);
      return {
        pageUrl,
        acceptedAt: b.accepted_at,
        acceptedByName: b.accepted_by_name,
        pendingSince: b.pending_since,
        baseline: presentSnapshot(baseline),
        current: current ? presentSnapshot(current) : null,
        diff: comparison?.diff ?? { added: [], removed: [], text: '' },
        reasons: comparison?.reasons ?? [],
        score: comparison?.score ?? null,
        newScripts: comparison?.newScripts ?? [],
        newIframes: comparison?.newIframes ?? [],
        newDomains: comparison?.newDomains ?? [],
      };
    },
  };
}

function parseComparison(json: string | null): SnapshotComparison | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && 'diff' in v ? (v as SnapshotComparison) : null;
  } catch {
    return null;
  }
}
