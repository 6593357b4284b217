import type { CheckContext, CheckFinding } from '../check-types.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import { safeFetch } from '../fetch/safe-fetch.ts';

export interface BrokenLinkOptions {
  /** At most this many distinct links are checked per page. Default 30. */
  maxLinks?: number;
  /** Links checked at once. Default 4. */
  concurrency?: number;
  /**
   * A link that answered below 400 within this many ms is not asked again (default 15 minutes): a page
   * checked every minute would otherwise send the same dozens of requests every minute. Broken links are
   * always asked again, so a repaired link clears the finding on the next run. 0 asks every link.
   */
  reuseHealthyMs?: number;
  /** Distinct links of the page in all, when `links` holds only those worth checking (for the evidence). */
  distinctTotal?: number;
}

const DEFAULT_REUSE_HEALTHY_MS = 15 * 60_000;
const MAX_REMEMBERED = 50_000;
/** Healthy links by URL with when they answered (insertion order = oldest first). */
const healthy = new Map<string, { status: number; at: number }>();

function rememberHealthy(url: string, status: number, at: number): void {
  healthy.delete(url);
  healthy.set(url, { status, at });
  if (healthy.size > MAX_REMEMBERED) {
    const oldest = healthy.keys().next().value;
    if (oldest !== undefined) healthy.delete(oldest);
  }
}

/** Forget every healthy link (tests). */
export function clearLinkCache(): void {
  healthy.clear();
}

interface LinkOutcome {
  url: string;
  status?: number;
  error?: { kind: string; message: string };
  skipped?: string;
}

async function probe(url: string, ctx: CheckContext): Promise<LinkOutcome> {
  const options = { ...ctx.fetchOptions, maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 };
  try {
    let r = await safeFetch(url, { ...options, method: 'HEAD' });
    // Some servers refuse HEAD; ask again with a small GET before calling the link broken.
    if (r.status === 405 || r.status === 501) r = await safeFetch(url, options);
    return { url, status: r.status };
  } catch (err) {
    if (!(err instanceof MonitorFetchError)) throw err;
    // A link to an address we may not reach is not known to be broken.
    if (err.kind === 'forbidden_address' || err.kind === 'invalid_url') return { url, skipped: err.kind };
    return { url, error: { kind: err.kind, message: err.message } };
  }
}

/**
 * Broken links on a watched page: each distinct http(s) link (up to maxLinks) is requested with HEAD
 * through the same SSRF guard; 4xx/5xx answers and unreachable targets count as broken.
 */
export async function checkBrokenLinks(
  ctx: CheckContext,
  links: readonly string[],
  options: BrokenLinkOptions = {},
): Promise<CheckFinding[]> {
  const distinct = [
    ...new Set(links.filter((l) => /^https?:\/\//i.test(l)).map((l) => l.split('#')[0] ?? l)),
  ];
  const max = options.maxLinks ?? 30;
  const queue = distinct.slice(0, max);
  const outcomes: LinkOutcome[] = [];
  const reuseMs = options.reuseHealthyMs ?? DEFAULT_REUSE_HEALTHY_MS;
  const now = () => (ctx.now ? ctx.now() : new Date()).getTime();
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const known = healthy.get(next);
      if (known && reuseMs > 0 && now() - known.at < reuseMs) {
        outcomes.push({ url: next, status: known.status });
        continue;
      }
      const outcome = await probe(next, ctx);
      if (outcome.status !== undefined && outcome.status < 400) rememberHealthy(next, outcome.status, now());
      else healthy.delete(next);
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const broken = outcomes.filter((o) => o.error || (o.status !== undefined && o.status >= 400));
  if (broken.length === 0) return [];
  return [
    {
      type: 'broken_links',
      severity: 'IV',
      title: `${broken.length} broken link(s) of ${outcomes.length} checked`,
      evidence: {
        broken,
        checked: outcomes.length,
        notChecked: Math.max(0, Math.max(options.distinctTotal ?? 0, distinct.length) - max),
        skipped: outcomes.filter((o) => o.skipped).map((o) => o.url),
      },
      pageUrl: ctx.url,
      isHomepage: ctx.isHomepage,
    },
  ];
}
