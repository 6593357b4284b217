import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../../platform/http/actor.ts';

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

export const ALERT_STATES = ['new', 'acknowledged', 'false_positive', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const ALERT_ACTIONS = ['acknowledge', 'false_positive', 'close', 'reopen'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

const TRANSITIONS: Record<AlertAction, { from: readonly AlertState[]; to: AlertState }> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  false_positive: { from: ['new', 'acknowledged'], to: 'false_positive' },
  close: { from: ['new', 'acknowledged'], to: 'closed' },
  reopen: { from: ['false_positive', 'closed'], to: 'acknowledged' },
};

/** The state an action leads to from `state`, or null when it is not allowed from there. */
export function nextAlertState(state: string, action: AlertAction): AlertState | null {
  const t = TRANSITIONS[action];
  return (t.from as readonly string[]).includes(state) ? t.to : null;
}

/** Same rule as alertVisibleTo in SQL: office roles read their subtree; analysts and admins triage. */
export const alertsPolicy = {
  canRead(actor: Actor, a: { region_path: string }): boolean {
    return !isUnitRole(actor.role) && a.region_path.startsWith(actor.regionPath);
  },
  canWrite(actor: Actor, a: { region_path: string }): boolean {
    return WRITERS.includes(actor.role) && a.region_path.startsWith(actor.regionPath);
  },
  canList(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
  canWriteAny(actor: Actor): boolean {
    return WRITERS.includes(actor.role);
  },
};

export function alertAbilities(
  actor: Actor,
  a: { region_path: string; state: string; unit_id: number | null },
) {
  const write = alertsPolicy.canWrite(actor, a);
  const can = (action: AlertAction) => write && nextAlertState(a.state, action) !== null;
  return {
    acknowledge: can('acknowledge'),
    falsePositive: can('false_positive'),
    close: can('close'),
    reopen: can('reopen'),
    suppress: write,
    raiseNotice: write && a.unit_id !== null,
  };
}
