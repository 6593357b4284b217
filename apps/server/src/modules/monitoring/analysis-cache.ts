import { createHash } from 'node:crypto';
import { type ReferrerScript, referrerScriptOf } from './analyzers/cloaking.ts';
import { createDefaultKeywordMatcher } from './analyzers/keyword-matcher.ts';
import { analyzePageModel, type ContentCheckOptions, defacementFinding } from './analyzers/page-findings.ts';
import { buildPageModel } from './analyzers/page-model.ts';
import {
  compareSnapshots,
  type PageSnapshot,
  type SnapshotComparison,
  snapshotPage,
} from './analyzers/snapshot.ts';
import type { CheckFinding } from './check-types.ts';

/**
 * Content analysis costs tens of milliseconds on a large page, while most monitored pages are byte-for-byte
 * the same from one minute to the next. The last analysis of each page is kept by the digest of its HTML, so
 * an unchanged page costs a hash, not a parse. What is kept is small (findings and links, not the page model
 * or its snapshot): the snapshot, needed only to store a first baseline or a pending change, is rebuilt on
 * demand. The cache is bounded by an estimate of the bytes it holds; the least recently used pages go first,
 * and a miss only costs the analysis it would have cost anyway.
 */

/** A stored baseline and the digest of its JSON (what `JSON.stringify(snapshot)` gave when it was stored). */
export interface BaselineRef {
  snapshot: PageSnapshot;
  digest: string;
}

export type RunAnalysisOptions = Omit<ContentCheckOptions, 'baseline'> & { baseline?: BaselineRef };

export interface RunAnalysis {
  /** Findings of every content analyzer, with a defacement finding when the page left its baseline. */
  findings: CheckFinding[];
  /**
   * The page's distinct http(s) links (fragment dropped) that a run may visit, in page order: the first
   * LINKS_KEPT (what the broken-link check asks) and then only same-host ones, up to SAME_HOST_KEPT (what
   * a crawl follows). A news portal links hundreds of articles; keeping them all would make the cache
   * hold a few thousand pages at most.
   */
  links: string[];
  /** How many distinct http(s) links the page has in all. */
  linkCount: number;
  /** The browser's copy holds a script sending search visitors elsewhere (for the cloaking check). */
  referrerScript: ReferrerScript | null;
  /** Hashes of inline scripts that write in ways static analysis cannot follow (worth a rendering pass). */
  opaqueScripts: string[];
  /** The page's snapshot, built again on a cache hit (only when asked for). */
  snapshot: () => PageSnapshot;
  fromCache: boolean;
}

interface Entry {
  key: string;
  pageUrl: string;
  isHomepage: boolean;
  /** Findings without defacement. */
  findings: CheckFinding[];
  links: string[];
  linkCount: number;
  referrerScript: ReferrerScript | null;
  opaqueScripts: string[];
  snapshotDigest: string;
  /** The baseline the defacement result below was computed against (null: none). */
  baselineDigest: string | null;
  defacement: CheckFinding | null;
  bytes: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
let maxBytes = DEFAULT_MAX_BYTES;
let bytes = 0;
const cache = new Map<string, Entry>();
let hits = 0;
let misses = 0;

/**
 * SHA-256 of a text's UTF-16 code units. Hashing a string makes Node encode it to UTF-8 first, which for a
 * Chinese page costs more than the hash; its UTF-16 bytes are a plain copy.
 */
export function contentDigest(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf16le')).digest('base64');
}

/** A rough size of a JSON-like value in memory (UTF-16 strings, 8-byte numbers, small per-object overhead). */
export function approxBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 8;
  if (depth > 8) return 64;
  let n = 32;
  if (Array.isArray(value)) for (const v of value) n += 8 + approxBytes(v, depth + 1);
  else for (const [k, v] of Object.entries(value)) n += k.length + 8 + approxBytes(v, depth + 1);
  return n;
}

function drop(pageUrl: string): void {
  const old = cache.get(pageUrl);
  if (!old) return;
  bytes -= old.bytes;
  cache.delete(pageUrl);
}

function store(entry: Entry): void {
  drop(entry.pageUrl);
  if (entry.bytes > maxBytes / 4) return;
  cache.set(entry.pageUrl, entry);
  bytes += entry.bytes;
  for (const oldest of cache.keys()) {
    if (bytes <= maxBytes) break;
    drop(oldest);
  }
}

const copies = (findings: readonly CheckFinding[]) => findings.map((f) => ({ ...f }));

export const LINKS_KEPT = 30;
export const SAME_HOST_KEPT = 40;

