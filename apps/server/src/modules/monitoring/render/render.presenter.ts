import type { MonitorRenderRow } from '../../../platform/db/schema-monitoring.ts';
import type { RenderedEvidence } from './render-evidence.ts';

export function parseEvidence(row: Pick<MonitorRenderRow, 'evidence'>): RenderedEvidence | null {
  try {
    const v: unknown = JSON.parse(row.evidence);
    // Written by renderedEvidence only; the marker field tells it from the placeholder of a failed write.
    return v && typeof v === 'object' && 'renderId' in v ? (v as RenderedEvidence) : null;
  } catch {
    return null;
  }
}

export function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const OUTCOMES = ['ok', 'timeout', 'failed'] as const;

/** A page's latest render as the site page shows it (schema RenderView). */
export function presentRender(row: MonitorRenderRow) {
  const evidence = parseEvidence(row);
  return {
    renderId: row.id,
    pageUrl: row.page_url,
    isHomepage: row.is_homepage === 1,
    reasons: parseList(row.reasons),
    outcome: OUTCOMES.find((o) => o === row.outcome) ?? 'failed',
    error: row.error,
    renderedAt: row.rendered_at,
    durationMs: row.duration_ms,
    screenshot:
      row.screenshot_key === null
        ? null
        : {
            width: row.screenshot_width ?? 0,
            height: row.screenshot_height ?? 0,
            bytes: row.screenshot_bytes ?? 0,
          },
    finalUrl: evidence?.finalUrl ?? null,
    visibleLinks: evidence?.visibleLinks ?? 0,
    hiddenCount: evidence?.hiddenCount ?? 0,
    scriptOnly: evidence?.scriptOnly ?? 0,
    hiddenLinks: (evidence?.hiddenLinks ?? []).map((h) => ({
      kind: h.kind,
      href: h.href,
      text: h.text,
      reasons: h.reasons,
      suspicion: h.suspicion,
      staticAlso: h.staticAlso,
      ...(h.frameUrl === undefined ? {} : { frameUrl: h.frameUrl }),
    })),
    notConfirmed: evidence?.notConfirmed ?? [],
    blocked: evidence?.blocked ?? [],
    blockedCount: evidence?.blockedCount ?? 0,
  };
}
