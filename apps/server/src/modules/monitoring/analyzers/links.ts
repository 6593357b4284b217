import { buildPageModel, type PageModel } from './page-model.ts';

/** Suffixes under which names are registered one level deeper (example.gov.cn, example.com.cn). */
const SECOND_LEVEL = new Set([
  'gov.cn',
  'com.cn',
  'net.cn',
  'org.cn',
  'edu.cn',
  'ac.cn',
  'mil.cn',
  'co.uk',
  'org.uk',
  'com.hk',
  'gov.hk',
  'com.tw',
  'com.au',
  'co.jp',
  'com.mo',
]);

/**
 * Domains whose links are not suspicious when hidden: government sites (gov.cn), the 党政机关 site badge
 * (conac.cn) and 网站纠错 widget (kaipuyun.cn) that government pages embed by script, and common analytics
 * whose snippets write a small link (cnzz, umeng, baidu, 51.la).
 */
export const DEFAULT_TRUSTED_DOMAINS: readonly string[] = [
  'gov.cn',
  'conac.cn',
  'kaipuyun.cn',
  'cnzz.com',
  'umeng.com',
  'baidu.com',
  '51.la',
];

export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

const registrableCache = new Map<string, string>();

/** Approximate registrable domain (eTLD+1) for the suffixes government pages meet. */
export function registrableDomain(host: string): string {
  const cached = registrableCache.get(host);
  if (cached !== undefined) return cached;
  const result = computeRegistrableDomain(host);
  if (registrableCache.size > 10_000) registrableCache.clear();
  registrableCache.set(host, result);
  return result;
}

function computeRegistrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2 || /^\d+$/.test(labels[labels.length - 1] ?? '')) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  return SECOND_LEVEL.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}

export function isSameSite(hostA: string, hostB: string): boolean {
  return registrableDomain(hostA) === registrableDomain(hostB);
}

export function isTrustedHost(host: string, trusted: readonly string[]): boolean {
  const h = host.toLowerCase();
  return trusted.some((t) => h === t.toLowerCase() || h.endsWith(`.${t.toLowerCase()}`));
}

export type ExtractedLink = {
  url: string;
  text: string;
  rel: string[];
  nofollow: boolean;
  /** Same registrable domain as the page. */
  sameSite: boolean;
  host: string;
  hidden: boolean;
  /** Written by an inline script rather than present in the markup. */
  scriptWritten: boolean;
};

/** Absolute http(s) links of a page (a and area), resolved against <base href> when present, in document order. */
export function extractLinks(html: string, pageUrl: string): ExtractedLink[] {
  return extractLinksFromModel(buildPageModel(html, pageUrl));
}

export function extractLinksFromModel(model: PageModel): ExtractedLink[] {
  const pageHost = hostOf(model.pageUrl) ?? '';
  const links: ExtractedLink[] = [];
  for (const link of model.links) {
    const host = hostOf(link.href);
    if (!host) continue;
    links.push({
      url: link.href,
      text: link.text,
      rel: link.rel,
      nofollow: link.rel.includes('nofollow'),
      sameSite: isSameSite(host, pageHost),
      host,
      hidden: link.hiding !== null,
      scriptWritten: link.scriptWritten !== null,
    });
  }
  return links;
}
