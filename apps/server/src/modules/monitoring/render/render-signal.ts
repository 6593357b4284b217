import { createHash } from 'node:crypto';
import type { CheckFinding } from '../check-types.ts';

/** Why the static pass wants a page rendered. */
export const RENDER_REASONS = [
  'hidden_links',
  'cloaking',
  'hidden_keywords',
  'defacement',
  'opaque_script',
] as const;
export type RenderReason = (typeof RENDER_REASONS)[number];

/** A page the static pass flagged as suspicious, and what flagged it. */
export interface RenderSignal {
  reasons: RenderReason[];
  /**
   * A digest of what made the page suspicious (the hidden links, the cloaking and keyword evidence, the
   * defacement's reasons, the opaque scripts): a page is rendered again early only when this changes,
   * not whenever a visitor counter on it ticks.
   */
  signature: string;
  /** The links the static pass reported hidden (to confirm or refute in the browser). */
  staticHidden: string[];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? [x] : [])) : [];

function hrefsOf(evidence: Record<string, unknown>): string[] {
  const links = Array.isArray(evidence.links) ? evidence.links : [];
  return links.flatMap((l: unknown) =>
    l && typeof l === 'object' && 'href' in l && typeof l.href === 'string' ? [l.href] : [],
  );
}

function hiddenKeywordsOf(evidence: Record<string, unknown>): string[] {
  const hits = Array.isArray(evidence.hits) ? evidence.hits : [];
  return hits.flatMap((h: unknown) => {
    if (!h || typeof h !== 'object' || !('where' in h) || h.where === 'visible') return [];
    const category = 'category' in h ? String(h.category) : '';
    const keyword = 'keyword' in h ? String(h.keyword) : '';
    return [`${category}:${keyword}`];
  });
}

/**
 * The rendering signal of one checked page: null when nothing on it calls for a browser. Pure and cheap
 * (it looks at the findings already made), so the static checks' budget is unaffected.
 */
export function renderSignalOf(
  findings: readonly CheckFinding[],
  opaqueScripts: readonly string[],
): RenderSignal | null {
  const reasons: RenderReason[] = [];
  const parts: Record<string, string[]> = {};
  let staticHidden: string[] = [];
  for (const f of findings) {
    if (f.type === 'hidden_links') {
      staticHidden = [...new Set(hrefsOf(f.evidence))].slice(0, 50);
      reasons.push('hidden_links');
      parts.hidden_links = [...staticHidden].sort();
    } else if (f.type === 'cloaking') {
      reasons.push('cloaking');
      parts.cloaking = strings(f.evidence.reasons).sort();
    } else if (f.type === 'illegal_content') {
      const hidden = hiddenKeywordsOf(f.evidence);
      if (hidden.length > 0) {
        reasons.push('hidden_keywords');
        parts.hidden_keywords = [...new Set(hidden)].sort();
      }
    } else if (f.type === 'defacement') {
      reasons.push('defacement');
      parts.defacement = [...strings(f.evidence.reasons), ...strings(f.evidence.newDomains)].sort();
    }
  }
  if (opaqueScripts.length > 0) {
    reasons.push('opaque_script');
    parts.opaque_script = [...new Set(opaqueScripts)].sort();
  }
  if (reasons.length === 0) return null;
  const unique = [...new Set(reasons)];
  const signature = createHash('sha256')
    .update(JSON.stringify(RENDER_REASONS.map((r) => [r, parts[r] ?? null])))
    .digest('base64url')
    .slice(0, 32);
  return { reasons: unique, signature, staticHidden };
}
