import { createHash } from 'node:crypto';
import {
  analyzePageContent,
  type ContentAnalysis,
  type ContentCheckOptions,
} from './analyzers/page-findings.ts';

/**
 * Content analysis costs tens to hundreds of milliseconds on a large page, while most monitored pages are
 * byte-for-byte the same from one minute to the next. Re-using the last analysis of an unchanged page (same
 * HTML, same baseline, same options) is what lets one process watch thousands of sites every minute.
 * Bounded: the oldest entries go first; a miss only costs the analysis it would have cost anyway.
 */
const MAX_ENTRIES = 4000;
const cache = new Map<string, { key: string; analysis: ContentAnalysis }>();
let hits = 0;
let misses = 0;

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

export function analyzePageContentCached(
  html: string,
  pageUrl: string,
  options: ContentCheckOptions,
): ContentAnalysis {
  const key = [
    digest(html),
    options.baseline ? digest(JSON.stringify(options.baseline)) : '-',
    options.isHomepage ? 'home' : 'page',
    options.defacementThreshold ?? '',
    options.trustedDomains?.join(',') ?? '',
  ].join('|');
  const entry = cache.get(pageUrl);
  if (entry && entry.key === key) {
    hits += 1;
    // Re-insert so the entry counts as recently used.
    cache.delete(pageUrl);
    cache.set(pageUrl, entry);
    // Callers adjust findings (page URL, severity); they must never reach into the cached copy.
    return { ...entry.analysis, findings: entry.analysis.findings.map((f) => ({ ...f })) };
  }
  misses += 1;
  const analysis = analyzePageContent(html, pageUrl, options);
  cache.delete(pageUrl);
  cache.set(pageUrl, { key, analysis: { ...analysis, findings: analysis.findings.map((f) => ({ ...f })) } });
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return analysis;
}

/** Forget every cached analysis, e.g. when the keyword lists change. */
export function clearAnalysisCache(): void {
  cache.clear();
}

export function analysisCacheStats(): { hits: number; misses: number; entries: number } {
  return { hits, misses, entries: cache.size };
}
