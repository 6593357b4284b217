import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { PARSED_EVENT_FIELD_MAPPINGS } from '../parsers/sigma-routing.ts';
import type { FieldMappings } from '../sigma/sigma-types.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

/** The office's settings for detection and alerting (one set: the ingest process runs one engine). */
export interface EventsSettings {
  /** Sigma field -> event paths, tried in order; merged over the shipped web, Windows and DNS mappings. */
  fieldMappings: Record<string, string[]>;
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders: Record<string, string[]>;
  /** Detections of one rule + asset + key within this many minutes of the first join one alert. */
  alertWindowMinutes: number;
  /** Alerts of this Sigma level or above are reported as findings (and so go to the notice loop). */
  findingMinLevel: Exclude<SigmaLevel, 'informational'>;
}

export const DEFAULT_EVENTS_SETTINGS: EventsSettings = {
  fieldMappings: {},
  placeholders: {},
  alertWindowMinutes: 15,
  findingMinLevel: 'high',
};

const SETTINGS_KEY = 'events.settings';
/** Bumped by every change to the rules or these settings: detectors recompile when it moves. */
const VERSION_KEY = 'events.rules.version';

/**
 * The shipped mappings for parsed events (web, Windows, DNS) with the office's on top (the office's list
 * replaces a shipped field's).
 */
export function effectiveMappings(settings: EventsSettings): FieldMappings {
  return { ...PARSED_EVENT_FIELD_MAPPINGS, ...settings.fieldMappings };
}

export { PARSED_EVENT_FIELD_FALLBACKS as FIELD_FALLBACKS } from '../parsers/sigma-routing.ts';

async function upsert(db: Q, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

export const eventsSettingsStore = {
  async get(db: Q): Promise<EventsSettings> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETTINGS_KEY)
      .executeTakeFirst();
    if (!row) return DEFAULT_EVENTS_SETTINGS;
    return { ...DEFAULT_EVENTS_SETTINGS, ...(JSON.parse(row.value) as Partial<EventsSettings>) };
  },
  async save(db: Q, settings: EventsSettings, at: string): Promise<void> {
    await upsert(db, SETTINGS_KEY, JSON.stringify(settings), at);
  },
  async version(db: Q): Promise<number> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', VERSION_KEY)
      .executeTakeFirst();
    return row ? Number(row.value) : 0;
  },
  /** Called in the transaction of every rule or settings change. */
  async bumpVersion(db: Q, at: string): Promise<void> {
    const current = await eventsSettingsStore.version(db);
    await upsert(db, VERSION_KEY, String(current + 1), at);
  },
};
