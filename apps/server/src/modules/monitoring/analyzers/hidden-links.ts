import { createDefaultKeywordMatcher, type KeywordMatcher } from './keyword-matcher.ts';
import { DEFAULT_TRUSTED_DOMAINS, hostOf, isSameSite, isTrustedHost } from './links.ts';
import { buildPageModel, type PageLink, type PageModel } from './page-model.ts';
import type { HidingTechnique } from './style-eval.ts';

/**
 * Hidden spam links (暗链). A link is reported when it is hidden — by CSS (inline, <style> rules or an
 * ancestor), by zero-width characters in its text, or by being written by an inline script — AND it is
 * suspicious: its text, title or URL carries an illegal-content keyword, its domain carries a category token
 * (casino, porn …), or it leaves the site for a domain that is not trusted. Hidden same-site links (a
 * collapsed mobile menu, a skip link to #main) and hidden links to trusted domains (gov.cn 友情链接 menus)
 * are therefore not reported.
 */

export type HiddenLinkFinding = {
  kind: 'link' | 'iframe';
  href: string;
  text: string;
  /** The main technique; `techniques` lists every one that applies. */
  technique: HidingTechnique;
  techniques: HidingTechnique[];
  reason: 'outbound' | 'keyword' | 'outbound_and_keyword';
  domain: string | null;
  keywords: { category: string; keyword: string }[];
  evidence: {
    snippet: string;
    element: string;
    rule: string;
    script?: { sink: string; techniques: string[]; markup: string };
  };
};

export type HiddenLinkOptions = {
  matcher?: KeywordMatcher;
  /** Domain suffixes whose hidden links are not suspicious by themselves. Default DEFAULT_TRUSTED_DOMAINS. */
  trustedDomains?: readonly string[];
  /** Most findings returned. Default 500. */
  limit?: number;
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type LinkSuspicion = {
  reason: HiddenLinkFinding['reason'];
  domain: string | null;
  keywords: HiddenLinkFinding['keywords'];
} | null;

function judge(
  href: string,
  text: string,
  pageHost: string,
  matcher: KeywordMatcher,
  trusted: readonly string[],
): LinkSuspicion {
  const host = hostOf(href);
  const hits = matcher.scan(`${text}\n${safeDecode(href)}`, { maxHits: 20 });
  const keywords = [
    ...new Map(
      hits.map((h) => [`${h.category}:${h.keyword}`, { category: h.category, keyword: h.keyword }]),
    ).values(),
  ];
  for (const category of host ? matcher.domainCategories(host) : [])
    keywords.push({ category, keyword: `domain:${host}` });
  const outbound = host !== null && !isSameSite(host, pageHost) && !isTrustedHost(host, trusted);
  if (!outbound && keywords.length === 0) return null;
  const reason = outbound && keywords.length > 0 ? 'outbound_and_keyword' : outbound ? 'outbound' : 'keyword';
  return { reason, domain: host, keywords };
}

/**
 * Whether a hidden link would be reported, and why: the same rule as the static analysis, for links
 * found hidden by other means (the rendering pass). Null when the link is not suspicious.
 */
export function hiddenLinkSuspicion(
  href: string,
  text: string,
  pageUrl: string,
  options: Pick<HiddenLinkOptions, 'matcher' | 'trustedDomains'> = {},
): LinkSuspicion {
  return judge(
    href,
    text,
    hostOf(pageUrl) ?? '',
    options.matcher ?? createDefaultKeywordMatcher(),
    options.trustedDomains ?? DEFAULT_TRUSTED_DOMAINS,
  );
}

function scriptEvidence(link: Pick<PageLink, 'scriptWritten'>): HiddenLinkFinding['evidence']['script'] {
  const w = link.scriptWritten;
  return w ? { sink: w.sink, techniques: w.techniques, markup: w.html.slice(0, 500) } : undefined;
}

export function findHiddenLinksInModel(
  model: PageModel,
  options: HiddenLinkOptions = {},
): HiddenLinkFinding[] {
  const matcher = options.matcher ?? createDefaultKeywordMatcher();
  const trusted = options.trustedDomains ?? DEFAULT_TRUSTED_DOMAINS;
  const limit = options.limit ?? 500;
  const pageHost = hostOf(model.pageUrl) ?? '';
  const findings: HiddenLinkFinding[] = [];
  for (const link of model.links) {
    if (findings.length >= limit) break;
    const techniques: HidingTechnique[] = [];
    if (link.hiding) techniques.push(link.hiding.technique);
    if (link.scriptWritten && !techniques.includes('script_written')) techniques.push('script_written');
    if (link.zeroWidth) techniques.push('zero_width_chars');
    const [technique] = techniques;
    if (!technique) continue;
    const verdict = judge(link.href, `${link.text} ${link.title}`, pageHost, matcher, trusted);
    if (!verdict) continue;
    const script = scriptEvidence(link);
    findings.push({
      kind: 'link',
      href: link.href,
      text: link.text,
      technique,
      techniques,
      ...verdict,
      evidence: {
        snippet: link.snippet,
        element: link.hiding?.element ?? link.tag,
        rule: link.hiding?.rule ?? (link.zeroWidth ? 'zero-width characters in the link' : ''),
        ...(script ? { script } : {}),
      },
    });
  }
  for (const frame of model.iframes) {
    if (findings.length >= limit) break;
    if (!frame.hiding) continue;
    const verdict = judge(frame.src, '', pageHost, matcher, trusted);
    if (!verdict) continue;
    const script = scriptEvidence(frame);
    findings.push({
      kind: 'iframe',
      href: frame.src,
      text: '',
      technique: frame.hiding.technique,
      techniques:
        frame.scriptWritten && frame.hiding.technique !== 'script_written'
          ? [frame.hiding.technique, 'script_written']
          : [frame.hiding.technique],
      ...verdict,
      evidence: {
        snippet: frame.snippet,
        element: frame.hiding.element,
        rule: frame.hiding.rule,
        ...(script ? { script } : {}),
      },
    });
  }
  return findings;
}

/** Finds hidden suspicious links and iframes in a page (see the module comment for the rule). */
export function findHiddenLinks(
  html: string,
  pageUrl: string,
  options: HiddenLinkOptions = {},
): HiddenLinkFinding[] {
  return findHiddenLinksInModel(buildPageModel(html, pageUrl), options);
}
