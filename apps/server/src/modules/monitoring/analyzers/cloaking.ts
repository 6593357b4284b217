import { createDefaultKeywordMatcher, type KeywordMatcher } from './keyword-matcher.ts';
import { DEFAULT_TRUSTED_DOMAINS, hostOf, isSameSite, isTrustedHost } from './links.ts';
import { buildPageModel, type PageModel } from './page-model.ts';
import { sketchSimilarity } from './snapshot.ts';

/**
 * Cloaking: spam served only to search-engine crawlers or to visitors arriving from a search engine. The
 * caller fetches the page as a browser and as a crawler (or with a search Referer); cloaking is declared when
 * the crawler's copy carries illegal keywords or suspicious outbound domains the browser's copy lacks, when
 * only the crawler is redirected off-site, or when the browser's copy holds a script that sends search
 * visitors elsewhere. Mere differences in dynamic text are not cloaking.
 */

/** Structurally compatible with the fetch layer's FetchResult. */
export type FetchedPage = { finalUrl: string; status?: number; text?: string };

export type CloakingResult = {
  cloaked: boolean;
  reasons: string[];
  evidence: {
    crawlerOnlyKeywords: { category: string; keyword: string; context: string }[];
    crawlerOnlyDomains: string[];
    suspiciousCrawlerOnlyDomains: string[];
    browserFinalUrl: string;
    crawlerFinalUrl: string;
    textSimilarity: number;
    referrerScript: { engines: string[]; redirects: string[] } | null;
  };
};

export type CloakingOptions = { matcher?: KeywordMatcher; trustedDomains?: readonly string[] };

const CRAWLER_ONLY_DOMAINS_ALONE = 3;

function shingleSketch(text: string): number[] {
  const set = new Set<number>();
  const compact = text.replace(/\s+/g, '').replace(/\d+/g, '#');
  for (let i = 0; i + 4 <= compact.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + 4; j++) h = Math.imul(h ^ compact.charCodeAt(j), 0x01000193) >>> 0;
    set.add(h);
  }
  return [...set].sort((a, b) => a - b).slice(0, 256);
}

function outboundHosts(model: PageModel, trusted: readonly string[]): Map<string, string> {
  const pageHost = hostOf(model.pageUrl) ?? '';
  const hosts = new Map<string, string>();
  for (const link of model.links) {
    const host = hostOf(link.href);
    if (host && !isSameSite(host, pageHost) && !isTrustedHost(host, trusted))
      hosts.set(host, `${link.text} ${link.title}`);
  }
  return hosts;
}

export function compareCloaking(
  browser: FetchedPage,
  crawler: FetchedPage,
  options: CloakingOptions = {},
): CloakingResult {
  const matcher = options.matcher ?? createDefaultKeywordMatcher();
  const trusted = options.trustedDomains ?? DEFAULT_TRUSTED_DOMAINS;
  const b = buildPageModel(browser.text ?? '', browser.finalUrl);
  const c = buildPageModel(crawler.text ?? '', crawler.finalUrl);
  const allText = (m: PageModel) => `${m.metaText}\n${m.visibleText}\n${m.hiddenText}`;
  const browserKeywords = new Set(matcher.scan(allText(b)).map((h) => `${h.category}:${h.keyword}`));
  const crawlerOnlyKeywords = new Map<string, { category: string; keyword: string; context: string }>();
  for (const hit of matcher.scan(allText(c))) {
    const key = `${hit.category}:${hit.keyword}`;
    if (!browserKeywords.has(key) && !crawlerOnlyKeywords.has(key)) {
      crawlerOnlyKeywords.set(key, { category: hit.category, keyword: hit.keyword, context: hit.context });
    }
  }
  const browserHosts = outboundHosts(b, trusted);
  const crawlerOnlyDomains: string[] = [];
  const suspicious: string[] = [];
  for (const [host, text] of outboundHosts(c, trusted)) {
    if (browserHosts.has(host)) continue;
    crawlerOnlyDomains.push(host);
    if (matcher.domainCategories(host).length > 0 || matcher.scan(text, { maxHits: 1 }).length > 0)
      suspicious.push(host);
  }
  const reasons: string[] = [];
  if (crawlerOnlyKeywords.size > 0) reasons.push('crawler_only_keywords');
  if (suspicious.length > 0 || crawlerOnlyDomains.length >= CRAWLER_ONLY_DOMAINS_ALONE)
    reasons.push('crawler_only_domains');
  const browserHost = hostOf(browser.finalUrl);
  const crawlerHost = hostOf(crawler.finalUrl);
  if (
    crawlerHost &&
    browserHost &&
    !isSameSite(crawlerHost, browserHost) &&
    !isTrustedHost(crawlerHost, trusted)
  ) {
    reasons.push('crawler_redirected');
  }
  const referrer = b.scriptAnalyses.find((a) => a.referrerCheck && a.redirects.length > 0);
  const referrerScript = referrer?.referrerCheck
    ? { engines: referrer.referrerCheck.engines, redirects: referrer.redirects.slice(0, 10) }
    : null;
  if (referrerScript) reasons.push('search_referrer_redirect_script');
  return {
    cloaked: reasons.length > 0,
    reasons,
    evidence: {
      crawlerOnlyKeywords: [...crawlerOnlyKeywords.values()].slice(0, 50),
      crawlerOnlyDomains: crawlerOnlyDomains.slice(0, 100),
      suspiciousCrawlerOnlyDomains: suspicious.slice(0, 100),
      browserFinalUrl: browser.finalUrl,
      crawlerFinalUrl: crawler.finalUrl,
      textSimilarity: sketchSimilarity(shingleSketch(b.visibleText), shingleSketch(c.visibleText)),
      referrerScript,
    },
  };
}
