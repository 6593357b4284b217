import type { CheckContext, CheckFinding } from '../check-types.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import type { FetchResult } from '../fetch/fetch-types.ts';
import { fetchForCheck, isConfigurationFailure, pageFor } from './fetch-page.ts';

export interface AvailabilityOptions {
  /** A response slower than this (whole fetch, ms) is reported as slow. Default 5,000. */
  slowThresholdMs?: number;
  /**
   * When set, a failed fetch is tried once more after this many ms before the site is reported down,
   * so a single dropped packet does not raise an outage.
   */
  confirmDelayMs?: number;
}

export const DEFAULT_SLOW_THRESHOLD_MS = 5_000;

function failureEvidence(err: MonitorFetchError): Record<string, unknown> {
  return { kind: err.kind, phase: err.phase, message: err.message, ...err.detail };
}

function downFinding(ctx: CheckContext, attempts: MonitorFetchError[]): CheckFinding {
  const last = attempts.at(-1);
  const dns = last?.kind === 'dns' || (last?.kind === 'timeout' && last.phase === 'dns');
  return {
    type: dns ? 'dns_failure' : 'site_down',
    severity: ctx.isHomepage ? 'III' : 'IV',
    title: dns ? `DNS lookup failed: ${last?.message}` : `Site unreachable: ${last?.message}`,
    evidence: {
      ...(last ? failureEvidence(last) : {}),
      attempts: attempts.map(failureEvidence),
      confirmed: attempts.length > 1,
    },
    pageUrl: ctx.url,
    isHomepage: ctx.isHomepage,
  };
}

function responseEvidence(page: FetchResult): Record<string, unknown> {
  return {
    status: page.status,
    finalUrl: page.finalUrl,
    redirects: page.redirects,
    remoteAddress: page.remoteAddress,
    timings: page.timings,
  };
}

/**
 * Availability: DNS, connect, TLS handshake, HTTP status, redirects and response time. A refused or
 * malformed target is not an outage: it is thrown for the caller to report as a configuration problem.
 */
export async function checkAvailability(
  ctx: CheckContext,
  options: AvailabilityOptions = {},
): Promise<CheckFinding[]> {
  let page = await pageFor(ctx);
  const attempts: MonitorFetchError[] = [];
  if (page instanceof MonitorFetchError) {
    if (isConfigurationFailure(page)) throw page;
    attempts.push(page);
    if (options.confirmDelayMs !== undefined) {
      await new Promise((r) => setTimeout(r, options.confirmDelayMs));
      page = await fetchForCheck(ctx.url, ctx);
      if (page instanceof MonitorFetchError) attempts.push(page);
    }
    if (page instanceof MonitorFetchError) return [downFinding(ctx, attempts)];
  }

  const findings: CheckFinding[] = [];
  const base = { pageUrl: ctx.url, isHomepage: ctx.isHomepage };
  const evidence = {
    ...responseEvidence(page),
    ...(attempts.length ? { recoveredOnRetry: attempts.map(failureEvidence) } : {}),
  };
  if (page.status >= 500) {
    findings.push({
      ...base,
      type: 'site_down',
      severity: ctx.isHomepage ? 'III' : 'IV',
      title: `Server error: HTTP ${page.status}`,
      evidence: { ...evidence, kind: 'http_status' },
    });
  } else if (page.status >= 400) {
    findings.push({
      ...base,
      type: 'http_error',
      severity: ctx.isHomepage ? 'III' : 'IV',
      title: `HTTP ${page.status}`,
      evidence,
    });
  }
  const slowMs = options.slowThresholdMs ?? DEFAULT_SLOW_THRESHOLD_MS;
  if (page.timings.totalMs > slowMs) {
    findings.push({
      ...base,
      type: 'slow_response',
      severity: 'IV',
      title: `Slow response: ${Math.round(page.timings.totalMs)} ms (threshold ${slowMs} ms)`,
      evidence: { ...evidence, thresholdMs: slowMs },
    });
  }
  return findings;
}
