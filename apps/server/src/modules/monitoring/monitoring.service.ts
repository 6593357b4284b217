import { errorMessage } from '@shouwang/common';
import type { MonitorRenderConfig } from '../../config/config.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { FindingsService } from '../findings/findings.service.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import type { SafeFetchOptions } from './fetch/fetch-types.ts';
import {
  checkMaintenance,
  checkPages,
  DEFAULT_CHECKS,
  DEFAULT_INTERVAL_SECONDS,
  type MaintenanceWindow,
  type MonitorCheck,
  spreadOffsetSeconds,
} from './monitor-config.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';
import { monitoringMessage } from './monitoring.i18n.ts';
import { monitoringPolicy } from './monitoring.policy.ts';
import { createMonitoringReads } from './monitoring.reads.ts';
import { monitoringRepository as repo, type SiteFilter } from './monitoring.repository.ts';
import { registerMonitoringRecheckers } from './rechecks.ts';
import { createRendering, type RenderRequest } from './render/rendering.ts';
import {
  claimForManualRun,
  type MonitorRunDeps,
  monitorActor,
  monitorFindingReport,
  parseJsonArray,
  runClaimed,
} from './run-monitor.ts';
import { type Claim, DEFAULT_SCHEDULER_LIMITS, type SchedulerLimits, tickMonitors } from './scheduler.ts';
import { createSeverityPolicyService, severityOf, severityPolicyStore } from './severity-policy.ts';

export interface MonitoringOptions {
  fetchOptions: SafeFetchOptions;
  /** The optional rendering pass in headless Chromium (off without a chromiumPath). */
  render?: MonitorRenderConfig;
  /** Where screenshots of rendered pages are kept (under files/monitoring/renders). */
  dataDir?: string;
  confirmDelaySeconds?: number;
  limits?: Partial<SchedulerLimits>;
  /** Days of per-run history kept (hourly counters are kept 35 days). */
  runRetentionDays?: number;
  slowThresholdMs?: number;
}

export interface ConfigureInput {
  enabled: boolean;
  intervalSeconds?: number;
  pages?: string[];
  crawlDepth?: number;
  checks?: MonitorCheck[];
  maintenance?: MaintenanceWindow[];
  tlsProbeHours?: number;
}

const HOURLY_RETENTION_DAYS = 35;

const RENDERING_OFF: MonitorRenderConfig = {
  chromiumPath: null,
  explicit: false,
  concurrency: 1,
  timeoutSeconds: 30,
  minIntervalMinutes: 60,
};

