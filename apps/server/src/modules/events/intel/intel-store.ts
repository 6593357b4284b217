import type { Db } from '../../../platform/db/database.ts';
import { dialectOf } from '../../../platform/db/dialect.ts';
import type { IntelFeedRow } from '../../../platform/db/schema-intel.ts';
import { type IndicatorInsert, intelRepository as repo } from './intel.repository.ts';
import type { Progress } from './intel-feed-files.ts';
import {
  type ImportedIndicator,
  type ItemError,
  levelOfConfidence,
  MAX_REPORTED_ERRORS,
  type ParsedFeed,
} from './intel-import-types.ts';

/** What one import did: counts of every outcome and the first errors. */
export interface ImportResult {
  status: 'ok' | 'partial' | 'failed';
  /** Indicators read from the feed (valid items). */
  read: number;
  created: number;
  updated: number;
  /** Same version as stored: nothing to change. */
  unchanged: number;
  /** Older than the stored version: ignored. */
  stale: number;
  /** Stored, but not matchable (reason on each indicator). */
  notMatchable: number;
  errorCount: number;
  errors: ItemError[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** Rows per statement and per transaction: small enough for SQLite's variable limit and short locks. */
const BATCH = 1000;

const DAY_MS = 86_400_000;

/** When an indicator stops matching: its valid_until, else its source time plus the feed's default TTL. */
export function expiresAt(ind: ImportedIndicator, ttlDays: number | null, importedAt: string): string | null {
  if (ind.validUntil) return ind.validUntil;
  if (ttlDays === null) return null;
  const base = Date.parse(ind.sourceTime ?? ind.validFrom ?? importedAt);
  return new Date((Number.isFinite(base) ? base : Date.parse(importedAt)) + ttlDays * DAY_MS).toISOString();
}

function toRow(feed: IntelFeedRow, ind: ImportedIndicator, at: string): IndicatorInsert {
  return {
    feed_id: feed.id,
    external_id: ind.externalId.slice(0, 200),
    version: ind.version.slice(0, 40),
    type: ind.type,
    value: ind.value.slice(0, 600),
    name: ind.name,
    description: ind.description,
    pattern: ind.pattern,
    clauses: ind.plan.matchable ? JSON.stringify(ind.plan.clauses) : null,
    matchable: ind.plan.matchable ? 1 : 0,
    unmatchable_reason: ind.plan.matchable ? null : ind.plan.reason.slice(0, 2000),
    valid_from: ind.validFrom,
    valid_until: ind.validUntil,
    expires_at: expiresAt(ind, feed.default_ttl_days, at),
    revoked: ind.revoked ? 1 : 0,
    confidence: ind.confidence,
    level: ind.level ?? levelOfConfidence(ind.confidence),
    labels: JSON.stringify(ind.labels),
    source_time: ind.sourceTime,
    created_at: at,
    updated_at: at,
  };
}

/**
 * Stores a parsed feed: new indicators are inserted, a newer version (STIX modified, MISP timestamp)
 * replaces the stored one, the same version is left alone and an older one is ignored, so importing
 * the same feed twice changes nothing. Works in batches, each in its own transaction, so other writers
 * (ingest) are not held up by a large feed; a batch commits whole or not at all.
 */
export async function storeIndicators(
  db: Db,
  feed: IntelFeedRow,
  parsed: ParsedFeed,
  startedAt: string,
  progress: Progress,
): Promise<Omit<ImportResult, 'status' | 'finishedAt' | 'durationMs'>> {
  // The same external id twice in one import: the newest version wins (ties: the later item).
  const latest = new Map<string, ImportedIndicator>();
  for (const ind of parsed.indicators) {
    const seen = latest.get(ind.externalId);
    if (!seen || ind.version >= seen.version) latest.set(ind.externalId, ind);
  }
  const items = [...latest.values()];
  const counts = { created: 0, updated: 0, unchanged: 0, stale: 0, notMatchable: 0 };
  progress('storing', 0, items.length);
  const storeBatch = (batch: ImportedIndicator[]) =>
    db.transaction().execute(async (trx) => {
      const stored = await repo.versions(
        trx,
        feed.id,
        batch.map((b) => b.externalId),
      );
      const rows: IndicatorInsert[] = [];
      for (const ind of batch) {
        const row = toRow(feed, ind, startedAt);
        const existing = stored.get(row.external_id);
        if (existing) {
          if (row.version < existing.version) {
            counts.stale++;
            continue;
          }
          // Same version: unchanged, unless the feed's TTL moved its expiry.
          if (row.version === existing.version && row.expires_at === existing.expiresAt) {
            counts.unchanged++;
            continue;
          }
          counts.updated++;
        } else counts.created++;
        if (row.matchable === 0) counts.notMatchable++;
        rows.push(row);
      }
      await repo.upsert(trx, rows);
    });
  // PostgreSQL writes on its own cores: two batches in flight keep it busy while this process prepares
  // the next. Batches hold distinct external ids, so they never touch the same rows. SQLite has one writer.
  const lanes = dialectOf(db) === 'postgres' ? 2 : 1;
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const batch = items.slice(next, next + BATCH);
      next += BATCH;
      try {
        await storeBatch(batch);
      } catch (err) {
        failed = true;
        throw err;
      }
      done += batch.length;
      progress('storing', done, items.length);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return {
    read: parsed.indicators.length,
    ...counts,
    errorCount: parsed.errors.length,
    errors: parsed.errors.slice(0, MAX_REPORTED_ERRORS),
    startedAt,
  };
}
