import { describe, expect, it } from 'vitest';
import { analysisCacheStats, analyzePageContentCached, clearAnalysisCache } from './analysis-cache.ts';
import { snapshotPage } from './analyzers/snapshot.ts';

const page = (extra = '') =>
  `<html><body><h1>江川市人民政府</h1><div style="display:none"><a href="http://bet365-casino.example/">百家乐</a></div>${extra}</body></html>`;

describe('content analysis cache', () => {
  it('re-uses the analysis of an unchanged page and re-analyses a changed page or baseline', () => {
    clearAnalysisCache();
    const url = 'http://www.jiangchuan.example/';
    const first = analyzePageContentCached(page(), url, { isHomepage: true });
    expect(first.findings.map((f) => f.type)).toContain('hidden_links');
    const again = analyzePageContentCached(page(), url, { isHomepage: true });
    expect(again.findings).toEqual(first.findings);
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 1 });

    analyzePageContentCached(page('<p>新的一段</p>'), url, { isHomepage: true });
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 2 });

    const baseline = snapshotPage(page(), url);
    analyzePageContentCached(page('<p>新的一段</p>'), url, { isHomepage: true, baseline });
    expect(analysisCacheStats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('hands out copies, so a caller changing a finding cannot change the cache', () => {
    clearAnalysisCache();
    const url = 'http://www.copy.example/';
    const first = analyzePageContentCached(page(), url, { isHomepage: true });
    const finding = first.findings[0];
    if (!finding) throw new Error('expected a finding');
    finding.pageUrl = 'http://elsewhere.example/';
    const again = analyzePageContentCached(page(), url, { isHomepage: true });
    expect(again.findings[0]?.pageUrl).not.toBe('http://elsewhere.example/');
  });
});
