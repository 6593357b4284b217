import { analyzePageForRun, type BaselineRef } from './analysis-cache.ts';
import { compareCloaking, quickCloakingCheck } from './analyzers/cloaking.ts';
import { createDefaultKeywordMatcher, type KeywordMatcher } from './analyzers/keyword-matcher.ts';
import { cloakingFindings } from './analyzers/page-findings.ts';
import type { PageSnapshot, SnapshotComparison } from './analyzers/snapshot.ts';
import type { CheckContext, CheckFinding, FindingType } from './check-types.ts';
import { checkAvailability } from './checks/availability.ts';
import { checkBrokenLinks } from './checks/broken-links.ts';
import { fetchForCheck, isConfigurationFailure } from './checks/fetch-page.ts';
import { checkSecurityHeaders } from './checks/headers.ts';
import { crawlerFetchOptions } from './checks/run-checks.ts';
import { checkTls } from './checks/tls.ts';
import { MonitorFetchError } from './fetch/fetch-error.ts';
import type { SafeFetchOptions } from './fetch/fetch-types.ts';
import { CHECK_TYPES, MAX_CRAWLED_PAGES, type MonitorCheck } from './monitor-config.ts';
import type { RenderedEvidence } from './render/render-evidence.ts';
import { type RenderSignal, renderSignalOf } from './render/render-signal.ts';

/** One page a run looks at. Watched pages (listed by staff) keep defacement baselines; crawled ones do not. */
export interface PlannedPage {
  url: string;
  isHomepage: boolean;
  watched: boolean;
  baseline?: BaselineRef;
}

export interface RunPlan {
  pages: PlannedPage[];
  checks: readonly MonitorCheck[];
  crawlDepth: number;
  /** Probe the TLS protocol versions this run (four extra handshakes: done every few hours, not every run). */
  probeTls: boolean;
  fetchOptions: SafeFetchOptions;
  slowThresholdMs?: number;
  defacementThreshold?: number;
  now: () => Date;
}

export interface PageOutcome {
  url: string;
  isHomepage: boolean;
  watched: boolean;
  /** Fetched with a status below 500. */
  reachable: boolean;
  /** The site is down or unresolvable on this check (an outage candidate). */
  down: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  errorKind: string | null;
  errorMessage: string | null;
  findings: CheckFinding[];
  /** Finding types whose check ran to the end on this page: absent ones may be resolved. */
  ranTypes: FindingType[];
  /** The page's defacement snapshot (built on demand: an unchanged page's analysis comes from the cache). */
  snapshot?: () => PageSnapshot;
  comparison?: SnapshotComparison;
  /** Set when the page is suspicious enough for the optional rendering pass (render/render-signal.ts). */
  render?: RenderSignal;
  /** The page's latest render, attached to its findings' evidence (set before they are reported). */
  rendered?: RenderedEvidence;
}

let sharedMatcher: KeywordMatcher | null = null;
/** One keyword automaton for every run (and render) of the process. */
export function matcher(): KeywordMatcher {
  sharedMatcher ??= createDefaultKeywordMatcher();
  return sharedMatcher;
}

const DOWN_TYPES: readonly FindingType[] = ['site_down', 'dns_failure'];

let cpuTurn: Promise<void> = Promise.resolve();

/**
 * Runs CPU-heavy analysis one page at a time, each on its own turn of the event loop. Dozens of checks
 * in flight finish their fetches together; analysing them back to back would hold the loop for seconds,
 * stalling API requests and skewing the response times the other checks measure. Between two analyses
 * the loop now handles what arrived meanwhile.
 */
export async function onCpuTurn<T>(work: () => T): Promise<T> {
  const previous = cpuTurn;
  let release = () => {};
  cpuTurn = new Promise<void>((resolve) => {
    release = resolve;
  });
  try {
    await previous;
    await new Promise<void>((resolve) => setImmediate(resolve));
    return work();
  } finally {
    release();
  }
}

