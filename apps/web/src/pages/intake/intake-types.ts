import type { ResponseOf } from '../../api/types.ts';
import type { MessageKey, Translate } from '../../i18n/catalogs.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

export type CaseList = ResponseOf<'/api/v1/intake/cases', 'get'>;
export type CaseSummary = CaseList['items'][number];
export type CaseDetail = ResponseOf<'/api/v1/intake/cases/{id}', 'get'>;
export type IntakeDashboard = ResponseOf<'/api/v1/intake/dashboard', 'get'>;
export type CaseAction = CaseDetail['abilities']['actions'][number];

export type LabelGroup =
  | 'kindValue'
  | 'channelValue'
  | 'stateValue'
  | 'ratingValue'
  | 'actionValue'
  | 'forwardValue'
  | 'messageTypeValue';

function isKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** The label of an intake enum value, or the raw value when the catalog does not know it. */
export function intakeLabel(t: Translate, group: LabelGroup, value: string | null | undefined): string {
  if (!value) return '';
  const key = `intake.${group}.${value}`;
  return isKey(key) ? t(key) : value;
}

/** States in which a unit owes work (the backlog); the unit's phone view lists these first. */
export const OPEN_STATES = ['dispatched', 'signed', 'leader_review', 'reply_review'] as const;

/** What each action asks for before it is sent. */
export interface ActionNeeds {
  reason?: boolean;
  reply?: 'required' | 'optional';
  publish?: boolean;
  unit?: 'required' | 'optional';
  extension?: boolean;
  forward?: boolean;
  outcome?: boolean;
  intoCase?: boolean;
  transfer?: boolean;
  followUp?: boolean;
  severity?: boolean;
}

export const ACTION_NEEDS: Record<CaseAction, ActionNeeds> = {
  dispatch: { unit: 'required' },
  reassign: { unit: 'required', reason: true },
  transfer: { transfer: true, reason: true },
  forward: { forward: true },
  to_notice: { unit: 'required', severity: true },
  record_outcome: { outcome: true },
  merge: { intoCase: true },
  unmerge: {},
  sign: {},
  submit_reply: { reply: 'required' },
  leader_approve: {},
  leader_return: { reason: true },
  approve_reply: { reply: 'optional', publish: true },
  return_reply: { reason: true },
  request_extension: { extension: true, reason: true },
  approve_extension: {},
  reject_extension: { reason: true },
  follow_up: { followUp: true },
  rehandle: { unit: 'optional', reason: true },
  close: {},
};

/** Actions that are dangerous or final get a red button. */
export const DANGER: ReadonlySet<CaseAction> = new Set([
  'return_reply',
  'leader_return',
  'reject_extension',
  'transfer',
  'rehandle',
]);

/** Rows that joined another case's group are its near-duplicates: their group id differs from their id. */
export function groupSizes(items: readonly CaseSummary[]): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const c of items) {
    if (c.groupId !== null) sizes.set(c.groupId, (sizes.get(c.groupId) ?? 0) + 1);
  }
  return sizes;
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
