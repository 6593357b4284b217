import type { Locale } from '@shouwang/common';
import {
  type CalendarIssue,
  calendarIssueMessage,
  type Duration,
  parseDuration,
  parseInstant,
  validateWorkingHours,
  WorkingCalendar,
  type WorkingHours,
} from '@shouwang/common/calendar/index';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { ErrorDetail } from '../../../platform/http/app-error.ts';
import { pathIds } from '../notice-policy.ts';
import { type EscalationIssueCode, escalationIssueMessage } from './escalation.i18n.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** An office's reminder and 督办 settings, as the API shows them (durations as '1wd', '2wh', '3d'). */
export interface EscalationSettings {
  /** Reminders before a deadline, counted backwards on the working calendar. */
  remindBefore: string[];
  /** Overdue this long (from the missed deadline) → level 2, the unit's leader. */
  superviseLeaderAfter: string;
  /** Overdue this long (from the missed deadline) → level 3, office leadership. */
  superviseOfficeAfter: string;
  /** When reminders and escalations may go out (on working days only). */
  workingHours: { start: string; end: string; lunchStart: string | null; lunchEnd: string | null };
}

export const DEFAULT_ESCALATION: EscalationSettings = {
  remindBefore: ['1wd', '2wh'],
  superviseLeaderAfter: '4wh',
  superviseOfficeAfter: '1wd',
  workingHours: { start: '09:00', end: '17:30', lunchStart: '12:00', lunchEnd: '13:30' },
};

export const MAX_REMINDERS = 5;
const PREFIX = 'notices.escalation:';
const keyOf = (regionId: number) => `${PREFIX}${regionId}`;

/** The parsed form the sweep works with. */
export interface EscalationRules {
  remindBefore: Duration[];
  superviseLeaderAfter: Duration;
  superviseOfficeAfter: Duration;
  workingHours: WorkingHours;
}

export function toWorkingHours(h: EscalationSettings['workingHours']): WorkingHours {
  return {
    start: h.start,
    end: h.end,
    lunchBreak: h.lunchStart && h.lunchEnd ? { start: h.lunchStart, end: h.lunchEnd } : null,
  };
}

// A Monday in a year no calendar ships (weekdays only), to compare two durations by what they mean.
const REFERENCE_MONDAY = parseInstant('2100-01-04T09:00+08:00') ?? new Date(0);

/**
 * Checks settings from outside (the schema checked the shape): every duration parses, reminders are
 * unique, working hours are in order, and office leadership comes after the unit leader. Returns the
 * normalised settings, or the problems in the caller's language.
 */
export function checkEscalation(
  input: EscalationSettings,
  locale: Locale,
): { ok: true; value: EscalationSettings; rules: EscalationRules } | { ok: false; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  const calendarIssue = (prefix: string, issue: CalendarIssue) =>
    issues.push({
      field: issue.field && issue.field !== 'duration' ? `${prefix}.${issue.field}` : prefix,
      message: calendarIssueMessage(locale, issue),
    });
  const own = (field: string, code: EscalationIssueCode, params?: Record<string, string>) =>
    issues.push({ field, message: escalationIssueMessage(locale, code, params) });
  const duration = (text: string, field: string): Duration | null => {
    const parsed = parseDuration(text);
    if (parsed.ok) return parsed.value;
    for (const issue of parsed.issues) calendarIssue(field, issue);
    return null;
  };

  const remindBefore: Duration[] = [];
  const seen = new Set<string>();
  input.remindBefore.forEach((text, i) => {
    const d = duration(text, `remindBefore[${i}]`);
    if (!d) return;
    const norm = `${d.amount}${d.unit}`;
    if (seen.has(norm)) own(`remindBefore[${i}]`, 'remind_duplicate', { value: text });
    seen.add(norm);
    remindBefore.push(d);
  });
  const leader = duration(input.superviseLeaderAfter, 'superviseLeaderAfter');
  const office = duration(input.superviseOfficeAfter, 'superviseOfficeAfter');
  // The HTTP layer may coerce a JSON null to '': both mean "no lunch break".
  const blank = (v: string | null) => v === null || v.trim() === '';
  const h = {
    ...input.workingHours,
    lunchStart: blank(input.workingHours.lunchStart) ? null : input.workingHours.lunchStart,
    lunchEnd: blank(input.workingHours.lunchEnd) ? null : input.workingHours.lunchEnd,
  };
  if ((h.lunchStart === null) !== (h.lunchEnd === null)) own('workingHours', 'lunch_pair');
  const hours = validateWorkingHours(toWorkingHours(h));
  if (!hours.ok) for (const issue of hours.issues) calendarIssue('workingHours', issue);
  if (issues.length || !leader || !office || !hours.ok) return { ok: false, issues };

  const reference = new WorkingCalendar([], hours.value);
  const leaderAt = reference.deadline(REFERENCE_MONDAY, leader).deadline;
  if (reference.deadline(REFERENCE_MONDAY, office).deadline <= leaderAt) {
    own('superviseOfficeAfter', 'supervise_order');
    return { ok: false, issues };
  }
  const value: EscalationSettings = {
    remindBefore: remindBefore.map((d) => `${d.amount}${d.unit}`),
    superviseLeaderAfter: `${leader.amount}${leader.unit}`,
    superviseOfficeAfter: `${office.amount}${office.unit}`,
    workingHours: { ...h },
  };
  return {
    ok: true,
    value,
    rules: {
      remindBefore,
      superviseLeaderAfter: leader,
      superviseOfficeAfter: office,
      workingHours: hours.value,
    },
  };
}

