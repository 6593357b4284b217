import { existsSync, readFileSync } from 'node:fs';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  type CalendarIssue,
  calendarIssueMessage,
  formatDuration,
  formatShanghai,
  isCalendarYear,
  parseDuration,
  parseInstant,
  SHIPPED_CALENDARS,
  validateYearCalendar,
  WorkingCalendar,
} from '@shouwang/common/calendar/index';
import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { createCalendarService } from '../modules/calendar/calendar.service.ts';
import { renderYearText } from '../modules/calendar/calendar.text.ts';
import { type DatabaseHandle, openDatabase } from '../platform/db/database.ts';
import { systemActor } from '../platform/http/actor.ts';
import { AppError } from '../platform/http/app-error.ts';

/** Bad command-line input: reported in both languages, exit code 2. */
class InputError extends Error {
  readonly issues: CalendarIssue[];
  constructor(issues: CalendarIssue[]) {
    super('invalid input');
    this.issues = issues;
  }
}

function fail(issues: CalendarIssue[]): never {
  throw new InputError(issues);
}

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || !isCalendarYear(year)) {
    fail([
      { field: 'year', code: 'year_invalid', params: { min: CALENDAR_MIN_YEAR, max: CALENDAR_MAX_YEAR } },
    ]);
  }
  return year;
}

/** Opens the configured database when there is one; never creates an SQLite file just to read it. */
function openExisting(config: Config): DatabaseHandle | null {
  if (!config.databaseUrl && !existsSync(config.sqlitePath)) return null;
  return openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, poolMax: 1 });
}

async function hasCalendarTable(database: DatabaseHandle): Promise<boolean> {
  const tables = await database.db.introspection.getTables();
  return tables.some((t) => t.name === 'calendar_years');
}

/**
 * The effective calendar: stored years from the database when one is configured and migrated, over the
 * shipped ones; otherwise the shipped data alone. `imported` lists the years that came from the database.
 */
async function effectiveCalendar(
  config: Config,
): Promise<{ calendar: WorkingCalendar; imported: Set<number> }> {
  const shippedOnly = () => ({
    calendar: new WorkingCalendar(SHIPPED_CALENDARS),
    imported: new Set<number>(),
  });
  const database = openExisting(config);
  if (!database) return shippedOnly();
  try {
    if (!(await hasCalendarTable(database))) return shippedOnly();
    const rows = await database.db.selectFrom('calendar_years').select('year').execute();
    const calendar = await createCalendarService(database.db).calendar();
    return { calendar, imported: new Set(rows.map((r) => r.year)) };
  } finally {
    await database.close();
  }
}

function report(err: unknown): void {
  if (err instanceof InputError) {
    for (const issue of err.issues) {
      const field = issue.field && issue.field !== 'year' ? issue.field : '';
      console.error(`error: ${field ? `${field}: ` : ''}${calendarIssueMessage('en-US', issue)}`);
      console.error(`错误：${field ? `${field}：` : ''}${calendarIssueMessage('zh-CN', issue)}`);
    }
    process.exitCode = 2;
    return;
  }
  if (err instanceof AppError && err.code === 'validation_failed' && Array.isArray(err.details)) {
    for (const d of err.details) console.error(`error: ${d.field ? `${d.field}: ` : ''}${d.message}`);
    process.exitCode = 2;
    return;
  }
  throw err;
}

/** `shouwang calendar show|deadline|import`: check and maintain the working calendar. */
export function registerCalendarCommand(program: Command, loadConfigOrExit: () => Config): void {
  const calendar = program
    .command('calendar')
    .description('Check the working calendar (holidays and make-up working days) and compute deadlines')
    // Usage errors (missing argument, unknown option) are bad input too: exit code 2.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  calendar
    .command('show')
    .description("List a year's working and non-working days")
    .argument('<year>', 'e.g. 2026')
    .option('--json', 'print [{date, working, kind: workday|weekend|holiday|makeup, name?}]')
    .action(async (yearText: string, opts: { json?: boolean }) => {
      try {
        const year = parseYear(yearText);
        const { calendar: cal, imported } = await effectiveCalendar(loadConfigOrExit());
        if (opts.json) {
          console.log(JSON.stringify(cal.daysOfYear(year), null, 2));
        } else {
          process.stdout.write(renderYearText(cal, year, imported.has(year) ? 'imported' : 'shipped'));
        }
      } catch (err) {
        report(err);
      }
    });

  calendar
    .command('deadline')
    .description('Print the deadline as ISO 8601 in China time')
    .argument('<start>', 'ISO 8601 start, e.g. 2026-09-30T10:00+08:00 (China time when no offset)')
    .argument('<duration>', '5wd (working days), 3d (natural days) or 8wh (working hours)')
    .option('--json', 'print {start, duration, deadline, provisional}')
    .action(async (startText: string, durationText: string, opts: { json?: boolean }) => {
      try {
        const start = parseInstant(startText);
        const duration = parseDuration(durationText);
        const issues: CalendarIssue[] = [];
        if (!start) issues.push({ field: 'start', code: 'instant_invalid', params: { value: startText } });
        if (!duration.ok) issues.push(...duration.issues);
        if (!start || !duration.ok) fail(issues);
        const { calendar: cal } = await effectiveCalendar(loadConfigOrExit());
        const result = cal.deadline(start, duration.value);
        const deadline = formatShanghai(result.deadline);
        if (opts.json) {
          const answer = {
            start: formatShanghai(start),
            duration: formatDuration(duration.value),
            deadline,
            provisional: result.provisional,
          };
          console.log(JSON.stringify(answer));
          return;
        }
        console.log(deadline);
        if (result.provisional) {
          console.error(
            'note: provisional — the period reaches a year without an official holiday schedule, so ' +
              'weekdays were counted as working days; it changes once that year is imported.',
          );
        }
      } catch (err) {
        report(err);
      }
    });

  calendar
    .command('import')
    .description(
      'Import or replace a whole year from a JSON file {version, source, holidays, makeUpWorkdays}',
    )
    .argument('<year>', 'e.g. 2027')
    .argument('<file>', 'JSON file; holidays and makeUpWorkdays are lists of {date: "YYYY-MM-DD", name}')
    .action(async (yearText: string, file: string) => {
      try {
        const year = parseYear(yearText);
        let data: unknown;
        try {
          data = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          console.error(`error: cannot read ${file} as JSON: ${err instanceof Error ? err.message : err}`);
          process.exitCode = 2;
          return;
        }
        const checked = validateYearCalendar(data, year);
        if (!checked.ok) fail(checked.issues);
        const config = loadConfigOrExit();
        const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
        try {
          if (!(await hasCalendarTable(database))) {
            console.error('error: the database is not migrated; run `shouwang migrate` first');
            process.exitCode = 1;
            return;
          }
          const service = createCalendarService(database.db);
          const saved = await service.putYear(systemActor('/', 'cli'), year, checked.value);
          console.log(
            `Imported ${saved.year}: ${saved.holidays} holidays, ${saved.makeUpWorkdays} make-up working days ` +
              `(version ${saved.version}). Deadlines in ${saved.year} are no longer provisional.`,
          );
        } finally {
          await database.close();
        }
      } catch (err) {
        report(err);
      }
    });
}
