import type { Db } from '../../../platform/db/database.ts';
import type { Detection, Detector, SecurityEvent } from '../event-schema.ts';
import { intelRepository as repo } from './intel.repository.ts';
import { IndicatorMatcher, IndicatorMatcherBuilder, LEVELS, type Level } from './intel-matcher.ts';
import type { ObservableTerm } from './intel-observables.ts';

/** The indicator detector, with the refresh a change (or a timer) triggers. */
export interface IndicatorDetector extends Detector {
  /** Reloads when the indicators' version counter moved since the last load (or always with force). */
  refresh(force?: boolean): Promise<boolean>;
  readonly version: number;
  /** Indicators in the loaded matcher. */
  readonly size: number;
  /** Refreshes every `intervalMs` (for processes where feeds change elsewhere); returns the stop function. */
  poll(intervalMs: number, onError: (err: unknown) => void): () => void;
  stats(): ReturnType<IndicatorMatcher['stats']>;
}

const PAGE = 10_000;

const toMs = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const asLevel = (value: string): Level =>
  (LEVELS as readonly string[]).includes(value) ? (value as Level) : 'medium';

/** Builds a matcher from every matchable, unrevoked, unexpired indicator of enabled feeds, by pages. */
export async function loadMatcher(db: Db, now: Date): Promise<IndicatorMatcher> {
  const builder = new IndicatorMatcherBuilder();
  const at = now.toISOString();
  let after = 0;
  for (;;) {
    const rows = await repo.matcherPage(db, after, PAGE, at);
    for (const row of rows) {
      let clauses: ObservableTerm[][];
      try {
        clauses = JSON.parse(row.clauses ?? '[]') as ObservableTerm[][];
      } catch {
        continue; // written by this module only; a damaged row is left out rather than stopping the load
      }
      builder.add({
        id: row.id,
        name: row.name,
        level: asLevel(row.level),
        validFrom: toMs(row.valid_from),
        expiresAt: toMs(row.expires_at),
        clauses,
      });
    }
    if (rows.length < PAGE) break;
    after = (rows[rows.length - 1] as (typeof rows)[number]).id;
  }
  return builder.build();
}

/**
 * The `indicators` Detector for the ingest pipeline. `detect` is synchronous and reads only the loaded
 * matcher; an indicator counts as active at the time the platform received the event (not the sender's
 * timestamp, which the sender controls), so a replay from the journal matches the same way.
 */
export function createIndicatorDetector(db: Db, now: () => Date): IndicatorDetector {
  let matcher = IndicatorMatcher.empty();
  let version = -1;
  let running: Promise<boolean> | null = null;

  async function reload(force: boolean): Promise<boolean> {
    const current = await repo.version(db);
    if (!force && current === version) return false;
    matcher = await loadMatcher(db, now());
    version = current;
    return true;
  }

  return {
    name: 'indicators',
    get version() {
      return version;
    },
    get size() {
      return matcher.size;
    },
    detect(event: SecurityEvent): Detection[] {
      if (matcher.size === 0) return [];
      const received = Date.parse(event.shouwang.receivedAt);
      return matcher.match(event, Number.isFinite(received) ? received : now().getTime());
    },
    refresh(force = false) {
      // One load at a time; a caller during a load waits for it (a change made meanwhile is seen next time).
      running ??= reload(force).finally(() => {
        running = null;
      });
      return running;
    },
    poll(intervalMs, onError) {
      const timer = setInterval(() => {
        this.refresh().catch(onError);
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    stats: () => matcher.stats(),
  };
}
