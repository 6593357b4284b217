import { WorkingCalendar } from '@shouwang/common/calendar/index';
import type { Db } from '../../../platform/db/database.ts';
import { type EscalationDirectory, type EscalationRules, escalationStore } from './escalation-settings.ts';
import { sweepRepository as repo, type SweepNoticeRow } from './sweep.repository.ts';

export interface Office {
  rules: EscalationRules;
  /** The holiday schedule with this office's working hours: when reminders and escalations may go out. */
  calendar: WorkingCalendar;
}

/**
 * What one sweep run knows about offices: each office region's effective settings (nearest ancestor's)
 * and its working calendar, read once per run and shared by every notice of that office.
 */
export class SweepContext {
  readonly base: WorkingCalendar;
  readonly #directory: EscalationDirectory;
  readonly #paths = new Map<number, string>();
  readonly #calendars = new Map<string, WorkingCalendar>();

  private constructor(base: WorkingCalendar, directory: EscalationDirectory) {
    this.base = base;
    this.#directory = directory;
  }

  static async load(db: Db, base: WorkingCalendar): Promise<SweepContext> {
    return new SweepContext(base, await escalationStore.directory(db));
  }

  /** Reads the region paths of offices not seen yet in this run (one query per batch at most). */
  async prepare(db: Db, rows: SweepNoticeRow[]): Promise<void> {
    const missing = [...new Set(rows.map((r) => r.office_region_id))].filter((id) => !this.#paths.has(id));
    for (const [id, path] of await repo.regionPaths(db, missing)) this.#paths.set(id, path);
  }

  office(officeRegionId: number): Office {
    const path = this.#paths.get(officeRegionId) ?? `/${officeRegionId}/`;
    const resolved = this.#directory.resolve(path);
    const key = JSON.stringify(resolved.rules.workingHours);
    let calendar = this.#calendars.get(key);
    if (!calendar) {
      calendar = new WorkingCalendar(this.base.years(), resolved.rules.workingHours);
      this.#calendars.set(key, calendar);
    }
    return { rules: resolved.rules, calendar };
  }

  /** Every office's rules seen by this run plus the defaults: bounds for the candidate queries. */
  allRules(): EscalationRules[] {
    return this.#directory.allRules();
  }
}
