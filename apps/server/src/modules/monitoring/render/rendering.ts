import type { MonitorRenderConfig } from '../../../config/config.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { MonitorRenderRow } from '../../../platform/db/schema-monitoring.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import type { CheckFinding, FindingType } from '../check-types.ts';
import type { SafeFetchOptions } from '../fetch/fetch-types.ts';
import type { MonitorCheck } from '../monitor-config.ts';
import { matcher, type PageOutcome } from '../monitor-runner.ts';
import { monitorStateRepository as state } from '../monitor-state.repository.ts';
import { type MonitorWithAsset, monitoringRepository } from '../monitoring.repository.ts';
import { type ChromiumPool, chromiumVersion, createChromiumPool } from './chromium-pool.ts';
import { parseEvidence, parseList } from './render.presenter.ts';
import { renderRepository as repo } from './render.repository.ts';
import { type RenderedEvidence, renderedEvidence, renderedHiddenLinksFinding } from './render-evidence.ts';
import { type PageRender, renderPage } from './render-page.ts';
import type { RenderReason } from './render-signal.ts';
import { createScreenshotStore } from './screenshot-store.ts';

export const MONITOR_RENDER_JOB = 'monitoring.render';
/** Findings a render speaks to: its evidence is attached to them. */
export const RENDER_FINDING_TYPES: readonly FindingType[] = [
  'hidden_links',
  'cloaking',
  'illegal_content',
  'defacement',
];
/** A page whose suspicious content changed is rendered again, but never more often than this. */
const CHANGED_FLOOR_MINUTES = 5;
/** Renders asked for by one run (a crawl can flag many pages; the rest wait for the next run). */
const MAX_REQUESTS_PER_RUN = 5;
/** Older renders are pruned, except each page's latest. */
export const RENDER_RETENTION_DAYS = 30;

/**
 * Whether a suspicious page is due for a render: never rendered, rendered `minIntervalMinutes` ago or
 * longer, or changed in what made it suspicious (`signature`) and not rendered in the last few minutes.
 */
export function isRenderDue(
  last: Pick<MonitorRenderRow, 'rendered_at' | 'signature'> | undefined,
  signature: string,
  now: Date,
  minIntervalMinutes: number,
): boolean {
  if (!last) return true;
  const ageMinutes = (now.getTime() - Date.parse(last.rendered_at)) / 60_000;
  if (ageMinutes >= minIntervalMinutes) return true;
  return last.signature !== signature && ageMinutes >= CHANGED_FLOOR_MINUTES;
}

/** The job's payload: one page to render, and what the static pass saw on it. */
export interface RenderRequest {
  monitorId: number;
  pageUrl: string;
  isHomepage: boolean;
  reasons: RenderReason[];
  signature: string;
  staticHidden: string[];
}

export interface RenderingDeps {
  db: Db;
  now: () => Date;
  dataDir: string;
  fetchOptions: SafeFetchOptions;
  config: MonitorRenderConfig;
  /** Puts a render job on the queue (absent: renders are never asked for, e.g. in a test). */
  enqueue?: (request: RenderRequest) => Promise<void>;
  /** Reports the findings a render adds (run-monitor's report path, with the office's severity). */
  report: (m: MonitorWithAsset, finding: CheckFinding) => Promise<void>;
  amend: (m: MonitorWithAsset, dedupKey: string, rendered: RenderedEvidence) => Promise<void>;
  warn?: (message: string) => void;
}

/**
 * The optional rendering pass: decides which suspicious pages are due for a render (rate-limited per
 * page), runs the render job in headless Chromium, stores the screenshot and what the browser showed,
 * and hands the result to the page's findings. Without a configured Chromium it still attaches earlier
 * renders to findings, and never asks for new ones.
 */
