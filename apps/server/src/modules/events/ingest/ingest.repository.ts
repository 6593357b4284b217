import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { DetectorStateChange, DetectorStateEntry } from '../event-schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Counters of one source in one UTC minute ('YYYY-MM-DDTHH:MM'). */
export interface MinuteCounts {
  sourceId: number;
  minute: string;
  received: number;
  parsed: number;
  failed: number;
  dropped: number;
}

export interface UnregisteredCount {
  address: string;
  transport: string;
  events: number;
  at: string;
  sample: string | null;
}

let lastMinute = -1;
let lastMinuteText = '';
/** The UTC minute of an epoch time, 'YYYY-MM-DDTHH:MM' (memoised: records arrive minute by minute). */
export function minuteOf(ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m !== lastMinute) {
    lastMinute = m;
    lastMinuteText = new Date(m * 60_000).toISOString().slice(0, 16);
  }
  return lastMinuteText;
}

/** SQL of the journal checkpoint, per-minute accounting, unregistered senders and tail offsets. */
export const ingestRepository = {
  async checkpoint(db: Q, name: string): Promise<number> {
    const row = await db
      .selectFrom('ingest_checkpoints')
      .select('seq')
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? Number(row.seq) : 0;
  },

  async saveCheckpoint(db: Q, name: string, seq: number, at: string): Promise<void> {
    await db
      .insertInto('ingest_checkpoints')
      .values({ name, seq, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ seq, updated_at: at }))
      .execute();
  },

  /** Adds to the per-minute counters (one upsert per source and minute). */
  async addMinuteCounts(db: Q, counts: readonly MinuteCounts[]): Promise<void> {
    for (const c of counts) {
      await db
        .insertInto('event_source_minutes')
        .values({
          source_id: c.sourceId,
          minute: c.minute,
          received: c.received,
          parsed: c.parsed,
          failed: c.failed,
          dropped: c.dropped,
        })
        .onConflict((oc) =>
          oc.columns(['source_id', 'minute']).doUpdateSet((eb) => ({
            received: eb('event_source_minutes.received', '+', eb.ref('excluded.received')),
            parsed: eb('event_source_minutes.parsed', '+', eb.ref('excluded.parsed')),
            failed: eb('event_source_minutes.failed', '+', eb.ref('excluded.failed')),
            dropped: eb('event_source_minutes.dropped', '+', eb.ref('excluded.dropped')),
          })),
        )
        .execute();
    }
  },

  async addUnregistered(db: Q, rows: readonly UnregisteredCount[]): Promise<void> {
    for (const r of rows) {
      await db
        .insertInto('ingest_unregistered')
        .values({
          address: r.address,
          transport: r.transport,
          events: r.events,
          first_seen_at: r.at,
          last_seen_at: r.at,
          sample: r.sample,
        })
        .onConflict((oc) =>
          oc.columns(['address', 'transport']).doUpdateSet((eb) => ({
            events: eb('ingest_unregistered.events', '+', eb.ref('excluded.events')),
            last_seen_at: r.at,
            sample: r.sample,
          })),
        )
        .execute();
    }
  },

  async saveTailOffset(
    db: Q,
    v: { sourceId: number; path: string; fileId: string; offset: number; at: string },
  ): Promise<void> {
    await db
      .insertInto('ingest_tail_offsets')
      .values({ source_id: v.sourceId, path: v.path, file_id: v.fileId, offset: v.offset, updated_at: v.at })
      .onConflict((oc) =>
        oc
          .columns(['source_id', 'path'])
          .doUpdateSet({ file_id: v.fileId, offset: v.offset, updated_at: v.at }),
      )
      .execute();
  },

  /** Where a followed file was read up to: by its path, or by its inode when it was renamed (rotation). */
  async tailOffsetOfFile(db: Q, sourceId: number, path: string, fileId: string) {
    const rows = await db
      .selectFrom('ingest_tail_offsets')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where('file_id', '=', fileId)
      .execute();
    const row = rows.find((r) => r.path === path) ?? rows[0];
    return row ? { offset: Number(row.offset) } : null;
  },

  /** Per source over minutes since `fromMinute`: received and dropped, for the drop-rate finding. */
  async dropTotalsSince(db: Q, fromMinute: string) {
    const rows = await db
      .selectFrom('event_source_minutes')
      .select((eb) => [
        'source_id as sourceId',
        eb.fn.sum<number>('received').as('received'),
        eb.fn.sum<number>('dropped').as('dropped'),
      ])
      .where('minute', '>=', fromMinute)
      .groupBy('source_id')
      .having((eb) => eb.fn.sum('dropped'), '>', 0)
      .execute();
    return rows.map((r) => ({
      sourceId: r.sourceId,
      received: Number(r.received),
      dropped: Number(r.dropped),
    }));
  },

  /** The state a journal's detector saved with its checkpoint. */
  async detectorState(db: Q, journal: string, detector: string): Promise<DetectorStateEntry[]> {
    const rows = await db
      .selectFrom('ingest_detector_state')
      .select(['state_key', 'value'])
      .where('journal', '=', journal)
      .where('detector', '=', detector)
      .execute();
    return rows.map((r) => ({ key: r.state_key, value: r.value }));
  },

  /** Saves a detector's changed entries (upserts) and removed ones (deletes), in the caller's transaction. */
  async saveDetectorState(
    db: Q,
    journal: string,
    detector: string,
    changes: readonly DetectorStateChange[],
    at: string,
  ): Promise<void> {
    // Last change per key wins; PostgreSQL refuses one upsert that touches a row twice.
    const last = new Map<string, string | null>();
    for (const c of changes) last.set(c.key, c.value);
    const removed: string[] = [];
    const rows: {
      journal: string;
      detector: string;
      state_key: string;
      value: string;
      updated_at: string;
    }[] = [];
    for (const [key, value] of last) {
      if (value === null) removed.push(key);
      else rows.push({ journal, detector, state_key: key, value, updated_at: at });
    }
    for (let i = 0; i < removed.length; i += 500) {
      await db
        .deleteFrom('ingest_detector_state')
        .where('journal', '=', journal)
        .where('detector', '=', detector)
        .where('state_key', 'in', removed.slice(i, i + 500))
        .execute();
    }
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('ingest_detector_state')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['journal', 'detector', 'state_key']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  },

  async pruneMinutes(db: Q, beforeMinute: string): Promise<void> {
    await db.deleteFrom('event_source_minutes').where('minute', '<', beforeMinute).execute();
  },
};
