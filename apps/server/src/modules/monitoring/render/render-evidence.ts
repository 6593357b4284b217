import { hiddenLinkSuspicion } from '../analyzers/hidden-links.ts';
import type { KeywordMatcher } from '../analyzers/keyword-matcher.ts';
import type { CheckFinding } from '../check-types.ts';
import type { BlockedRequest, PageRender } from './render-page.ts';

/** A link the rendered page hides and that the hidden-link rule calls suspicious. */
export interface RenderedHiddenLink {
  kind: 'link' | 'iframe';
  href: string;
  text: string;
  /** How the browser hides it (display_none, offscreen, same_colour …). */
  reasons: string[];
  suspicion: 'outbound' | 'keyword' | 'outbound_and_keyword';
  domain: string | null;
  keywords: { category: string; keyword: string }[];
  /** The static pass reported it too (confirmed); false: only seen once scripts had run. */
  staticAlso: boolean;
  /** The iframe document it is in (absent for the page's own links). */
  frameUrl?: string;
}

/** What one render adds to a page's findings (`evidence.rendered`). */
export interface RenderedEvidence {
  renderId: number;
  renderedAt: string;
  outcome: PageRender['outcome'];
  error: string | null;
  finalUrl: string | null;
  status: number | null;
  /** Links (and iframes) the browser shows. */
  visibleLinks: number;
  /** Hidden and suspicious, at most MAX_KEPT. */
  hiddenLinks: RenderedHiddenLink[];
  hiddenCount: number;
  /** Hidden suspicious links the static pass did not see: written by scripts it could not read. */
  scriptOnly: number;
  /** Links the static pass called hidden that the browser shows, or that scripts removed. */
  notConfirmed: Array<{ href: string; rendered: 'visible' | 'absent' }>;
  blocked: BlockedRequest[];
  blockedCount: number;
  /** Id of the stored screenshot (GET /api/v1/monitoring/renders/:id/screenshot), null without one. */
  screenshotFileId: number | null;
}

const MAX_KEPT = 50;

const bare = (url: string) => url.split('#')[0] ?? url;

/**
 * Compares a render with the static pass: which links the browser hides (judged suspicious by the
 * same rule as the static hidden-link analysis), which of them the static pass had seen, and which
 * static findings the browser does not confirm.
 */
export function renderedEvidence(
  render: PageRender,
  staticHidden: readonly string[],
  meta: { renderId: number; renderedAt: string; screenshotFileId: number | null; matcher?: KeywordMatcher },
): RenderedEvidence {
  const pageUrl = render.finalUrl ?? render.url;
  const staticSet = new Set(staticHidden.map(bare));
  const hidden: RenderedHiddenLink[] = [];
  const seen = new Set<string>();
  let visibleLinks = 0;
  const shown = new Set<string>();
  for (const link of render.links) {
    if (link.reasons.length === 0) {
      visibleLinks += 1;
      shown.add(bare(link.href));
      continue;
    }
    const key = `${link.kind}:${link.href}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const suspicion = hiddenLinkSuspicion(
      link.href,
      link.text,
      pageUrl,
      meta.matcher ? { matcher: meta.matcher } : {},
    );
    if (!suspicion) continue;
    hidden.push({
      kind: link.kind,
      href: link.href,
      text: link.text,
      reasons: link.reasons,
      suspicion: suspicion.reason,
      domain: suspicion.domain,
      keywords: suspicion.keywords,
      staticAlso: staticSet.has(bare(link.href)),
      ...(link.frameUrl === undefined ? {} : { frameUrl: link.frameUrl }),
    });
  }
  const hiddenHrefs = new Set(render.links.filter((l) => l.reasons.length > 0).map((l) => bare(l.href)));
  const notConfirmed: RenderedEvidence['notConfirmed'] = [];
  // Only a render that finished can say a static finding was wrong.
  if (render.outcome === 'ok') {
    for (const href of staticSet) {
      if (hiddenHrefs.has(href)) continue;
      notConfirmed.push({ href, rendered: shown.has(href) ? 'visible' : 'absent' });
    }
  }
  return {
    renderId: meta.renderId,
    renderedAt: meta.renderedAt,
    outcome: render.outcome,
    error: render.error,
    finalUrl: render.finalUrl,
    status: render.status,
    visibleLinks,
    hiddenLinks: hidden.slice(0, MAX_KEPT),
    hiddenCount: hidden.length,
    scriptOnly: hidden.filter((h) => !h.staticAlso).length,
    notConfirmed: notConfirmed.slice(0, MAX_KEPT),
    blocked: render.blocked,
    blockedCount: render.blockedCount,
    screenshotFileId: meta.screenshotFileId,
  };
}

/**
 * The hidden-link finding of a page the static pass found clean but whose render hides suspicious links
 * (written by scripts the static analysis could not read). Null when the render found none.
 */
export function renderedHiddenLinksFinding(
  evidence: RenderedEvidence,
  pageUrl: string,
  isHomepage: boolean,
): CheckFinding | null {
  const links = evidence.hiddenLinks.filter((h) => !h.staticAlso);
  if (links.length === 0) return null;
  const techniques = [...new Set(links.flatMap((l) => l.reasons))];
  return {
    type: 'hidden_links',
    severity: 'II',
    title: `${evidence.scriptOnly} hidden suspicious link(s) seen after rendering (${techniques.join(', ')})`,
    pageUrl,
    isHomepage,
    evidence: {
      source: 'rendered',
      count: evidence.scriptOnly,
      techniques,
      links: links.map((l) => ({
        kind: l.kind,
        href: l.href,
        text: l.text,
        technique: l.reasons[0] ?? 'script_written',
        techniques: [...l.reasons, 'script_written'],
        reason: l.suspicion,
        domain: l.domain,
        keywords: l.keywords,
        ...(l.frameUrl === undefined ? {} : { frameUrl: l.frameUrl }),
      })),
      rendered: evidence,
    },
  };
}