export function createRendering(deps: RenderingDeps, injectedPool?: ChromiumPool) {
  const { db, config } = deps;
  const pool: ChromiumPool | null =
    injectedPool ??
    (config.chromiumPath
      ? createChromiumPool({
          executablePath: config.chromiumPath,
          concurrency: config.concurrency,
          ...(deps.warn ? { warn: deps.warn } : {}),
        })
      : null);
  const shots = createScreenshotStore(deps.dataDir);

  /** Renders one page and stores the result; the findings are not touched. */
  async function renderAndStore(
    request: RenderRequest,
  ): Promise<{ renderId: number; evidence: RenderedEvidence; render: PageRender }> {
    if (!pool) throw new Error('rendering is not configured (SHOUWANG_MONITOR_CHROMIUM)');
    const render = await renderPage(pool, request.pageUrl, {
      fetchOptions: deps.fetchOptions,
      timeoutMs: config.timeoutSeconds * 1000,
    });
    const at = deps.now().toISOString();
    const shot = render.screenshot ? await shots.put(render.screenshot.png, at) : null;
    try {
      return await db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, {
          monitor_id: request.monitorId,
          page_url: request.pageUrl,
          is_homepage: request.isHomepage ? 1 : 0,
          reasons: JSON.stringify(request.reasons),
          signature: request.signature,
          outcome: render.outcome,
          error: render.error,
          evidence: '{}',
          screenshot_key: shot?.key ?? null,
          screenshot_sha256: shot?.sha256 ?? null,
          screenshot_bytes: shot?.bytes ?? null,
          screenshot_width: render.screenshot?.width ?? null,
          screenshot_height: render.screenshot?.height ?? null,
          duration_ms: render.durationMs,
          rendered_at: at,
        });
        const evidence = renderedEvidence(render, request.staticHidden, {
          renderId: id,
          renderedAt: at,
          screenshotFileId: shot ? id : null,
          matcher: matcher(),
        });
        // The evidence names its own row (renderId, screenshot), so it is written once the id is known.
        await repo.setEvidence(trx, id, JSON.stringify(evidence));
        return { renderId: id, evidence, render };
      });
    } catch (err) {
      if (shot) await shots.remove([shot.key]);
      throw err;
    }
  }

  return {
    /** A Chromium is configured in this process: renders are asked for and run here. */
    enabled: pool !== null,
    /** Render jobs this process runs at once (the pool lets as many pages into Chromium). */
    concurrency: config.concurrency,

    /** What the policy page shows: whether rendering is on, and the Chromium it uses. */
    async status() {
      return {
        enabled: pool !== null,
        sandbox: pool?.sandboxed ?? false,
        chromiumVersion: config.chromiumPath ? await chromiumVersion(config.chromiumPath) : null,
        concurrency: config.concurrency,
        timeoutSeconds: config.timeoutSeconds,
        intervalMinutes: config.minIntervalMinutes,
      };
    },

    /** The latest render of each suspicious page of a run (one query per such page). */
    async latestFor(
      monitorId: number,
      outcomes: readonly PageOutcome[],
    ): Promise<Map<string, MonitorRenderRow>> {
      const out = new Map<string, MonitorRenderRow>();
      for (const o of outcomes) {
        if (!o.render) continue;
        const row = await repo.latestForPage(db, monitorId, o.url);
        if (row) out.set(o.url, row);
      }
      return out;
    },

    /**
     * Before a run's findings are reported: each suspicious page carries its latest render, and hidden
     * links only the browser saw stay reported while the page still holds what made it suspicious.
     */
    attach(outcomes: PageOutcome[], latest: ReadonlyMap<string, MonitorRenderRow>): void {
      for (const o of outcomes) {
        const row = o.render ? latest.get(o.url) : undefined;
        const evidence = row ? parseEvidence(row) : null;
        if (!row || !evidence) continue;
        o.rendered = evidence;
        if (
          row.outcome === 'ok' &&
          o.ranTypes.includes('hidden_links') &&
          !o.findings.some((f) => f.type === 'hidden_links')
        ) {
          const f = renderedHiddenLinksFinding(evidence, o.url, o.isHomepage);
          if (f) o.findings.push(f);
        }
      }
    },

    /**
     * After a run: asks for a render of each suspicious page that is due — never rendered, rendered
     * longer ago than the interval, or changed in what made it suspicious (and not rendered in the last
     * few minutes). A page already queued is not queued twice (the queue's singleton key).
     */
    async request(
      m: MonitorWithAsset,
      outcomes: readonly PageOutcome[],
      latest: ReadonlyMap<string, MonitorRenderRow>,
    ): Promise<number> {
      if (!pool || !deps.enqueue) return 0;
      const now = deps.now();
      let asked = 0;
      for (const o of outcomes) {
        if (!o.render || o.statusCode === null || asked >= MAX_REQUESTS_PER_RUN) continue;
        if (!isRenderDue(latest.get(o.url), o.render.signature, now, config.minIntervalMinutes)) continue;
        await deps.enqueue({
          monitorId: m.id,
          pageUrl: o.url,
          isHomepage: o.isHomepage,
          reasons: o.render.reasons,
          signature: o.render.signature,
          staticHidden: o.render.staticHidden,
        });
        asked += 1;
      }
      return asked;
    },

    /**
     * The render job: renders the page, stores the screenshot and evidence, attaches them to the page's
     * open findings, and reports hidden links only the browser saw. Null when the monitor is gone or off.
     */
    async run(request: RenderRequest) {
      const m = await monitoringRepository.find(db, request.monitorId);
      if (m?.enabled !== 1) return null;
      const { renderId, evidence, render } = await renderAndStore(request);
      const open = (await state.openMonitoringFindings(db, m.asset_id)).filter(
        (f) => f.page_url === request.pageUrl,
      );
      for (const f of open) {
        const type = f.detector.replace(/^monitoring\./, '') as FindingType;
        if (RENDER_FINDING_TYPES.includes(type)) await deps.amend(m, f.dedup_key, evidence);
      }
      const checks = parseList(m.checks) as MonitorCheck[];
      const hiddenOpen = open.some((f) => f.detector === 'monitoring.hidden_links');
      if (render.outcome === 'ok' && checks.includes('hidden_links') && !hiddenOpen) {
        const finding = renderedHiddenLinksFinding(evidence, request.pageUrl, request.isHomepage);
        if (finding) await deps.report(m, finding);
      }
      return { renderId, outcome: render.outcome, evidence };
    },

    /** A render's screenshot for someone who may see the monitored site; otherwise 404. */
    async screenshot(actor: Actor, renderId: number): Promise<{ png: Buffer; sha256: string | null }> {
      const row = await repo.findVisible(db, actor, renderId);
      if (!row?.screenshot_key) throw AppError.notFound();
      return { png: await shots.read(row.screenshot_key), sha256: row.screenshot_sha256 };
    },

    /** Housekeeping: renders past the retention, except each page's latest, with their files. */
    async prune(at: Date = deps.now()): Promise<number> {
      const before = new Date(at.getTime() - RENDER_RETENTION_DAYS * 24 * 3600_000).toISOString();
      const old = await repo.prunable(db, before);
      const n = await repo.deleteIds(
        db,
        old.map((r) => r.id),
      );
      await shots.remove(old.flatMap((r) => (r.key ? [r.key] : [])));
      return n;
    },

    async close(): Promise<void> {
      await pool?.close();
    },
  };
}

export type Rendering = ReturnType<typeof createRendering>;
