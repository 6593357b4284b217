import {
  type NoticeAction,
  type NoticeState,
  noticeActionNeedsReason,
  SEVERITY_COLOUR,
  type Severity,
} from '@shouwang/common';

/** The office's fixed UTC offset (China has no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** antd Tag colours of the severity scale: I red, II orange, III yellow, IV blue (DOMAIN.md). */
export function severityColour(severity: string): string {
  return severity in SEVERITY_COLOUR ? SEVERITY_COLOUR[severity as Severity] : 'default';
}

const STATE_COLOUR: Record<NoticeState, string> = {
  draft: 'default',
  issued: 'processing',
  signed: 'cyan',
  rectifying: 'geekblue',
  awaiting_approval: 'purple',
  reported: 'gold',
  verifying: 'orange',
  returned: 'volcano',
  closed: 'success',
  withdrawn: 'default',
};

export function stateColour(state: string): string {
  return state in STATE_COLOUR ? STATE_COLOUR[state as NoticeState] : 'default';
}

/** What a transition dialog has to ask for before it is sent. */
export interface ActionNeeds {
  /** A reason is required (audited and on the timeline). */
  reason: boolean;
  /** A free note is offered (progress updates, report-back text). */
  note: boolean;
  /** A new rectification deadline may be given (return); blank means the policy default. */
  deadline: boolean;
  /** The action is serious enough to confirm even without fields. */
  danger: boolean;
}

/** The form each action opens; the rule for reasons is the shared state machine's, not ours. */
export function actionNeeds(action: NoticeAction): ActionNeeds {
  return {
    reason: noticeActionNeedsReason(action),
    note: action === 'progress' || action === 'report_back' || action === 'sign' || action === 'close',
    deadline: action === 'return',
    danger: action === 'withdraw' || action === 'return' || action === 'reject_report' || action === 'reopen',
  };
}

/** The actions shown as buttons on a notice page (edit is a link to the form, not a transition). */
export function transitionActions(allowed: readonly NoticeAction[]): NoticeAction[] {
  return allowed.filter((a) => a !== 'edit');
}

/** Actions that make sense for several notices at once from the office list. */
export const BULK_ACTIONS = ['issue', 'close', 'return'] as const satisfies readonly NoticeAction[];
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The bulk actions at least one selected notice allows. */
export function bulkActionsFor(
  selected: readonly { allowedActions: readonly NoticeAction[] }[],
): BulkAction[] {
  return BULK_ACTIONS.filter((a) => selected.some((n) => n.allowedActions.includes(a)));
}

export interface BulkResult {
  id: number;
  ok: boolean;
  code?: string;
  message?: string;
}

export function summariseBulk(results: readonly BulkResult[]): { ok: number; failed: number } {
  const ok = results.filter((r) => r.ok).length;
  return { ok, failed: results.length - ok };
}

interface DeadlineCarrier {
  state: string;
  signDueAt: string | null;
  rectifyDueAt: string | null;
  overdue: boolean;
}

/** The deadline that matters now: signing while issued, rectification afterwards. */
export function currentDeadline(n: DeadlineCarrier): { kind: 'sign' | 'rectify'; at: string } | null {
  // A closed, withdrawn or draft notice has no deadline running.
  if (n.state === 'closed' || n.state === 'withdrawn' || n.state === 'draft') return null;
  if (n.state === 'issued') return n.signDueAt ? { kind: 'sign', at: n.signDueAt } : null;
  return n.rectifyDueAt ? { kind: 'rectify', at: n.rectifyDueAt } : null;
}

/** How close a deadline is: overdue (as the server flags it, or past), due within a day, or fine. */
export function deadlineUrgency(n: DeadlineCarrier, now: Date): 'overdue' | 'soon' | 'ok' | 'none' {
  const due = currentDeadline(n);
  if (n.overdue) return 'overdue';
  if (!due) return 'none';
  const left = new Date(due.at).getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left < 24 * 60 * 60 * 1000 ? 'soon' : 'ok';
}

/** The unit inbox order: overdue first, then by the current deadline (earliest first), undated last. */
export function inboxOrder<T extends DeadlineCarrier & { id: number }>(notices: readonly T[]): T[] {
  const due = (n: T) => {
    const d = currentDeadline(n);
    return d ? new Date(d.at).getTime() : Number.POSITIVE_INFINITY;
  };
  return [...notices].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    return due(a) - due(b) || a.id - b.id;
  });
}

/** 'YYYY-MM-DD HH:mm' wall-clock time in Asia/Shanghai of an instant (for date pickers). */
export function isoToShanghaiWall(iso: string): string {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of a 'YYYY-MM-DD HH:mm' wall-clock time picked in Asia/Shanghai, as ISO 8601 +08:00. */
export function shanghaiWallToIso(wall: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(wall.trim());
  if (!m) throw new Error(`not a wall-clock time: ${wall}`);
  return `${m[1]}T${m[2]}:00+08:00`;
}

/** A rate 0..1 as a percentage with one decimal, or null when there is nothing to measure yet. */
export function formatRate(rate: number | null | undefined): string | null {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return null;
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The last `days` China-time calendar days up to today, both included, as the dashboard takes them. */
export function recentShanghaiDays(now: Date, days: number): { from: string; to: string } {
  const to = isoToShanghaiWall(now.toISOString()).slice(0, 10);
  const start = new Date(now.getTime() - (days - 1) * 24 * 60 * 60 * 1000);
  return { from: isoToShanghaiWall(start.toISOString()).slice(0, 10), to };
}
