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

export type ReferrerScript = { engines: string[]; redirects: string[] };

/** A script of the browser's copy that sends visitors arriving from a search engine elsewhere. */
export function referrerScriptOf(model: PageModel): ReferrerScript | null {
  const referrer = model.scriptAnalyses.find((a) => a.referrerCheck && a.redirects.length > 0);
  return referrer?.referrerCheck
    ? { engines: referrer.referrerCheck.engines, redirects: referrer.redirects.slice(0, 10) }
    : null;
}

/** Changed text this long or longer is compared in full. */
const MAX_QUICK_DIFF = 64;
/** A differing run of digits next to one of these may be part of a URL, host, number or CSS value. */
const URLISH = /[A-Za-z0-9._\-/:%#=?&@+~]/;
const DIGITS = /^[0-9]*$/;

/**
 * The crawler's copy is the browser's copy up to one run of digits in text (a visit counter, a clock):
 * neither markup, a script, a URL nor a keyword differs, so the copies cannot differ by cloaking.
 */
function sameButDigitsInText(a: string, b: string, matcher: KeywordMatcher): boolean {
  if (a === b) return true;
  const min = Math.min(a.length, b.length);
  let p = 0;
  while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  // Whole runs of digits: widen the difference over digits the two copies share at either end.
  while (p > 0 && /[0-9]/.test(a.charAt(p - 1))) p--;
  while (s > 0 && /[0-9]/.test(a.charAt(a.length - s))) s--;
  const midA = a.slice(p, a.length - s);
  const midB = b.slice(p, b.length - s);
  if (midA.length > MAX_QUICK_DIFF || midB.length > MAX_QUICK_DIFF) return false;
  if (!DIGITS.test(midA) || !DIGITS.test(midB)) return false;
  const before = a.charAt(p - 1);
  const after = a.charAt(a.length - s);
  if (URLISH.test(before) || URLISH.test(after)) return false;
  // In text: the last '<' before the change is closed, and no script or style element is open.
  const open = a.lastIndexOf('<', p);
  if (open === -1 || a.indexOf('>', open) >= p) return false;
  const head = a.slice(0, p).toLowerCase();
  for (const raw of ['script', 'style', 'textarea', 'title', 'noscript', 'template']) {
    if (head.lastIndexOf(`<${raw}`) > head.lastIndexOf(`</${raw}`)) return false;
  }
  const windowOf = (t: string, mid: string) => t.slice(Math.max(0, p - 32), p + mid.length + 32);
  const seen = new Set(matcher.scan(windowOf(a, midA)).map((h) => `${h.category}:${h.keyword}`));
  return matcher.scan(windowOf(b, midB)).every((h) => seen.has(`${h.category}:${h.keyword}`));
}

/**
 * Cloaking without building page models, when the answer is plain: the crawler's copy equals the browser's
 * (or differs only by a run of digits in text), the crawler was not sent off-site, and the browser's copy has
 * no search-referrer script (`referrerScript`, known from its analysis). Null when a full comparison is needed.
 */
export function quickCloakingCheck(
  browser: FetchedPage,
  crawler: FetchedPage,
  referrerScript: ReferrerScript | null,
  options: CloakingOptions = {},
): CloakingResult | null {
  if (referrerScript) return null;
  const browserHost = hostOf(browser.finalUrl);
  const crawlerHost = hostOf(crawler.finalUrl);
  if (browserHost !== crawlerHost) return null;
  const matcher = options.matcher ?? createDefaultKeywordMatcher();
  if (!sameButDigitsInText(browser.text ?? '', crawler.text ?? '', matcher)) return null;
  return {
    cloaked: false,
    reasons: [],
    evidence: {
      crawlerOnlyKeywords: [],
      crawlerOnlyDomains: [],
      suspiciousCrawlerOnlyDomains: [],
      browserFinalUrl: browser.finalUrl,
      crawlerFinalUrl: crawler.finalUrl,
      textSimilarity: 1,
      referrerScript: null,
    },
  };
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
  const referrerScript = referrerScriptOf(b);
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
