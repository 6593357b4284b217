/** One day as GET /calendar/:year answers it. */
export interface GridDay {
  date: string;
  working: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup';
  name?: string;
}

export interface MonthGrid {
  /** 1–12. */
  month: number;
  /** Weeks Monday to Sunday; null pads the days outside the month. */
  weeks: (GridDay | null)[][];
  holidays: number;
  makeUpDays: number;
  workingDays: number;
}

/** Monday = 0 … Sunday = 6 of a 'YYYY-MM-DD' date (a calendar date, no time zone involved). */
function mondayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const sundayFirst = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return (sundayFirst + 6) % 7;
}

/** Lays a year's days out as twelve month grids, Monday first, as a wall calendar in China prints them. */
export function monthGrids(days: readonly GridDay[]): MonthGrid[] {
  const byMonth = new Map<number, GridDay[]>();
  for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const month = Number(day.date.slice(5, 7));
    const list = byMonth.get(month) ?? [];
    list.push(day);
    byMonth.set(month, list);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, list]) => {
      const cells: (GridDay | null)[] = [];
      const first = list[0];
      if (first) for (let i = 0; i < mondayIndex(first.date); i += 1) cells.push(null);
      cells.push(...list);
      while (cells.length % 7 !== 0) cells.push(null);
      const weeks: (GridDay | null)[][] = [];
      for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
      return {
        month,
        weeks,
        holidays: list.filter((d) => d.kind === 'holiday').length,
        makeUpDays: list.filter((d) => d.kind === 'makeup').length,
        workingDays: list.filter((d) => d.working).length,
      };
    });
}

export interface CalendarImport {
  year?: number;
  version: string;
  source: string;
  holidays: { date: string; name: string }[];
  makeUpWorkdays: { date: string; name: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function namedDays(value: unknown): { date: string; name: string }[] | null {
  if (!Array.isArray(value)) return null;
  const out: { date: string; name: string }[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.date !== 'string' || typeof item.name !== 'string') return null;
    out.push({ date: item.date, name: item.name });
  }
  return out;
}

/**
 * Reads an imported calendar file (the shipped cn-YYYY.json layout). Only the shape is checked here; the
 * server validates the dates against the year and answers precise errors.
 */
export function parseCalendarFile(text: string): CalendarImport | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const holidays = namedDays(value.holidays);
  const makeUpWorkdays = namedDays(value.makeUpWorkdays);
  if (!holidays || !makeUpWorkdays) return null;
  const out: CalendarImport = {
    version: typeof value.version === 'string' ? value.version : '',
    source: typeof value.source === 'string' ? value.source : '',
    holidays,
    makeUpWorkdays,
  };
  if (typeof value.year === 'number') out.year = value.year;
  return out;
}
