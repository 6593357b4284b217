import { describe, expect, it } from 'vitest';
import {
  analysisCacheStats,
  analyzePageForRun,
  type BaselineRef,
  clearAnalysisCache,
  contentDigest,
  LINKS_KEPT,
  linksWorthKeeping,
  SAME_HOST_KEPT,
  setAnalysisCacheMaxBytes,
} from './analysis-cache.ts';
import { analyzePageContent } from './analyzers/page-findings.ts';
import { snapshotPage } from './analyzers/snapshot.ts';

const page = (extra = '') =>
  `<html><body><h1>江川市人民政府</h1><div style="display:none"><a href="http://bet365-casino.example/">百家乐</a></div>${extra}</body></html>`;

const refOf = (html: string, url: string): BaselineRef => {
  const snapshot = snapshotPage(html, url);
  return { snapshot, digest: contentDigest(JSON.stringify(snapshot)) };
};

describe('content analysis cache', () => {
  it('re-uses the analysis of an unchanged page and re-analyses a changed page', () => {
    clearAnalysisCache();
    const url = 'http://www.jiangchuan.example/';
    const first = analyzePageForRun(page(), url, { isHomepage: true });
    expect(first.fromCache).toBe(false);
    expect(first.findings.map((f) => f.type)).toContain('hidden_links');
    expect(first.findings).toEqual(analyzePageContent(page(), url, { isHomepage: true }).findings);
    const again = analyzePageForRun(page(), url, { isHomepage: true });
    expect(again.fromCache).toBe(true);
    expect(again.findings).toEqual(first.findings);
    expect(again.links).toEqual(first.links);
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });

    analyzePageForRun(page('<p>新的一段</p>'), url, { isHomepage: true });
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 2 });
    // Whether the page is the homepage changes findings (the ICP number is asked of homepages only).
    analyzePageForRun(page('<p>新的一段</p>'), url, { isHomepage: false });
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('knows an unchanged page matches the baseline stored from it, and re-compares against another baseline', () => {
    clearAnalysisCache();
    const url = 'http://www.baseline.example/';
    const first = analyzePageForRun(page(), url, { isHomepage: true });
    // What trackBaseline stores on the first run: the JSON of this run's snapshot.
    const stored = JSON.stringify(first.snapshot());
    const baseline: BaselineRef = { snapshot: JSON.parse(stored), digest: contentDigest(stored) };
    const second = analyzePageForRun(page(), url, { isHomepage: true, baseline });
    expect(second.fromCache).toBe(true);
    expect(second.findings.some((f) => f.type === 'defacement')).toBe(false);

    // A baseline of other content: the page is compared (a miss), and the verdict is re-used after.
    const other = refOf(
      '<html><body><h1>江川市人民政府</h1><p>政务公开 政策解读 办事服务 互动交流</p><script src="/a.js"></script></body></html>',
      url,
    );
    const defaced = analyzePageForRun(page('<p>Hacked by nobody</p>'), url, {
      isHomepage: true,
      baseline: other,
    });
    expect(defaced.fromCache).toBe(false);
    const finding = defaced.findings.find((f) => f.type === 'defacement');
    expect(finding?.severity).toBe('II');
    const still = analyzePageForRun(page('<p>Hacked by nobody</p>'), url, {
      isHomepage: true,
      baseline: other,
    });
    expect(still.fromCache).toBe(true);
    expect(still.findings.find((f) => f.type === 'defacement')).toEqual(finding);
    // Staff accept the changed page (its snapshot becomes the baseline): no defacement, still from the cache.
    const acceptedJson = JSON.stringify(defaced.snapshot());
    const accepted = analyzePageForRun(page('<p>Hacked by nobody</p>'), url, {
      isHomepage: true,
      baseline: { snapshot: JSON.parse(acceptedJson), digest: contentDigest(acceptedJson) },
    });
    expect(accepted.fromCache).toBe(true);
    expect(accepted.findings.some((f) => f.type === 'defacement')).toBe(false);
  });

  it('builds the snapshot of a cached page again on demand, identical to the first', () => {
    clearAnalysisCache();
    const url = 'http://www.snapshot.example/';
    const first = analyzePageForRun(page('<p>第二段</p>'), url, { isHomepage: false });
    const again = analyzePageForRun(page('<p>第二段</p>'), url, { isHomepage: false });
    expect(again.fromCache).toBe(true);
    expect(JSON.stringify(again.snapshot())).toBe(JSON.stringify(first.snapshot()));
  });

  it('hands out copies, so a caller changing a finding cannot change the cache', () => {
    clearAnalysisCache();
    const url = 'http://www.copy.example/';
    const first = analyzePageForRun(page(), url, { isHomepage: true });
    const finding = first.findings[0];
    if (!finding) throw new Error('expected a finding');
    finding.pageUrl = 'http://elsewhere.example/';
    first.links.push('http://added.example/');
    const again = analyzePageForRun(page(), url, { isHomepage: true });
    expect(again.findings[0]?.pageUrl).not.toBe('http://elsewhere.example/');
    expect(again.links).not.toContain('http://added.example/');
  });

  it('stays within its byte budget, dropping the least recently used pages first', () => {
    clearAnalysisCache();
    const previous = setAnalysisCacheMaxBytes(64 * 1024);
    try {
      for (let i = 0; i < 200; i++)
        analyzePageForRun(page(`<p>${i}</p>`), `http://s${i}.example/`, { isHomepage: true });
      const stats = analysisCacheStats();
      expect(stats.bytes).toBeLessThanOrEqual(64 * 1024);
      expect(stats.entries).toBeGreaterThan(5);
      expect(stats.entries).toBeLessThan(200);
      // The newest page is kept, the first one went.
      expect(
        analyzePageForRun(page('<p>199</p>'), 'http://s199.example/', { isHomepage: true }).fromCache,
      ).toBe(true);
      expect(analyzePageForRun(page('<p>0</p>'), 'http://s0.example/', { isHomepage: true }).fromCache).toBe(
        false,
      );
      setAnalysisCacheMaxBytes(0);
      expect(analysisCacheStats()).toMatchObject({ entries: 0, bytes: 0 });
    } finally {
      setAnalysisCacheMaxBytes(previous);
    }
  });

  it('keeps the links a run visits: the first ones for the broken-link check, then same-host ones to crawl', () => {
    const page = 'http://www.portal.example/';
    const urls = [
      'mailto:office@portal.example',
      ...Array.from({ length: 50 }, (_, i) => `https://other${i}.example/`),
      'https://other0.example/#again',
      ...Array.from({ length: 60 }, (_, i) => `http://www.portal.example/news/${i}.html#top`),
    ];
    const { links, linkCount } = linksWorthKeeping(urls, page);
    expect(linkCount).toBe(110);
    expect(links.slice(0, LINKS_KEPT)).toEqual(urls.slice(1, 1 + LINKS_KEPT));
    expect(links.slice(LINKS_KEPT)).toEqual(
      Array.from({ length: SAME_HOST_KEPT }, (_, i) => `http://www.portal.example/news/${i}.html`),
    );

    // What a run gets from the cache: the same list and total.
    clearAnalysisCache();
    const html = `<html><body><h1>门户</h1>${urls.map((u) => `<a href="${u}">链接</a>`).join('')}</body></html>`;
    const first = analyzePageForRun(html, page, { isHomepage: false });
    expect(first.linkCount).toBe(110);
    expect(first.links).toEqual(links);
    expect(analyzePageForRun(html, page, { isHomepage: false })).toMatchObject({
      fromCache: true,
      links,
      linkCount: 110,
    });
  });
});
