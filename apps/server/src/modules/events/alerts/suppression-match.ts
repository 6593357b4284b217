import type { AlertSuppressionTable } from '../../../platform/db/schema-alerts.ts';
import type { Detection } from '../event-schema.ts';
import { readPath } from '../sigma/sigma-fields.ts';

export interface SuppressionCondition {
  field: string;
  value: string;
}

export type SuppressionRow = Omit<AlertSuppressionTable, 'id'> & { id: number };

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Whether a suppression covers a detection: every criterion it names must hold (rule, source, unit,
 * asset, and each field = value, compared case-insensitively; an array field holds when any element
 * does), it has not expired, and the event belongs to its jurisdiction (`regionPath` of the event's unit).
 */
export function suppresses(
  s: SuppressionRow,
  conditions: readonly SuppressionCondition[],
  d: Detection,
  regionPath: string | null,
  now: Date,
): boolean {
  if (s.expires_at !== null && Date.parse(s.expires_at) <= now.getTime()) return false;
  if (regionPath === null || !regionPath.startsWith(s.region_path)) return false;
  const origin = d.event.shouwang;
  if (s.rule_key !== null && s.rule_key !== d.ruleKey) return false;
  if (s.source_id !== null && s.source_id !== origin.sourceId) return false;
  if (s.unit_id !== null && s.unit_id !== origin.unitId) return false;
  if (s.asset_id !== null && s.asset_id !== origin.assetId) return false;
  for (const c of conditions) {
    const raw = readPath(d.event, c.field);
    const want = c.value.toLowerCase();
    const values = Array.isArray(raw) ? raw.map(text) : [text(raw)];
    if (!values.some((v) => v !== null && v.toLowerCase() === want)) return false;
  }
  return true;
}
