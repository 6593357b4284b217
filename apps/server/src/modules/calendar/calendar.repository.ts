import type { Kysely, Transaction } from 'kysely';
import type { CalendarYearRow, Database } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface CalendarYearValues {
  year: number;
  data: string;
  version: string;
  source: string;
  importedBy: number | null;
  importedByName: string;
  importedAt: string;
}

/** The imported or edited years of the holiday schedule. The calendar is national, not per jurisdiction. */
export const calendarRepository = {
  listYears(db: Q): Promise<CalendarYearRow[]> {
    return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  },

  findYear(db: Q, year: number): Promise<CalendarYearRow | undefined> {
    return db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
  },

  /** Inserts the year or replaces it whole (same statement on SQLite and PostgreSQL). */
  async saveYear(db: Q, v: CalendarYearValues): Promise<void> {
    const row = {
      data: v.data,
      version: v.version,
      source: v.source,
      imported_by: v.importedBy,
      imported_by_name: v.importedByName,
      imported_at: v.importedAt,
    };
    await db
      .insertInto('calendar_years')
      .values({ year: v.year, ...row })
      .onConflict((oc) => oc.column('year').doUpdateSet(row))
      .execute();
  },
};
