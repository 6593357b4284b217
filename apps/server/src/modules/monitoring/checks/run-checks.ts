import type { CheckContext, CheckFinding } from '../check-types.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import { CRAWLER_USER_AGENT, type FetchResult, type SafeFetchOptions } from '../fetch/fetch-types.ts';
import { type AvailabilityOptions, checkAvailability } from './availability.ts';
import { checkBrokenLinks } from './broken-links.ts';
import { fetchForCheck } from './fetch-page.ts';
import { checkSecurityHeaders } from './headers.ts';
import { checkTls, type TlsCheckOptions } from './tls.ts';

/** The content analyzers (layer B) as the runner uses them: pure functions over fetched pages. */
export interface ContentAnalyzers {
  analyzePage(
    html: string,
    pageUrl: string,
    isHomepage: boolean,
  ): { findings: CheckFinding[]; links: string[] };
  compareCloaking(
    browser: FetchResult,
    crawler: FetchResult,
    pageUrl: string,
    isHomepage: boolean,
  ): CheckFinding[];
}

export interface StaticCheckOptions {
  fetchOptions: SafeFetchOptions;
  isHomepage?: boolean;
  /** Without analyzers only the network checks run, and the report says which checks did not. */
  analyzers?: ContentAnalyzers;
  availability?: AvailabilityOptions;
  tls?: TlsCheckOptions;
  maxLinks?: number;
}

export interface StaticCheckReport {
  url: string;
  page:
    | {
        status: number;
        finalUrl: string;
        redirects: FetchResult['redirects'];
        remoteAddress: string;
        timings: FetchResult['timings'];
        contentType: string | null;
        charset: string | null;
        bytes: number;
        bodyTruncated: boolean;
        tlsProtocol: string | null;
      }
    | { error: Record<string, unknown> };
  findings: CheckFinding[];
  /** Checks that did not run, each with the reason. */
  notRun: string[];
}

/** A search engine's crawler arriving from a search: what cloaked spam is served to. */
export function crawlerFetchOptions(options: SafeFetchOptions, url: string): SafeFetchOptions {
  const host = new URL(url).hostname;
  return {
    ...options,
    userAgent: CRAWLER_USER_AGENT,
    headers: { ...options.headers, referer: `https://www.baidu.com/s?wd=${encodeURIComponent(host)}` },
  };
}

function pageSummary(page: FetchResult | MonitorFetchError): StaticCheckReport['page'] {
  if (page instanceof MonitorFetchError) return { error: page.toJSON() };
  return {
    status: page.status,
    finalUrl: page.finalUrl,
    redirects: page.redirects,
    remoteAddress: page.remoteAddress,
    timings: page.timings,
    contentType: page.contentType,
    charset: page.charset,
    bytes: page.body.length,
    bodyTruncated: page.bodyTruncated,
    tlsProtocol: page.tls?.protocol ?? null,
  };
}

/**
 * Runs every static check once against one URL: the page is fetched once as a browser and shared by
 * availability, TLS, headers and the content analyzers; a second fetch as a search crawler feeds the
 * cloaking comparison; links found on the page are checked for breakage.
 * Throws MonitorFetchError (invalid_url / forbidden_address) when the URL may not be checked at all.
 */
export async function runStaticChecks(url: string, options: StaticCheckOptions): Promise<StaticCheckReport> {
  const isHomepage = options.isHomepage ?? true;
  const base: CheckContext = { url, isHomepage, fetchOptions: options.fetchOptions };
  const analyzers = options.analyzers;
  const [page, crawler] = await Promise.all([
    fetchForCheck(url, base),
    analyzers
      ? fetchForCheck(url, { ...base, fetchOptions: crawlerFetchOptions(options.fetchOptions, url) })
      : null,
  ]);
  if (
    page instanceof MonitorFetchError &&
    (page.kind === 'invalid_url' || page.kind === 'forbidden_address')
  ) {
    throw page;
  }
  const ctx: CheckContext = { ...base, page };
  const notRun: string[] = [];
  const [availability, tls, headers] = await Promise.all([
    checkAvailability(ctx, options.availability),
    checkTls(ctx, options.tls),
    checkSecurityHeaders(ctx),
  ]);
  const findings = [...availability, ...tls, ...headers];

  const html = page instanceof MonitorFetchError ? undefined : page.text;
  const contentNames = 'defacement, hidden_links, illegal_content, icp_missing, cloaking, broken_links';
  if (!analyzers) notRun.push(`${contentNames}: the content analyzers are not available in this build`);
  else if (page instanceof MonitorFetchError || html === undefined) {
    notRun.push(`${contentNames}: the page could not be fetched as HTML`);
  } else {
    const content = analyzers.analyzePage(html, page.finalUrl, isHomepage);
    findings.push(...content.findings);
    notRun.push('defacement: needs an accepted baseline (kept by scheduled monitoring)');
    if (crawler && !(crawler instanceof MonitorFetchError)) {
      findings.push(...analyzers.compareCloaking(page, crawler, page.finalUrl, isHomepage));
    } else notRun.push('cloaking: the page could not be fetched as a search crawler');
    findings.push(...(await checkBrokenLinks(ctx, content.links, { maxLinks: options.maxLinks ?? 30 })));
  }
  return { url, page: pageSummary(page), findings, notRun };
}
