import { randomUUID } from 'node:crypto';
import type { Severity } from '@shouwang/common';
import type { Db } from '../../platform/db/database.ts';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import type { FindingReport, FindingsService } from '../findings/findings.service.ts';
import { baselineRefOf, isSnapshotJson, trackBaseline } from './baselines.ts';
import type { CheckFinding, FindingType } from './check-types.ts';
import type { SafeFetchOptions } from './fetch/fetch-types.ts';
import { inMaintenance, type MaintenanceWindow, type MonitorCheck } from './monitor-config.ts';
import { type PageOutcome, type PlannedPage, runPlan } from './monitor-runner.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';
import { type MonitorWithAsset, monitoringRepository as repo } from './monitoring.repository.ts';
import { type OutageEnd, trackDefaced, trackDown } from './outages.ts';
import { RENDER_FINDING_TYPES, type Rendering } from './render/rendering.ts';
import { severityOf, severityPolicyStore } from './severity-policy.ts';

const STATUSES: readonly MonitorStatus[] = ['up', 'down', 'degraded', 'unknown', 'maintenance'];
export const presentStatus = (s: string): MonitorStatus => STATUSES.find((x) => x === s) ?? 'unknown';

export interface MonitorRunDeps {
  db: Db;
  findings: FindingsService;
  now: () => Date;
  fetchOptions: SafeFetchOptions;
  /** How soon a first failure is checked again to confirm an outage (default 30 s). */
  confirmDelaySeconds: number;
  /** How long a claimed run may take before another worker may claim the monitor again. */
  leaseSeconds: number;
  slowThresholdMs?: number;
  /** The rendering pass: attaches renders to findings, and asks for new ones when Chromium is configured. */
  rendering?: Rendering;
}

export type MonitorStatus = 'up' | 'down' | 'degraded' | 'unknown' | 'maintenance';

export interface RunResult {
  monitorId: number;
  runId: number | null;
  skipped: 'maintenance' | null;
  status: MonitorStatus;
  findings: Array<Pick<CheckFinding, 'type' | 'severity' | 'title' | 'pageUrl' | 'isHomepage'>>;
}

/** The monitor's own identity in the audit log and on notice timelines. */
export const monitorActor: Actor = systemActor('/', 'monitoring');

const DOWN: readonly FindingType[] = ['site_down', 'dns_failure'];

export const dedupKeyOf = (assetId: number, type: string, pageUrl: string) =>
  `monitoring:${assetId}:${type}:${pageUrl}`;

