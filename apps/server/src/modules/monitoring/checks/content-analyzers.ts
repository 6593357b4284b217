import { compareCloaking } from '../analyzers/cloaking.ts';
import { createDefaultKeywordMatcher } from '../analyzers/keyword-matcher.ts';
import { analyzePageContent, cloakingFindings } from '../analyzers/page-findings.ts';
import type { ContentAnalyzers } from './run-checks.ts';

/** The content analyzers wired for runStaticChecks; one keyword automaton shared by every page. */
export function createContentAnalyzers(): ContentAnalyzers {
  const matcher = createDefaultKeywordMatcher();
  return {
    analyzePage(html, pageUrl, isHomepage) {
      const analysis = analyzePageContent(html, pageUrl, { isHomepage, matcher });
      return { findings: analysis.findings, links: analysis.links.map((l) => l.url) };
    },
    compareCloaking(browser, crawler, pageUrl, isHomepage) {
      return cloakingFindings(compareCloaking(browser, crawler, { matcher }), pageUrl, isHomepage);
    },
  };
}
