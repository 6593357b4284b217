import type { Severity } from '@shouwang/common';
import type { MonitorFetchError } from './fetch/fetch-error.ts';
import type { FetchResult, SafeFetchOptions } from './fetch/fetch-types.ts';

/** Every kind of finding a check can raise (shared by network checks and content analyzers). */
export const FINDING_TYPES = [
  'site_down',
  'slow_response',
  'http_error',
  'dns_failure',
  'tls_invalid',
  'tls_expiring',
  'tls_weak_protocol',
  'security_headers',
  'mixed_content',
  'defacement',
  'hidden_links',
  'illegal_content',
  'cloaking',
  'broken_links',
  'icp_missing',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/**
 * One problem found on one page, with the evidence staff need to act on it. `title` is a short English
 * line for logs and the CLI; the web app renders its own wording from `type` and `evidence`.
 */
export interface CheckFinding {
  type: FindingType;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  pageUrl: string;
  isHomepage: boolean;
}

/** What a network check gets: the page to check, how to fetch, and (when already fetched) the page. */
export interface CheckContext {
  url: string;
  isHomepage: boolean;
  fetchOptions: SafeFetchOptions;
  /** The page as fetched once for all checks, so each check does not fetch it again. */
  page?: FetchResult | MonitorFetchError;
  /** Clock, for certificate expiry (tests pin it). */
  now?: () => Date;
}

export type NetworkCheck = (ctx: CheckContext) => Promise<CheckFinding[]>;
