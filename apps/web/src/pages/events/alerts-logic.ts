// Pure helpers of the alert pages (tested in alerts-logic.test.ts).

export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];
export const ALERT_STATES = ['new', 'acknowledged', 'false_positive', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const LEVEL_COLOUR: Record<SigmaLevel, string> = {
  informational: '#8c8c8c',
  low: '#1677ff',
  medium: '#faad14',
  high: '#fa541c',
  critical: '#cf1322',
};

export function levelOf(level: string): SigmaLevel {
  return (SIGMA_LEVELS as readonly string[]).includes(level) ? (level as SigmaLevel) : 'medium';
}

const HOUR = 3_600_000;
const SHANGHAI_OFFSET = 8 * HOUR;

/**
 * The stacked bars of alerts opened per bucket and level, from the server's UTC hours ('2026-11-22T03'):
 * hours for up to three days, else days in Asia/Shanghai (the office's day, not UTC's). Every bucket of
 * the period appears (zero when empty), so the time axis is even; the most severe level is listed first.
 */
export function seriesByLevel(
  rows: readonly { bucket: string; level: string; alerts: number }[],
  from: Date,
  to: Date,
): { unit: 'hour' | 'day'; buckets: string[]; levels: { level: SigmaLevel; data: number[] }[] } {
  const unit = to.getTime() - from.getTime() <= 3 * 24 * HOUR ? 'hour' : 'day';
  // Hour buckets are UTC ('2026-11-22T03'); day buckets are Shanghai dates ('2026-11-22').
  const keyOf = (utcMs: number) =>
    unit === 'hour'
      ? new Date(utcMs).toISOString().slice(0, 13)
      : new Date(utcMs + SHANGHAI_OFFSET).toISOString().slice(0, 10);
  const buckets: string[] = [];
  for (
    let t = Math.floor(from.getTime() / HOUR) * HOUR;
    t < to.getTime() && buckets.length < 5_000;
    t += HOUR
  ) {
    const k = keyOf(t);
    if (buckets[buckets.length - 1] !== k) buckets.push(k);
  }
  const index = new Map(buckets.map((b, i) => [b, i]));
  const levels = [...SIGMA_LEVELS]
    .reverse()
    .map((level) => ({ level, data: buckets.map(() => 0) }))
    .filter((l) => rows.some((r) => levelOf(r.level) === l.level));
  for (const r of rows) {
    const utc = Date.parse(`${r.bucket}:00:00Z`);
    if (!Number.isFinite(utc)) continue;
    const i = index.get(keyOf(utc));
    const line = levels.find((l) => l.level === levelOf(r.level));
    if (i !== undefined && line) line.data[i] = (line.data[i] ?? 0) + r.alerts;
  }
  return { unit, buckets, levels };
}

/** Counts for the header: alerts by state, detections in all. */
export function totals(counts: readonly { state: string; alerts: number; detections: number }[]) {
  const by = (state: string) => counts.filter((c) => c.state === state).reduce((n, c) => n + c.alerts, 0);
  return {
    alerts: counts.reduce((n, c) => n + c.alerts, 0),
    detections: counts.reduce((n, c) => n + c.detections, 0),
    new: by('new'),
    acknowledged: by('acknowledged'),
  };
}

export interface EventLine {
  path: string;
  value: string;
  matched: boolean;
}

/**
 * An event as dotted-path lines for display, matched fields first and flagged, so the UI can highlight
 * what made the rule fire.
 */
export function eventLines(event: unknown, matched: Record<string, string>): EventLine[] {
  const out: EventLine[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (out.length >= 500 || depth > 12) return;
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k, depth + 1);
      return;
    }
    const value = Array.isArray(node) ? JSON.stringify(node) : String(node);
    out.push({ path, value, matched: Object.hasOwn(matched, path) });
  };
  walk(event, '', 0);
  return [...out.filter((l) => l.matched), ...out.filter((l) => !l.matched)];
}

/** Parses the pasted test event: a JSON object, or the reason it is not one. */
export function parseEvent(
  text: string,
): { ok: true; event: Record<string, unknown> } | { ok: false; reason: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, reason: 'an object {…} is expected' };
    return { ok: true, event: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** A suppression prefilled from an alert: its rule, asset (or unit) and grouping field. */
export function suppressionFromAlert(a: {
  ruleKey: string;
  unitId: number | null;
  assetId: number | null;
  groupKey: string;
}) {
  const conditions = a.groupKey
    .split(',')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq > 0 ? { field: part.slice(0, eq), value: part.slice(eq + 1) } : null;
    })
    .filter((c): c is { field: string; value: string } => c !== null);
  return { ruleKey: a.ruleKey, unitId: a.unitId, assetId: a.assetId, conditions };
}
