import type { CheckContext, CheckFinding } from '../check-types.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import type { FetchResult } from '../fetch/fetch-types.ts';
import { isConfigurationFailure, pageFor } from './fetch-page.ts';
import { findMixedContent } from './mixed-content.ts';

/** HSTS shorter than this (180 days) is reported as weak, as common baselines advise. */
const MIN_HSTS_SECONDS = 180 * 86_400;
const EVIDENCE_ITEMS = 50;

const WATCHED = [
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
] as const;

function headerProblems(page: FetchResult): { missing: string[]; weak: string[] } {
  const h = page.headers;
  const https = page.finalUrl.startsWith('https:');
  const missing: string[] = [];
  const weak: string[] = [];
  if (!https) weak.push('https: the page is served over plain http');
  else {
    const hsts = h['strict-transport-security'];
    if (!hsts) missing.push('strict-transport-security');
    else {
      const maxAge = Number(/max-age\s*=\s*"?(\d+)/i.exec(hsts)?.[1] ?? 0);
      if (maxAge < MIN_HSTS_SECONDS)
        weak.push(`strict-transport-security: max-age ${maxAge} is under 180 days`);
    }
  }
  const csp = h['content-security-policy'];
  if (!csp) missing.push('content-security-policy');
  if ((h['x-content-type-options'] ?? '').trim().toLowerCase() !== 'nosniff') {
    if (h['x-content-type-options']) weak.push('x-content-type-options: should be nosniff');
    else missing.push('x-content-type-options');
  }
  const xfo = (h['x-frame-options'] ?? '').trim().toUpperCase();
  const frameAncestors = /(^|;)\s*frame-ancestors\b/i.test(csp ?? '');
  if (!frameAncestors) {
    if (!xfo) missing.push('x-frame-options (or CSP frame-ancestors)');
    else if (xfo !== 'DENY' && xfo !== 'SAMEORIGIN')
      weak.push(`x-frame-options: "${xfo}" is not DENY or SAMEORIGIN`);
  }
  const referrer = (h['referrer-policy'] ?? '').toLowerCase();
  if (!referrer) missing.push('referrer-policy');
  else if (/\bunsafe-url\b/.test(referrer)) weak.push('referrer-policy: unsafe-url leaks full URLs');
  return { missing, weak };
}

function isHtml(page: FetchResult): boolean {
  return (
    page.contentType === 'text/html' ||
    page.contentType === 'application/xhtml+xml' ||
    page.contentType === null
  );
}

/**
 * Security headers (HSTS, CSP, X-Content-Type-Options, X-Frame-Options / frame-ancestors, Referrer-Policy)
 * and mixed content (http:// subresources on an https page) of the fetched page.
 */
export async function checkSecurityHeaders(ctx: CheckContext): Promise<CheckFinding[]> {
  const page = await pageFor(ctx);
  if (page instanceof MonitorFetchError) {
    if (isConfigurationFailure(page)) throw page;
    return [];
  }
  if (page.status >= 400 || !isHtml(page)) return [];
  const base = { pageUrl: ctx.url, isHomepage: ctx.isHomepage };
  const findings: CheckFinding[] = [];
  const { missing, weak } = headerProblems(page);
  if (missing.length > 0 || weak.length > 0) {
    const present: Record<string, string> = {};
    for (const name of WATCHED) {
      const value = page.headers[name];
      if (value !== undefined) present[name] = value.slice(0, 500);
    }
    findings.push({
      ...base,
      type: 'security_headers',
      severity: 'IV',
      title: `Security headers: ${[...missing.map((m) => `missing ${m.split(' ')[0]}`), ...weak.map((w) => w.split(':')[0])].join(', ')}`,
      evidence: { finalUrl: page.finalUrl, missing, weak, present },
    });
  }
  if (page.finalUrl.startsWith('https:') && page.text) {
    const mixed = findMixedContent(page.text);
    if (mixed.length > 0) {
      const active = mixed.filter((r) => r.active);
      const passive = mixed.filter((r) => !r.active);
      findings.push({
        ...base,
        type: 'mixed_content',
        severity: active.length > 0 ? 'III' : 'IV',
        title: `Mixed content: ${active.length} active and ${passive.length} passive http:// resources on an https page`,
        evidence: {
          finalUrl: page.finalUrl,
          activeCount: active.length,
          passiveCount: passive.length,
          active: active.slice(0, EVIDENCE_ITEMS),
          passive: passive.slice(0, EVIDENCE_ITEMS),
        },
      });
    }
  }
  return findings;
}
