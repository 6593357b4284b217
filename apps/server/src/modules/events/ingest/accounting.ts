import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import {
  ingestRepository,
  type MinuteCounts,
  minuteOf,
  type UnregisteredCount,
} from './ingest.repository.ts';

/**
 * Counts what never reaches the journal: records dropped because a queue was full, and records from
 * senders that match no registered source. Kept in memory and written every few seconds (a crash loses
 * at most those seconds of drop counts, never an accepted event). Received/parsed/failed are counted by
 * the pipeline in its own transaction.
 */
export function createDropAccounting(
  db: Kysely<Database>,
  now: () => Date,
  /** Whether a source still exists (a deleted source's drops cannot be written). */
  known: (sourceId: number) => boolean = () => true,
) {
  let dropped = new Map<string, MinuteCounts>();
  let unregistered = new Map<string, UnregisteredCount>();
  const totals = { dropped: 0, unregistered: 0, droppedUnknown: 0 };
  const perSource = new Map<number, number>();

  return {
    totals,
    /** Drops since the process started, per source (live counters). */
    droppedBySource: perSource as ReadonlyMap<number, number>,

    drop(sourceId: number, n = 1): void {
      const minute = minuteOf(now().getTime());
      const key = `${sourceId}|${minute}`;
      const c = dropped.get(key) ?? { sourceId, minute, received: 0, parsed: 0, failed: 0, dropped: 0 };
      c.dropped += n;
      dropped.set(key, c);
      totals.dropped += n;
      perSource.set(sourceId, (perSource.get(sourceId) ?? 0) + n);
    },

    unregistered(address: string, transport: string, sample: string, n = 1): void {
      const key = `${address}|${transport}`;
      const at = now().toISOString();
      const u = unregistered.get(key) ?? { address, transport, events: 0, at, sample: null };
      u.events += n;
      u.at = at;
      // Control characters would garble the UI; the sample is only for recognising the sender.
      u.sample = sample.slice(0, 200).replace(/\p{Cc}/gu, ' ');
      unregistered.set(key, u);
      totals.unregistered += n;
    },

    /** Writes the counts gathered since the last flush. */
    async flush(): Promise<void> {
      if (dropped.size === 0 && unregistered.size === 0) return;
      const d = [...dropped.values()].filter((c) => known(c.sourceId));
      const u = [...unregistered.values()];
      dropped = new Map();
      unregistered = new Map();
      try {
        await db.transaction().execute(async (trx) => {
          await ingestRepository.addMinuteCounts(trx, d);
          await ingestRepository.addUnregistered(trx, u);
        });
      } catch (err) {
        // Keep the counts for the next attempt rather than lose them.
        for (const c of d) {
          const key = `${c.sourceId}|${c.minute}`;
          const cur = dropped.get(key);
          if (cur) cur.dropped += c.dropped;
          else dropped.set(key, c);
        }
        for (const x of u)
          if (!unregistered.has(`${x.address}|${x.transport}`))
            unregistered.set(`${x.address}|${x.transport}`, x);
        throw err;
      }
    },
  };
}

export type DropAccounting = ReturnType<typeof createDropAccounting>;
