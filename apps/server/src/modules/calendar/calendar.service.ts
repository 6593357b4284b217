import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  type CalendarIssue,
  calendarIssueMessage,
  type DayInfo,
  DEFAULT_WORKING_HOURS,
  formatDuration,
  formatShanghai,
  isCalendarYear,
  parseDuration,
  parseInstant,
  SHIPPED_CALENDARS,
  validateYearCalendar,
  WorkingCalendar,
  type WorkingHours,
  type YearCalendar,
  type YearStatus,
} from '@shouwang/common/calendar/index';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CalendarYearRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { calendarPolicy } from './calendar.policy.ts';
import { calendarRepository as repo } from './calendar.repository.ts';

/** Where a year's schedule comes from: imported/edited by an admin, shipped with the release, or none. */
export type CalendarOrigin = 'imported' | 'shipped' | 'none';

export interface CalendarYearSummary {
  year: number;
  status: YearStatus;
  origin: CalendarOrigin;
  version: string | null;
  source: string | null;
  holidays: number;
  makeUpWorkdays: number;
  importedAt: string | null;
  importedBy: string | null;
}

export interface CalendarYearDetail extends CalendarYearSummary {
  days: DayInfo[];
}

export interface DeadlineAnswer {
  start: string;
  duration: string;
  deadline: string;
  provisional: boolean;
}

/** Called after a year's schedule changed and committed, e.g. to recompute provisional deadlines. */
export type YearChangedListener = (year: number) => void | Promise<void>;

export interface CalendarServiceOptions {
  now?: () => Date;
  shipped?: readonly YearCalendar[];
  workingHours?: WorkingHours;
  /** Where a failing listener is reported; the change itself has committed and stays. */
  onListenerError?: (year: number, error: unknown) => void;
}

function invalid(actor: Actor, issues: CalendarIssue[]): AppError {
  return AppError.invalid(
    issues.map((i) => ({ field: i.field, message: calendarIssueMessage(actor.locale, i) })),
  );
}

/** A stored row back to a YearCalendar, checked with the same rules as an import. */
function rowToCalendar(row: CalendarYearRow): YearCalendar {
  const parsed: unknown = JSON.parse(row.data);
  const data = typeof parsed === 'object' && parsed !== null ? parsed : {};
  const checked = validateYearCalendar({ ...data, version: row.version, source: row.source }, row.year);
  if (!checked.ok)
    throw new Error(`calendar_years row ${row.year} is corrupt: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

export function createCalendarService(db: Db, options: CalendarServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  const shipped = options.shipped ?? SHIPPED_CALENDARS;
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  const listeners = new Set<YearChangedListener>();
  const reportListenerError =
    options.onListenerError ??
    ((year: number, error: unknown) => console.error(`calendar: listener for ${year} failed`, error));

  async function load(): Promise<{ rows: Map<number, CalendarYearRow>; calendar: WorkingCalendar }> {
    const rows = new Map((await repo.listYears(db)).map((r) => [r.year, r]));
    // Stored years come last, so they replace the shipped ones.
    const calendar = new WorkingCalendar(
      [...shipped, ...[...rows.values()].map(rowToCalendar)],
      workingHours,
    );
    return { rows, calendar };
  }

  function summarize(year: number, calendar: WorkingCalendar, row: CalendarYearRow | undefined) {
    const yc = calendar.yearCalendar(year);
    const summary: CalendarYearSummary = {
      year,
      status: calendar.yearStatus(year),
      origin: row ? 'imported' : yc ? 'shipped' : 'none',
      version: yc?.version ?? null,
      source: yc?.source ?? null,
      holidays: yc?.holidays.length ?? 0,
      makeUpWorkdays: yc?.makeUpWorkdays.length ?? 0,
      importedAt: row?.imported_at ?? null,
      importedBy: row?.imported_by_name ?? null,
    };
    return summary;
  }

  function authorizeRead(actor: Actor): void {
    if (!calendarPolicy.canRead(actor)) throw AppError.forbidden();
  }

  function checkYear(actor: Actor, year: number): void {
    if (!isCalendarYear(year)) {
      throw invalid(actor, [
        { field: 'year', code: 'year_invalid', params: { min: CALENDAR_MIN_YEAR, max: CALENDAR_MAX_YEAR } },
      ]);
    }
  }

  return {
    /** The effective calendar (stored years over shipped ones) for other modules' deadlines. */
    async calendar(): Promise<WorkingCalendar> {
      return (await load()).calendar;
    },

    /** Registers a listener for imported or edited years; returns a function that removes it. */
    onYearChanged(listener: YearChangedListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Every year with a schedule, plus this year and next (provisional when missing). */
    async listYears(actor: Actor): Promise<CalendarYearSummary[]> {
      authorizeRead(actor);
      const { rows, calendar } = await load();
      const thisYear = Number(formatShanghai(now()).slice(0, 4));
      const years = new Set([...calendar.years().map((y) => y.year), thisYear, thisYear + 1]);
      return [...years].sort((a, b) => a - b).map((year) => summarize(year, calendar, rows.get(year)));
    },

    async getYear(actor: Actor, year: number): Promise<CalendarYearDetail> {
      authorizeRead(actor);
      checkYear(actor, year);
      const { rows, calendar } = await load();
      return { ...summarize(year, calendar, rows.get(year)), days: calendar.daysOfYear(year) };
    },

    /** Imports or replaces a whole year; audited with the schedule before and after. */
    async putYear(actor: Actor, year: number, input: unknown): Promise<CalendarYearSummary> {
      authorizeRead(actor);
      if (!calendarPolicy.canWrite(actor)) throw AppError.forbidden();
      checkYear(actor, year);
      const checked = validateYearCalendar(input, year);
      if (!checked.ok) throw invalid(actor, checked.issues);
      const next = checked.value;
      await db.transaction().execute(async (trx) => {
        const row = await repo.findYear(trx, year);
        const before = row ? rowToCalendar(row) : (shipped.find((y) => y.year === year) ?? null);
        await repo.saveYear(trx, {
          year,
          data: JSON.stringify({ holidays: next.holidays, makeUpWorkdays: next.makeUpWorkdays }),
          version: next.version,
          source: next.source,
          importedBy: actor.userId || null,
          importedByName: actor.username,
          importedAt: now().toISOString(),
        });
        await appendAudit(trx, actor, {
          action: row || before ? 'calendar.update' : 'calendar.import',
          resourceType: 'calendar_year',
          resourceId: year,
          regionPath: actor.regionPath,
          before: before && { origin: row ? 'imported' : 'shipped', ...before },
          after: next,
        });
      });
      for (const listener of listeners) {
        try {
          await listener(year);
        } catch (error) {
          reportListenerError(year, error);
        }
      }
      const { rows, calendar } = await load();
      return summarize(year, calendar, rows.get(year));
    },

    /** The deadline `duration` ('5wd', '3d', '8wh') after `start` (ISO 8601; China time without offset). */
    async deadline(actor: Actor, start: string, duration: string): Promise<DeadlineAnswer> {
      authorizeRead(actor);
      const issues: CalendarIssue[] = [];
      const at = parseInstant(start);
      if (!at) issues.push({ field: 'start', code: 'instant_invalid', params: { value: start } });
      const parsed = parseDuration(duration);
      if (!parsed.ok) issues.push(...parsed.issues);
      if (!at || !parsed.ok) throw invalid(actor, issues);
      const { calendar } = await load();
      const result = calendar.deadline(at, parsed.value);
      return {
        start: formatShanghai(at),
        duration: formatDuration(parsed.value),
        deadline: formatShanghai(result.deadline),
        provisional: result.provisional,
      };
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