/** Runs the selected checks on one page; never throws for what the site does. */
export async function checkPage(
  page: PlannedPage,
  plan: RunPlan,
): Promise<PageOutcome & { links: string[] }> {
  const has = (c: MonitorCheck) => plan.checks.includes(c);
  const base: CheckContext = {
    url: page.url,
    isHomepage: page.isHomepage,
    fetchOptions: plan.fetchOptions,
    now: plan.now,
  };
  const cloaking = has('cloaking') && page.watched;
  const [fetched, crawler] = await Promise.all([
    fetchForCheck(page.url, base),
    cloaking
      ? fetchForCheck(page.url, { ...base, fetchOptions: crawlerFetchOptions(plan.fetchOptions, page.url) })
      : null,
  ]);
  const outcome: PageOutcome & { links: string[] } = {
    url: page.url,
    isHomepage: page.isHomepage,
    watched: page.watched,
    reachable: false,
    down: false,
    statusCode: null,
    latencyMs: null,
    errorKind: null,
    errorMessage: null,
    findings: [],
    ranTypes: [],
    links: [],
  };
  if (fetched instanceof MonitorFetchError) {
    outcome.errorKind = fetched.kind;
    outcome.errorMessage = fetched.message;
    // A forbidden or malformed target is a configuration problem, not an outage.
    if (isConfigurationFailure(fetched)) return outcome;
  } else {
    outcome.statusCode = fetched.status;
    outcome.latencyMs = Math.round(fetched.timings.totalMs);
    outcome.reachable = fetched.status < 500;
  }
  const ctx: CheckContext = { ...base, page: fetched };
  const availability = await checkAvailability(
    ctx,
    plan.slowThresholdMs === undefined ? {} : { slowThresholdMs: plan.slowThresholdMs },
  );
  outcome.down = availability.some((f) => DOWN_TYPES.includes(f.type));
  // Availability always runs: it is what uptime and outages are made of.
  outcome.findings.push(...availability);
  outcome.ranTypes.push(...CHECK_TYPES.availability);
  if (fetched instanceof MonitorFetchError) return outcome;

  const network: Promise<void>[] = [];
  if (has('tls')) {
    network.push(
      checkTls(ctx, { probeProtocols: plan.probeTls }).then((f) => {
        outcome.findings.push(...f);
        // Without a probe, weak protocols are not known this run: keep what the last probe found.
        outcome.ranTypes.push(
          'tls_invalid',
          'tls_expiring',
          ...(plan.probeTls ? (['tls_weak_protocol'] as const) : []),
        );
      }),
    );
  }
  if (has('headers')) {
    network.push(
      checkSecurityHeaders(ctx).then((f) => {
        outcome.findings.push(...f);
        outcome.ranTypes.push(...CHECK_TYPES.headers);
      }),
    );
  }
  await Promise.all(network);

  const html = fetched.text;
  if (html === undefined || !/html/i.test(fetched.contentType ?? 'text/html')) return outcome;
  const analysis = await onCpuTurn(() =>
    analyzePageForRun(html, fetched.finalUrl, {
      isHomepage: page.isHomepage,
      matcher: matcher(),
      ...(page.baseline && has('defacement') ? { baseline: page.baseline } : {}),
      ...(plan.defacementThreshold === undefined ? {} : { defacementThreshold: plan.defacementThreshold }),
    }),
  );
  const contentChecks: MonitorCheck[] = ['hidden_links', 'illegal_content', 'icp'];
  for (const check of contentChecks) {
    if (!has(check)) continue;
    outcome.findings.push(...analysis.findings.filter((f) => CHECK_TYPES[check].includes(f.type)));
    outcome.ranTypes.push(...CHECK_TYPES[check]);
  }
  if (has('defacement') && page.watched) {
    outcome.snapshot = analysis.snapshot;
    const defaced = analysis.findings.find((f) => f.type === 'defacement');
    if (defaced) {
      outcome.findings.push(defaced);
      outcome.comparison = defaced.evidence as unknown as SnapshotComparison;
    }
    if (page.baseline) outcome.ranTypes.push('defacement');
  }
  if (cloaking && crawler && !(crawler instanceof MonitorFetchError)) {
    // Most crawlers get the browser's copy (up to a counter): no page models needed to see that.
    const result =
      quickCloakingCheck(fetched, crawler, analysis.referrerScript, { matcher: matcher() }) ??
      (await onCpuTurn(() => compareCloaking(fetched, crawler, { matcher: matcher() })));
    outcome.findings.push(...cloakingFindings(result, fetched.finalUrl, page.isHomepage));
    outcome.ranTypes.push('cloaking');
  }
  outcome.links = analysis.links;
  if (has('broken_links')) {
    outcome.findings.push(
      ...(await checkBrokenLinks(ctx, outcome.links, { maxLinks: 30, distinctTotal: analysis.linkCount })),
    );
    outcome.ranTypes.push('broken_links');
  }
  // Analyzers report the final URL after redirects; findings stay keyed by the watched URL.
  for (const f of outcome.findings) {
    f.pageUrl = page.url;
    f.isHomepage = page.isHomepage;
  }
  const signal = renderSignalOf(outcome.findings, has('hidden_links') ? analysis.opaqueScripts : []);
  if (signal) outcome.render = signal;
  return outcome;
}

/** Same-host links of a page, fragment and query kept apart from the watched set. */
function sameHostLinks(pageUrl: string, links: readonly string[]): string[] {
  const host = new URL(pageUrl).host;
  const out: string[] = [];
  for (const link of links) {
    try {
      const u = new URL(link);
      u.hash = '';
      if (u.host === host && (u.protocol === 'http:' || u.protocol === 'https:')) out.push(u.href);
    } catch {
      // not a URL: skip
    }
  }
  return out;
}

/**
 * Runs a monitor's checks over its watched pages, then over pages found by crawling same-host links up
 * to the configured depth (at most MAX_CRAWLED_PAGES). Pages are checked one after another so a run
 * never hits one host with more than one page fetch at a time.
 */
export async function runPlan(plan: RunPlan): Promise<PageOutcome[]> {
  const outcomes: PageOutcome[] = [];
  const seen = new Set(plan.pages.map((p) => p.url));
  let frontier: string[] = [];
  for (const page of plan.pages) {
    const { links, ...outcome } = await checkPage(page, plan);
    outcomes.push(outcome);
    if (plan.crawlDepth > 0) frontier.push(...sameHostLinks(page.url, links));
  }
  let crawled = 0;
  for (let depth = 1; depth <= plan.crawlDepth && crawled < MAX_CRAWLED_PAGES; depth++) {
    const next: string[] = [];
    for (const url of frontier) {
      if (seen.has(url) || crawled >= MAX_CRAWLED_PAGES) continue;
      seen.add(url);
      crawled++;
      const { links, ...outcome } = await checkPage({ url, isHomepage: false, watched: false }, plan);
      outcomes.push(outcome);
      next.push(...sameHostLinks(url, links));
    }
    frontier = next;
  }
  return outcomes;
}