export function createMonitoringService(
  db: Db,
  deps: {
    findings: FindingsService;
    notices: NoticesService;
    now: () => Date;
    options: MonitoringOptions;
    /** Puts a render job on the queue (wired to the job queue in services.ts). */
    enqueueRender?: (request: RenderRequest) => Promise<void>;
  },
) {
  const { now, options } = deps;
  const limits: SchedulerLimits = { ...DEFAULT_SCHEDULER_LIMITS, ...options.limits };
  const rendering = createRendering({
    db,
    now,
    dataDir: options.dataDir ?? '.',
    fetchOptions: options.fetchOptions,
    config: options.render ?? RENDERING_OFF,
    ...(deps.enqueueRender ? { enqueue: deps.enqueueRender } : {}),
    async report(m, finding) {
      const { policy } = await severityPolicyStore.effective(db, m.regionPath);
      await deps.findings.report(
        monitorActor,
        monitorFindingReport(m, finding, severityOf(finding, policy), finding.evidence),
      );
    },
    async amend(_m, dedupKey, rendered) {
      await deps.findings.amendEvidence(monitorActor, dedupKey, { rendered });
    },
    warn: (message) => console.warn(message),
  });
  const runDeps: MonitorRunDeps = {
    db,
    findings: deps.findings,
    now,
    fetchOptions: options.fetchOptions,
    confirmDelaySeconds: options.confirmDelaySeconds ?? 30,
    leaseSeconds: limits.leaseSeconds,
    rendering,
    ...(options.slowThresholdMs === undefined ? {} : { slowThresholdMs: options.slowThresholdMs }),
  };
  registerMonitoringRecheckers(deps.notices, runDeps);
  const reads = createMonitoringReads(db, now);

  async function configure(actor: Actor, assetId: number, input: ConfigureInput) {
    const asset = await repo.assetForMonitor(db, assetId);
    const site = asset && { unitId: asset.unitId, regionPath: asset.regionPath };
    if (!asset || !site || !monitoringPolicy.canRead(actor, site)) throw AppError.notFound();
    if (!monitoringPolicy.canWrite(actor, site)) throw AppError.forbidden();
    const existing = await repo.findByAsset(db, assetId);
    const requested = input.pages?.length
      ? input.pages
      : existing
        ? parseJsonArray<string>(existing.pages)
        : parseJsonArray<string>(asset.urls).slice(0, 1);
    const { pages, issues } = checkPages(requested, actor.locale);
    const maintenance =
      input.maintenance ?? (existing ? parseJsonArray<MaintenanceWindow>(existing.maintenance) : []);
    issues.push(...checkMaintenance(maintenance, actor.locale));
    if (issues.length > 0) throw AppError.invalid(issues);
    const interval = input.intervalSeconds ?? existing?.interval_seconds ?? DEFAULT_INTERVAL_SECONDS;
    const checks = [
      ...new Set(input.checks ?? (existing ? parseJsonArray<MonitorCheck>(existing.checks) : DEFAULT_CHECKS)),
    ];
    const at = now();
    const reschedule =
      input.enabled &&
      (!existing ||
        existing.enabled === 0 ||
        existing.interval_seconds !== interval ||
        existing.next_run_at === null);
    const values = {
      enabled: input.enabled ? 1 : 0,
      interval_seconds: interval,
      pages: JSON.stringify(pages),
      crawl_depth: input.crawlDepth ?? existing?.crawl_depth ?? 0,
      checks: JSON.stringify(checks),
      maintenance: JSON.stringify(maintenance),
      tls_probe_hours: input.tlsProbeHours ?? existing?.tls_probe_hours ?? 24,
      host: new URL(pages[0] ?? '').host,
      updated_at: at.toISOString(),
      // First runs are spread over the interval, so enabling 2,000 sites at once does not fire them together.
      ...(reschedule
        ? {
            next_run_at: new Date(at.getTime() + spreadOffsetSeconds(assetId, interval) * 1000).toISOString(),
          }
        : {}),
    };
    const monitorId = await db.transaction().execute(async (trx) => {
      let id: number;
      if (existing) {
        id = existing.id;
        await repo.update(trx, id, values);
      } else {
        id = await repo.insert(trx, {
          ...values,
          asset_id: assetId,
          next_run_at: values.next_run_at ?? null,
          tls_probed_at: null,
          last_run_at: null,
          claim_token: null,
          claimed_until: null,
          status: 'unknown',
          last_latency_ms: null,
          last_status_code: null,
          last_error: null,
          created_at: at.toISOString(),
        });
      }
      await appendAudit(trx, actor, {
        action: existing ? 'monitoring.configure' : 'monitoring.enable',
        resourceType: 'monitor',
        resourceId: id,
        regionPath: asset.regionPath,
        before: existing
          ? {
              enabled: existing.enabled === 1,
              intervalSeconds: existing.interval_seconds,
              pages: parseJsonArray(existing.pages),
              checks: parseJsonArray(existing.checks),
            }
          : undefined,
        after: {
          assetId,
          enabled: input.enabled,
          intervalSeconds: interval,
          pages,
          checks,
          maintenance,
          crawlDepth: values.crawl_depth,
        },
      });
      return id;
    });
    return monitorId;
  }

  return {
    list: (actor: Actor, filter: SiteFilter) => reads.list(actor, filter),
    summary: (actor: Actor) => reads.summary(actor),
    detail: (actor: Actor, monitorId: number) => reads.detail(actor, monitorId),
    runs: (actor: Actor, monitorId: number, range: { from?: string; to?: string }) =>
      reads.runs(actor, monitorId, range),
    diff: (actor: Actor, monitorId: number, pageUrl: string) => reads.diff(actor, monitorId, pageUrl),
    /** The office's severity of each kind of finding (per region, inherited down). */
    severityPolicy: createSeverityPolicyService(db, now),

    /** Turns monitoring on/off for one asset and sets what it checks; returns the monitor's detail. */
    async configure(actor: Actor, assetId: number, input: ConfigureInput) {
      return reads.detail(actor, await configure(actor, assetId, input));
    },

    /** The same for many assets; each succeeds or fails on its own. */
    async bulk(
      actor: Actor,
      input: { assetIds: number[]; enabled: boolean; intervalSeconds?: number; checks?: MonitorCheck[] },
    ) {
      if (!monitoringPolicy.canWriteAny(actor)) throw AppError.forbidden();
      const results: Array<{
        assetId: number;
        ok: boolean;
        monitorId?: number;
        code?: string;
        message?: string;
      }> = [];
      for (const assetId of [...new Set(input.assetIds)]) {
        try {
          const { assetIds: _ids, ...rest } = input;
          results.push({ assetId, ok: true, monitorId: await configure(actor, assetId, rest) });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const detail = Array.isArray(err.details) ? err.details.map((d) => d.message).join('; ') : '';
          results.push({
            assetId,
            ok: false,
            code: err.code,
            message: detail || errorMessage(actor.locale, err.code, err.params),
          });
        }
      }
      return { results };
    },

    /** Staff accept the changed page as the new baseline; the defacement finding and outage are resolved. */
    async acceptBaseline(actor: Actor, monitorId: number, pageUrl: string) {
      const m = await reads.load(actor, monitorId);
      if (!monitoringPolicy.canWrite(actor, { unitId: m.unitId, regionPath: m.regionPath }))
        throw AppError.forbidden();
      const b = await state.baseline(db, m.id, pageUrl);
      if (!b)
        throw AppError.invalid([
          {
            field: 'pageUrl',
            message: monitoringMessage(actor.locale, 'page_not_watched', { value: pageUrl }),
          },
        ]);
      if (b.pending_snapshot === null)
        throw new AppError('conflict', {}, { reason: monitoringMessage(actor.locale, 'no_pending_change') });
      const pending = b.pending_snapshot;
      const at = now().toISOString();
      const ended = await db.transaction().execute(async (trx) => {
        await state.updateBaseline(trx, b.id, {
          snapshot: pending,
          accepted_by: actor.userId,
          accepted_by_name: actor.displayName,
          accepted_at: at,
          pending_snapshot: null,
          pending_comparison: null,
          pending_since: null,
        });
        const open = (await state.openOutages(trx, m.id)).find(
          (o) => o.kind === 'defaced' && o.page_url === pageUrl,
        );
        let durationSeconds: number | null = null;
        if (open) {
          durationSeconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(open.first_seen_at)) / 1000));
          await state.updateOutage(trx, open.id, { resolved_at: at, duration_seconds: durationSeconds });
        }
        await appendAudit(trx, actor, {
          action: 'monitoring.baseline_accept',
          resourceType: 'monitor',
          resourceId: m.id,
          regionPath: m.regionPath,
          before: {
            acceptedAt: b.accepted_at,
            acceptedBy: b.accepted_by_name,
            pendingSince: b.pending_since,
          },
          after: { pageUrl, acceptedAt: at, outageId: open?.id ?? null, durationSeconds },
        });
        return open ? { outageId: open.id, firstSeenAt: open.first_seen_at, durationSeconds } : null;
      });
      await deps.findings.resolve(actor, `monitoring:${m.asset_id}:defacement:${pageUrl}`, {
        baselineAccepted: true,
        ...(ended ? { outage: ended, durationSeconds: ended.durationSeconds } : {}),
      });
      return reads.detail(actor, m.id);
    },

    /** Runs the checks now (claimed like a scheduled run, so never alongside one) and returns the result. */
    async runNow(actor: Actor, monitorId: number) {
      const m = await reads.load(actor, monitorId);
      if (!monitoringPolicy.canWrite(actor, { unitId: m.unitId, regionPath: m.regionPath }))
        throw AppError.forbidden();
      const token = await claimForManualRun(runDeps, m.id);
      if (!token)
        throw new AppError('conflict', {}, { reason: monitoringMessage(actor.locale, 'run_in_progress') });
      const result = await runClaimed(runDeps, m.id, token, 'manual');
      if (!result)
        throw new AppError('conflict', {}, { reason: monitoringMessage(actor.locale, 'run_in_progress') });
      return result;
    },

    /** Scheduler tick: claims due monitors and hands each claim to `enqueue`. */
    tick: (enqueue: (claim: Claim) => Promise<void>, at: Date = now()) =>
      tickMonitors(db, at, limits, enqueue),
    /** Worker: runs one claimed monitor. */
    runClaimed: (claim: Claim) => runClaimed(runDeps, claim.monitorId, claim.token),
    /** Housekeeping: drops run history, hourly counters and old renders past their retention. */
    async prune(at: Date = now()) {
      const day = 24 * 3600_000;
      const pruned = await state.prune(
        db,
        new Date(at.getTime() - (options.runRetentionDays ?? 7) * day).toISOString(),
        new Date(at.getTime() - HOURLY_RETENTION_DAYS * day).toISOString(),
      );
      return { ...pruned, renders: await rendering.prune(at) };
    },

    /** The rendering pass: status, the render job, screenshots (see render/rendering.ts). */
    rendering,
    /** Whether rendering is on in this process, and the Chromium it uses (any signed-in reader). */
    renderingStatus: (_actor: Actor) => rendering.status(),
    /** A render's screenshot, for someone who may see the monitored site (otherwise 404). */
    renderScreenshot: (actor: Actor, renderId: number) => rendering.screenshot(actor, renderId),
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
