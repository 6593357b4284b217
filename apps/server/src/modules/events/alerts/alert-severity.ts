import type { Severity } from '@shouwang/common';
import { SIGMA_LEVELS, type SigmaLevel } from '../rules/events-settings.ts';

/** What the policy knows of the asset (or, without one, the unit) an alert is about. */
export interface Criticality {
  isCii: boolean;
  /** 等保 level 1-5, null when not graded. */
  mlpsLevel: number | null;
}

const BASE: Record<SigmaLevel, Severity | null> = {
  informational: null,
  low: 'IV',
  medium: 'IV',
  high: 'III',
  critical: 'II',
};
const UP: Record<Severity, Severity> = { I: 'I', II: 'I', III: 'II', IV: 'III' };

export function levelOf(text: string): SigmaLevel {
  const l = text.toLowerCase();
  return (SIGMA_LEVELS as readonly string[]).includes(l) ? (l as SigmaLevel) : 'medium';
}

/**
 * The severity an alert is reported with: from the rule's level, one step up on critical information
 * infrastructure (CII first), or on a system of 等保 level 3 or above when the rule is high or critical.
 * Informational rules never become findings (null).
 */
export function alertSeverity(level: string, asset: Criticality): Severity | null {
  const l = levelOf(level);
  const base = BASE[l];
  if (base === null) return null;
  if (asset.isCii) return UP[base];
  if ((asset.mlpsLevel ?? 0) >= 3 && (l === 'high' || l === 'critical')) return UP[base];
  return base;
}

/** Whether an alert of `level` is reported as a finding under the office's threshold. */
export function meetsFindingLevel(level: string, min: SigmaLevel): boolean {
  return SIGMA_LEVELS.indexOf(levelOf(level)) >= SIGMA_LEVELS.indexOf(min);
}