/** Stored settings are checked again when read, so a hand-edited row falls back to the defaults. */
function rulesOf(settings: EscalationSettings): EscalationRules {
  try {
    const checked = checkEscalation(settings, 'en-US');
    if (checked.ok) return checked.rules;
  } catch {
    // A malformed row (e.g. remindBefore not a list) is treated like an invalid one.
  }
  const fallback = checkEscalation(DEFAULT_ESCALATION, 'en-US');
  if (!fallback.ok) throw new Error('The default escalation settings are invalid');
  return fallback.rules;
}

function parseStored(value: string): EscalationSettings {
  const parsed: unknown = JSON.parse(value);
  const stored = typeof parsed === 'object' && parsed !== null ? parsed : {};
  return { ...DEFAULT_ESCALATION, ...stored };
}

export interface ResolvedEscalation {
  settings: EscalationSettings;
  rules: EscalationRules;
  /** The region whose stored settings apply (the region itself or an ancestor); null for the defaults. */
  fromRegionId: number | null;
}

/** Every office's stored settings, read once per sweep; resolve() picks the nearest on a region path. */
export class EscalationDirectory {
  readonly #stored: Map<number, EscalationSettings>;
  readonly #cache = new Map<string, ResolvedEscalation>();
  constructor(stored: Map<number, EscalationSettings>) {
    this.#stored = stored;
  }

  /** The defaults' rules and every stored office's: what the sweep bounds its queries by. */
  allRules(): EscalationRules[] {
    return [DEFAULT_ESCALATION, ...this.#stored.values()].map(rulesOf);
  }

  resolve(regionPath: string): ResolvedEscalation {
    const cached = this.#cache.get(regionPath);
    if (cached) return cached;
    let resolved: ResolvedEscalation = {
      settings: DEFAULT_ESCALATION,
      rules: rulesOf(DEFAULT_ESCALATION),
      fromRegionId: null,
    };
    for (const id of pathIds(regionPath)) {
      const settings = this.#stored.get(id);
      if (settings) {
        resolved = { settings, rules: rulesOf(settings), fromRegionId: id };
        break;
      }
    }
    this.#cache.set(regionPath, resolved);
    return resolved;
  }
}

export const escalationStore = {
  /** All stored settings (one row per office that changed them: a handful, not per notice). */
  async directory(db: Q): Promise<EscalationDirectory> {
    const rows = await db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'like', `${PREFIX}%`)
      .execute();
    const stored = new Map<number, EscalationSettings>();
    for (const row of rows) {
      const id = Number(row.key.slice(PREFIX.length));
      if (Number.isInteger(id)) stored.set(id, parseStored(row.value));
    }
    return new EscalationDirectory(stored);
  },

  async findOwn(db: Q, regionId: number): Promise<EscalationSettings | null> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', keyOf(regionId))
      .executeTakeFirst();
    return row ? parseStored(row.value) : null;
  },

  async save(db: Q, regionId: number, settings: EscalationSettings, now: string): Promise<void> {
    const value = JSON.stringify(settings);
    await db
      .insertInto('settings')
      .values({ key: keyOf(regionId), value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  },
};