export function parseJsonArray<T>(json: string): T[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function statusOf(
  home: PageOutcome | undefined,
  steps: Map<string, boolean>,
  outcomes: PageOutcome[],
): MonitorStatus {
  if (!home || (home.errorKind !== null && !home.down && home.statusCode === null)) return 'unknown';
  if (home.down && steps.get(home.url)) return 'down';
  const troubled =
    outcomes.some((o) => o.down) ||
    home.findings.some((f) => f.type === 'http_error' || f.type === 'slow_response');
  return troubled ? 'degraded' : 'up';
}

/** Writes what a run saw: outages, baselines and the monitor's state in one transaction; then findings. */
async function applyOutcomes(
  deps: MonitorRunDeps,
  m: MonitorWithAsset,
  token: string,
  outcomes: PageOutcome[],
  trigger: 'schedule' | 'manual',
  probedTls: boolean,
): Promise<RunResult> {
  const at = deps.now().toISOString();
  const actor = monitorActor;
  const confirmed = new Map<string, boolean>();
  const ends = new Map<string, OutageEnd>();
  const extra = new Map<string, Record<string, unknown>>();
  let suspect = false;
  const home = outcomes[0];
  const runId = await deps.db.transaction().execute(async (trx) => {
    const open = await state.openOutages(trx, m.id);
    const baselines = await state.baselines(trx, m.id);
    for (const o of outcomes) {
      const target = { monitorId: m.id, regionPath: m.regionPath, pageUrl: o.url, isHomepage: o.isHomepage };
      // A target we may not reach says nothing about the site: leave its outage as it is.
      const known = o.down || o.statusCode !== null;
      if (known) {
        const step = await trackDown(trx, actor, target, open, o.down, o.errorMessage, at);
        confirmed.set(o.url, step.confirmed);
        suspect ||= step.suspect;
        if (step.ended) ends.set(dedupKeyOf(m.asset_id, 'down', o.url), step.ended);
        if (step.outage)
          extra.set(o.url, {
            outageId: step.outage.id,
            firstSeenAt: step.outage.first_seen_at,
            confirmedAt: step.outage.confirmed_at,
          });
      }
      if (o.watched && o.snapshot) {
        const existing = baselines.find((b) => b.page_url === o.url);
        const usable = existing !== undefined && isSnapshotJson(existing.snapshot);
        await trackBaseline(trx, actor, target, existing, o.snapshot, o.comparison, at, usable);
        if (usable) {
          const d = await trackDefaced(trx, actor, target, open, o.comparison !== undefined, at);
          if (d.ended) ends.set(dedupKeyOf(m.asset_id, 'defacement', o.url), d.ended);
          if (d.outage)
            extra.set(`defaced:${o.url}`, { outageId: d.outage.id, firstSeenAt: d.outage.first_seen_at });
        }
      }
    }
    const status = statusOf(home, confirmed, outcomes);
    const next = suspect ? new Date(Date.parse(at) + deps.confirmDelaySeconds * 1000).toISOString() : null;
    const homeUp = home?.reachable === true && !home.down;
    const released = await state.release(trx, m.id, token, {
      status,
      last_run_at: at,
      last_latency_ms: home?.latencyMs ?? null,
      last_status_code: home?.statusCode ?? null,
      last_error: home?.errorMessage ?? null,
      updated_at: at,
      ...(probedTls ? { tls_probed_at: at } : {}),
      ...(next !== null && (m.next_run_at === null || next < m.next_run_at) ? { next_run_at: next } : {}),
    });
    if (!released) return null;
    const id = await state.insertRun(trx, {
      monitor_id: m.id,
      at,
      ok: homeUp ? 1 : 0,
      status_code: home?.statusCode ?? null,
      latency_ms: home?.latencyMs ?? null,
      findings_count: outcomes.reduce((n, o) => n + o.findings.length, 0),
      error_kind: home?.errorKind ?? null,
      trigger,
    });
    if (home && (home.down || home.statusCode !== null)) {
      await state.addHourly(trx, m.id, `${at.slice(0, 13)}:00:00.000Z`, homeUp, home.latencyMs ?? 0);
    }
    return id;
  });
  if (runId === null)
    return { monitorId: m.id, runId: null, skipped: null, status: presentStatus(m.status), findings: [] };

  // Findings after the commit: each report/resolve is its own transaction in the findings module.
  const { policy } = await severityPolicyStore.effective(deps.db, m.regionPath);
  const reported = new Set<string>();
  const present = new Set<string>();
  const out: RunResult['findings'] = [];
  for (const o of outcomes) {
    for (const f of o.findings) {
      const key = dedupKeyOf(m.asset_id, f.type, o.url);
      present.add(key);
      if (DOWN.includes(f.type) && !confirmed.get(o.url)) continue;
      const severity = severityOf(f, policy);
      const evidence = {
        ...f.evidence,
        ...(DOWN.includes(f.type) ? extra.get(o.url) : {}),
        ...(f.type === 'defacement' ? extra.get(`defaced:${o.url}`) : {}),
        // The page's latest render stays with the findings it speaks to (each report replaces evidence).
        ...(o.rendered && RENDER_FINDING_TYPES.includes(f.type) ? { rendered: o.rendered } : {}),
      };
      await deps.findings.report(
        actor,
        monitorFindingReport(m, { ...f, pageUrl: o.url, isHomepage: o.isHomepage }, severity, evidence),
      );
      reported.add(key);
      out.push({ type: f.type, severity, title: f.title, pageUrl: o.url, isHomepage: o.isHomepage });
    }
  }
  const byUrl = new Map(outcomes.map((o) => [o.url, o]));
  for (const f of await state.openMonitoringFindings(deps.db, m.asset_id)) {
    const type = f.detector.replace(/^monitoring\./, '') as FindingType;
    const o = f.page_url === null ? undefined : byUrl.get(f.page_url);
    if (!o || present.has(f.dedup_key) || !o.ranTypes.includes(type)) continue;
    const ended = ends.get(dedupKeyOf(m.asset_id, DOWN.includes(type) ? 'down' : type, o.url));
    await deps.findings.resolve(
      actor,
      f.dedup_key,
      ended ? { outage: ended, durationSeconds: ended.durationSeconds } : {},
    );
  }
  return {
    monitorId: m.id,
    runId,
    skipped: null,
    status: statusOf(home, confirmed, outcomes),
    findings: out,
  };
}

/** What the findings module is told about one finding of a monitor's page. */
export function monitorFindingReport(
  m: Pick<MonitorWithAsset, 'id' | 'asset_id' | 'unitId' | 'assetName'>,
  f: Pick<CheckFinding, 'type' | 'title' | 'pageUrl' | 'isHomepage'>,
  severity: Severity,
  evidence: Record<string, unknown>,
): FindingReport {
  return {
    source: 'monitoring',
    detector: `monitoring.${f.type}`,
    dedupKey: dedupKeyOf(m.asset_id, f.type, f.pageUrl),
    unitId: m.unitId,
    assetId: m.asset_id,
    category: f.type,
    severity,
    title: `${m.assetName}: ${f.title}`,
    evidence,
    pageUrl: f.pageUrl,
    isHomepage: f.isHomepage,
    recheck: {
      detector: `monitoring.${f.type}`,
      params: { monitorId: m.id, pageUrl: f.pageUrl, type: f.type, isHomepage: f.isHomepage },
    },
  };
}

/** The pages a run checks: the watched ones (homepage first) with their baselines. */
export async function plannedPages(db: Db, m: MonitorWithAsset): Promise<PlannedPage[]> {
  const baselines = await state.baselines(db, m.id);
  return parseJsonArray<string>(m.pages).map((url, i) => ({
    url,
    isHomepage: i === 0,
    watched: true,
    baseline: baselineRefOf(baselines.find((b) => b.page_url === url)?.snapshot ?? null),
  }));
}

/**
 * Runs a claimed monitor once: only with the claim's token (a redelivered job whose claim has passed to
 * a later run does nothing). In a maintenance window nothing is checked and no finding is raised.
 */
export async function runClaimed(
  deps: MonitorRunDeps,
  monitorId: number,
  token: string,
  trigger: 'schedule' | 'manual' = 'schedule',
): Promise<RunResult | null> {
  const m = await repo.find(deps.db, monitorId);
  if (!m || m.claim_token !== token) return null;
  const now = deps.now();
  try {
    if (inMaintenance(parseJsonArray<MaintenanceWindow>(m.maintenance), now)) {
      await state.release(deps.db, m.id, token, { status: 'maintenance', updated_at: now.toISOString() });
      return { monitorId: m.id, runId: null, skipped: 'maintenance', status: 'maintenance', findings: [] };
    }
    const probeTls =
      m.tls_probed_at === null || now.getTime() - Date.parse(m.tls_probed_at) >= m.tls_probe_hours * 3600_000;
    const outcomes = await runPlan({
      pages: await plannedPages(deps.db, m),
      checks: parseJsonArray<MonitorCheck>(m.checks),
      crawlDepth: m.crawl_depth,
      probeTls,
      fetchOptions: deps.fetchOptions,
      now: deps.now,
      ...(deps.slowThresholdMs === undefined ? {} : { slowThresholdMs: deps.slowThresholdMs }),
    });
    const renders = deps.rendering ? await deps.rendering.latestFor(m.id, outcomes) : null;
    if (deps.rendering && renders) deps.rendering.attach(outcomes, renders);
    const result = await applyOutcomes(deps, m, token, outcomes, trigger, probeTls);
    if (deps.rendering && renders && result.runId !== null) {
      // Off the hot path: the renders run as their own jobs; asking costs a queue insert per page at most.
      await deps.rendering.request(m, outcomes, renders).catch((err: unknown) => {
        console.error(`monitoring: asking for renders of monitor ${m.id} failed`, err);
      });
    }
    return result;
  } catch (err) {
    // Let the next slot run: the lease would otherwise hold the monitor until it expires.
    await state.release(deps.db, m.id, token, {
      last_error: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
}

/** Claims a monitor for a run on demand; null while another run is in flight. */
export async function claimForManualRun(deps: MonitorRunDeps, monitorId: number): Promise<string | null> {
  const token = randomUUID();
  const now = deps.now();
  const ok = await state.claimNow(
    deps.db,
    monitorId,
    now.toISOString(),
    token,
    new Date(now.getTime() + deps.leaseSeconds * 1000).toISOString(),
  );
  return ok ? token : null;
}
