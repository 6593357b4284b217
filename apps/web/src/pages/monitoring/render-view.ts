import type { SiteRender } from './monitoring-types.ts';

type HiddenLink = SiteRender['hiddenLinks'][number];

/**
 * What the render block shows: a site's latest render (the site page), or the render a finding's evidence
 * carries (`evidence.rendered`, the findings list), which has no duration or trigger reasons of its own.
 */
export type RenderView = Pick<
  SiteRender,
  | 'renderId'
  | 'pageUrl'
  | 'isHomepage'
  | 'outcome'
  | 'renderedAt'
  | 'error'
  | 'visibleLinks'
  | 'hiddenCount'
  | 'hiddenLinks'
  | 'notConfirmed'
  | 'blockedCount'
> & { durationMs?: number; reasons?: string[]; screenshot: object | null };

const OUTCOMES: readonly RenderView['outcome'][] = ['ok', 'timeout', 'failed'];
const KINDS: readonly HiddenLink['kind'][] = ['link', 'iframe'];
const SUSPICIONS: readonly HiddenLink['suspicion'][] = ['outbound', 'keyword', 'outbound_and_keyword'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
const pick = <T extends string>(list: readonly T[], v: unknown): T | undefined => list.find((x) => x === v);

function hiddenLinkOf(v: unknown): HiddenLink | null {
  if (!isRecord(v) || typeof v.href !== 'string') return null;
  const kind = pick(KINDS, v.kind);
  const suspicion = pick(SUSPICIONS, v.suspicion);
  if (!kind || !suspicion) return null;
  return {
    kind,
    href: v.href,
    text: typeof v.text === 'string' ? v.text : '',
    reasons: Array.isArray(v.reasons) ? v.reasons.filter((r): r is string => typeof r === 'string') : [],
    suspicion,
    staticAlso: v.staticAlso === true,
    ...(typeof v.frameUrl === 'string' ? { frameUrl: v.frameUrl } : {}),
  };
}

/**
 * The render a finding's evidence carries (`evidence.rendered`, written by the monitor's rendering pass),
 * or null when it has none. The evidence is free-form JSON, so anything malformed is left out rather
 * than trusted.
 */
export function renderViewOfFinding(finding: {
  evidence: Record<string, unknown>;
  pageUrl: string | null;
  isHomepage: boolean;
}): RenderView | null {
  const r = finding.evidence.rendered;
  if (!isRecord(r) || typeof r.renderId !== 'number' || typeof r.renderedAt !== 'string') return null;
  const outcome = pick(OUTCOMES, r.outcome);
  if (!outcome) return null;
  const notConfirmed = Array.isArray(r.notConfirmed)
    ? r.notConfirmed.flatMap((n): RenderView['notConfirmed'] => {
        const rendered = isRecord(n) ? pick(['visible', 'absent'] as const, n.rendered) : undefined;
        return isRecord(n) && typeof n.href === 'string' && rendered ? [{ href: n.href, rendered }] : [];
      })
    : [];
  return {
    renderId: r.renderId,
    pageUrl: finding.pageUrl ?? (typeof r.finalUrl === 'string' ? r.finalUrl : ''),
    isHomepage: finding.isHomepage,
    outcome,
    renderedAt: r.renderedAt,
    error: typeof r.error === 'string' ? r.error : null,
    visibleLinks: count(r.visibleLinks),
    hiddenCount: count(r.hiddenCount),
    hiddenLinks: Array.isArray(r.hiddenLinks)
      ? r.hiddenLinks.flatMap((h) => {
          const link = hiddenLinkOf(h);
          return link ? [link] : [];
        })
      : [],
    notConfirmed,
    blockedCount: count(r.blockedCount),
    // The screenshot is served under the render's id; a render without one says so.
    screenshot: typeof r.screenshotFileId === 'number' ? { id: r.screenshotFileId } : null,
  };
}
