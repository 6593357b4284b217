import { type DayInfo, dateToDay, type WorkingCalendar, weekdayOf } from '@shouwang/common/calendar/index';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MARK: Record<DayInfo['kind'], string> = { workday: ' ', weekend: '-', holiday: '*', makeup: '+' };

function weekday(date: string): number {
  const day = dateToDay(date);
  return day === null ? 0 : weekdayOf(day);
}

/** Consecutive days with the same name, as "10-01 – 10-07 国庆节". */
function runs(days: DayInfo[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < days.length) {
    const first = days[i];
    if (!first) break;
    let j = i;
    while (
      j + 1 < days.length &&
      days[j + 1]?.name === first.name &&
      (dateToDay(days[j + 1]?.date ?? '') ?? 0) - (dateToDay(days[j]?.date ?? '') ?? 0) === 1
    ) {
      j++;
    }
    const last = days[j] ?? first;
    const span = i === j ? first.date.slice(5) : `${first.date.slice(5)} – ${last.date.slice(5)}`;
    out.push(`${span} ${first.name ?? ''}`.trimEnd());
    i = j + 1;
  }
  return out;
}

/**
 * A year as text, month by month (Monday first): each day is marked working (plain), weekend (-),
 * holiday (*) or make-up working day (+), followed by the named holidays and make-up days.
 */
export function renderYearText(calendar: WorkingCalendar, year: number, origin: string): string {
  const days = calendar.daysOfYear(year);
  const yc = calendar.yearCalendar(year);
  const working = days.filter((d) => d.working).length;
  const lines: string[] = [];
  if (yc) {
    lines.push(`${year}: official calendar (${origin}), version ${yc.version}`, `Source: ${yc.source}`);
  } else {
    lines.push(
      `${year}: PROVISIONAL — no official holiday schedule has been imported;`,
      'Monday to Friday count as working days until an administrator imports the year.',
    );
  }
  lines.push(
    `${working} working days, ${days.length - working} non-working days.`,
    'Legend: 5 working day · 5- weekend · 5* holiday · 5+ make-up working day (调休上班)',
  );
  for (let month = 1; month <= 12; month++) {
    const prefix = `${year}-${String(month).padStart(2, '0')}-`;
    const monthDays = days.filter((d) => d.date.startsWith(prefix));
    const monthWorking = monthDays.filter((d) => d.working).length;
    lines.push(
      '',
      `${MONTHS[month - 1]} ${year}: ${monthWorking} working, ${monthDays.length - monthWorking} not`,
    );
    lines.push(`  ${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((w) => w.padStart(4)).join('')}`);
    // Monday-first column of the 1st.
    let cells: string[] = Array.from({ length: (weekday(`${prefix}01`) + 6) % 7 }, () => '    ');
    for (const d of monthDays) {
      cells.push(`${String(Number(d.date.slice(8))).padStart(3)}${MARK[d.kind]}`);
      if (cells.length === 7) {
        lines.push(`  ${cells.join('')}`.trimEnd());
        cells = [];
      }
    }
    if (cells.length) lines.push(`  ${cells.join('')}`.trimEnd());
    const holidays = runs(monthDays.filter((d) => d.kind === 'holiday'));
    if (holidays.length) lines.push(`  Holidays: ${holidays.join('; ')}`);
    const makeUps = monthDays
      .filter((d) => d.kind === 'makeup')
      .map((d) => `${d.date.slice(5)} (${WEEKDAYS[weekday(d.date)]}) ${d.name ?? ''}`.trimEnd());
    if (makeUps.length) lines.push(`  Make-up working days: ${makeUps.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}
