import type { Locale } from '@shouwang/common';
import { calendarIssueMessage, parseDuration } from '@shouwang/common/calendar/index';
import { DEFAULT_INTAKE_DEADLINES, type HandlingType } from '@shouwang/common/intake/intake';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { ErrorDetail } from '../../platform/http/app-error.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * An office's case workflow settings (settings 'intake.workflow:<regionId>', nearest ancestor's apply):
 * deadlines per type on the working calendar (DOMAIN.md defaults), the longest extension a unit may ask
 * for, and whether a handler's reply needs the unit leader's approval before the office reviews it.
 */
export interface IntakeWorkflowSettings {
  signDeadline: string;
  handleDeadlines: Record<HandlingType, string>;
  /** Longest extension of one request ('5wd'). */
  maxExtension: string;
  requireLeaderApproval: boolean;
}

export const DEFAULT_WORKFLOW: IntakeWorkflowSettings = {
  signDeadline: DEFAULT_INTAKE_DEADLINES.sign,
  handleDeadlines: { ...DEFAULT_INTAKE_DEADLINES.handle },
  maxExtension: '15wd',
  requireLeaderApproval: false,
};

const PREFIX = 'intake.workflow:';
const keyOf = (regionId: number) => `${PREFIX}${regionId}`;

function ancestorsNearestFirst(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number)
    .reverse();
}

/** Checks each duration; returns the normalised settings or the problems in the caller's language. */
export function checkWorkflowSettings(
  input: IntakeWorkflowSettings,
  locale: Locale,
): { ok: true; value: IntakeWorkflowSettings } | { ok: false; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  const norm = (text: string, field: string): string => {
    const parsed = parseDuration(text);
    if (parsed.ok) return `${parsed.value.amount}${parsed.value.unit}`;
    for (const issue of parsed.issues) issues.push({ field, message: calendarIssueMessage(locale, issue) });
    return text;
  };
  const handle = {} as Record<HandlingType, string>;
  for (const type of Object.keys(DEFAULT_INTAKE_DEADLINES.handle) as HandlingType[]) {
    handle[type] = norm(
      input.handleDeadlines[type] ?? DEFAULT_WORKFLOW.handleDeadlines[type],
      `handleDeadlines.${type}`,
    );
  }
  const value: IntakeWorkflowSettings = {
    signDeadline: norm(input.signDeadline, 'signDeadline'),
    handleDeadlines: handle,
    maxExtension: norm(input.maxExtension, 'maxExtension'),
    requireLeaderApproval: input.requireLeaderApproval === true,
  };
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

function parseStored(value: string): IntakeWorkflowSettings {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_WORKFLOW;
    const stored = parsed as Partial<IntakeWorkflowSettings>;
    const merged = {
      ...DEFAULT_WORKFLOW,
      ...stored,
      handleDeadlines: { ...DEFAULT_WORKFLOW.handleDeadlines, ...(stored.handleDeadlines ?? {}) },
    };
    // A hand-edited row that no longer parses falls back to the defaults.
    const checked = checkWorkflowSettings(merged, 'en-US');
    return checked.ok ? checked.value : DEFAULT_WORKFLOW;
  } catch {
    return DEFAULT_WORKFLOW;
  }
}

export interface ResolvedWorkflow {
  settings: IntakeWorkflowSettings;
  /** The region whose stored settings apply; null for the shipped defaults. */
  fromRegionId: number | null;
}

export const workflowSettingsStore = {
  /** The settings that apply on a region path: its own, else the nearest ancestor's, else the defaults. */
  async resolve(db: Q, regionPath: string): Promise<ResolvedWorkflow> {
    const ids = ancestorsNearestFirst(regionPath);
    if (ids.length === 0) return { settings: DEFAULT_WORKFLOW, fromRegionId: null };
    const rows = await db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', ids.map(keyOf))
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r.value]));
    for (const id of ids) {
      const value = byKey.get(keyOf(id));
      if (value !== undefined) return { settings: parseStored(value), fromRegionId: id };
    }
    return { settings: DEFAULT_WORKFLOW, fromRegionId: null };
  },

  async findOwn(db: Q, regionId: number): Promise<IntakeWorkflowSettings | null> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', keyOf(regionId))
      .executeTakeFirst();
    return row ? parseStored(row.value) : null;
  },

  async save(db: Q, regionId: number, settings: IntakeWorkflowSettings, now: string): Promise<void> {
    const value = JSON.stringify(settings);
    await db
      .insertInto('settings')
      .values({ key: keyOf(regionId), value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  },
};