/** See RunAnalysis.links. */
export function linksWorthKeeping(
  urls: readonly string[],
  pageUrl: string,
): { links: string[]; linkCount: number } {
  let host: string | null = null;
  try {
    host = new URL(pageUrl).host;
  } catch {
    host = null;
  }
  const seen = new Set<string>();
  const links: string[] = [];
  let sameHost = 0;
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url)) continue;
    const bare = url.split('#')[0] ?? url;
    if (seen.has(bare)) continue;
    seen.add(bare);
    let onHost = false;
    try {
      onHost = host !== null && new URL(bare).host === host;
    } catch {
      onHost = false;
    }
    if (links.length < LINKS_KEPT) {
      links.push(bare);
      if (onHost) sameHost++;
    } else if (onHost && sameHost < SAME_HOST_KEPT) {
      links.push(bare);
      sameHost++;
    }
  }
  return { links, linkCount: seen.size };
}

function answer(entry: Entry, snapshot: () => PageSnapshot, fromCache: boolean): RunAnalysis {
  // Callers adjust findings (page URL, severity); they must never reach into the cached copy.
  const findings = copies(entry.findings);
  if (entry.defacement) findings.push({ ...entry.defacement });
  return {
    findings,
    links: [...entry.links],
    linkCount: entry.linkCount,
    referrerScript: entry.referrerScript,
    opaqueScripts: [...entry.opaqueScripts],
    snapshot,
    fromCache,
  };
}

/**
 * Every content analyzer on one page, from the cache when the HTML is the one analysed last time for this
 * URL (and the defacement verdict is known for the given baseline: the same baseline as then, or a baseline
 * that is this very page's snapshot, as after it was stored or accepted).
 */
export function analyzePageForRun(html: string, pageUrl: string, options: RunAnalysisOptions): RunAnalysis {
  const matcher = options.matcher ?? createDefaultKeywordMatcher();
  const key = [
    contentDigest(html),
    options.isHomepage ? 'home' : 'page',
    options.defacementThreshold ?? '',
    options.trustedDomains?.join(',') ?? '',
  ].join('|');
  const baselineDigest = options.baseline?.digest ?? null;
  const entry = cache.get(pageUrl);
  if (entry && entry.key === key) {
    let known = true;
    if (baselineDigest !== entry.baselineDigest) {
      if (baselineDigest === null || baselineDigest === entry.snapshotDigest) {
        entry.defacement = null;
        entry.baselineDigest = baselineDigest;
      } else known = false;
    }
    if (known) {
      hits += 1;
      // Re-insert so the entry counts as recently used.
      cache.delete(pageUrl);
      cache.set(pageUrl, entry);
      let snapshot: PageSnapshot | undefined;
      return answer(entry, () => (snapshot ??= snapshotPage(html, pageUrl, matcher)), true);
    }
  }
  misses += 1;
  const { baseline, ...rest } = options;
  const model = buildPageModel(html, pageUrl);
  const analysis = analyzePageModel(model, { ...rest, matcher });
  const snapshotDigest = contentDigest(JSON.stringify(analysis.snapshot));
  let defacement: CheckFinding | null = null;
  if (baseline && baseline.digest !== snapshotDigest) {
    const comparison: SnapshotComparison = compareSnapshots(
      baseline.snapshot,
      analysis.snapshot,
      options.defacementThreshold === undefined ? {} : { threshold: options.defacementThreshold },
    );
    if (comparison.changed) defacement = defacementFinding(comparison, model.pageUrl, options.isHomepage);
  }
  const { links, linkCount } = linksWorthKeeping(
    analysis.links.map((l) => l.url),
    pageUrl,
  );
  const fresh: Entry = {
    key,
    pageUrl,
    isHomepage: options.isHomepage,
    findings: copies(analysis.findings),
    links,
    linkCount,
    referrerScript: referrerScriptOf(model),
    opaqueScripts: model.scripts.flatMap((x) => (x.opaque && x.inlineHash ? [x.inlineHash] : [])),
    snapshotDigest,
    baselineDigest,
    defacement,
    bytes: 0,
  };
  fresh.bytes =
    256 + key.length * 2 + approxBytes(fresh.findings) + approxBytes(links) + approxBytes(defacement);
  store(fresh);
  const snapshot = analysis.snapshot;
  return answer(fresh, () => snapshot, false);
}

/** Forget every cached analysis, e.g. when the keyword lists change. */
export function clearAnalysisCache(): void {
  cache.clear();
  bytes = 0;
}

/** Sets the cache's budget in bytes (estimated); returns the previous one. */
export function setAnalysisCacheMaxBytes(limit: number): number {
  const previous = maxBytes;
  maxBytes = Math.max(0, limit);
  for (const oldest of cache.keys()) {
    if (bytes <= maxBytes) break;
    drop(oldest);
  }
  return previous;
}

export function analysisCacheStats(): { hits: number; misses: number; entries: number; bytes: number } {
  return { hits, misses, entries: cache.size, bytes };
}
