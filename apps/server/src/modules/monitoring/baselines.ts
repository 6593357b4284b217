import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { PageBaselineRow } from '../../platform/db/schema-monitoring.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { type BaselineRef, contentDigest } from './analysis-cache.ts';
import type { PageSnapshot, SnapshotComparison } from './analyzers/snapshot.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The baseline's JSON read back; a row that fails to parse counts as no baseline (the next run stores one). */
export function snapshotOf(json: string | null): PageSnapshot | undefined {
  if (!json) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && 'staticSketch' in parsed
      ? (parsed as PageSnapshot)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Digests of stored snapshot JSON known to parse (a baseline is read on every run, and rarely changes). */
const parsesFine = new Set<string>();
const MAX_KNOWN = 20_000;

function knownToParse(digest: string): void {
  if (parsesFine.size >= MAX_KNOWN) parsesFine.clear();
  parsesFine.add(digest);
}

/** Whether stored JSON is a usable snapshot (what snapshotOf accepts), parsing each distinct content once. */
export function isSnapshotJson(json: string | null): boolean {
  if (!json) return false;
  const digest = contentDigest(json);
  if (parsesFine.has(digest)) return true;
  if (!snapshotOf(json)) return false;
  knownToParse(digest);
  return true;
}

/**
 * A stored baseline with the digest of its JSON, which tells the analysis cache which baseline it is. A
 * baseline seen before is parsed only when the page has changed and must be compared with it.
 */
export function baselineRefOf(json: string | null): BaselineRef | undefined {
  if (!json) return undefined;
  const digest = contentDigest(json);
  if (parsesFine.has(digest)) {
    let parsed: PageSnapshot | undefined;
    return {
      digest,
      get snapshot(): PageSnapshot {
        parsed ??= snapshotOf(json);
        // Same digest, same text: it parsed before.
        if (!parsed) throw new Error('a stored baseline no longer parses');
        return parsed;
      },
    };
  }
  const snapshot = snapshotOf(json);
  if (!snapshot) return undefined;
  knownToParse(digest);
  return { snapshot, digest };
}

interface Target {
  monitorId: number;
  regionPath: string;
  pageUrl: string;
}

/**
 * One defacement observation of a watched page: the first snapshot becomes the baseline automatically;
 * a change beyond the threshold is kept as the pending snapshot (for the diff and for staff to accept);
 * a page back to its baseline drops the pending one.
 */
export async function trackBaseline(
  trx: Q,
  actor: Actor,
  t: Target,
  existing: PageBaselineRow | undefined,
  /** The page's snapshot, asked for only when it is stored (a first baseline or a pending change). */
  snapshot: () => PageSnapshot,
  comparison: SnapshotComparison | undefined,
  at: string,
  /** Whether `existing` holds a usable snapshot, when the caller has found out already. */
  existingUsable: boolean = existing !== undefined && isSnapshotJson(existing.snapshot),
): Promise<void> {
  if (!existing || !existingUsable) {
    if (existing)
      await state.updateBaseline(trx, existing.id, { snapshot: JSON.stringify(snapshot()), accepted_at: at });
    else {
      await state.insertBaseline(trx, {
        monitor_id: t.monitorId,
        page_url: t.pageUrl,
        snapshot: JSON.stringify(snapshot()),
        accepted_by: null,
        accepted_by_name: actor.displayName,
        accepted_at: at,
        pending_snapshot: null,
        pending_comparison: null,
        pending_since: null,
      });
    }
    await appendAudit(trx, actor, {
      action: 'monitoring.baseline_stored',
      resourceType: 'monitor',
      resourceId: t.monitorId,
      regionPath: t.regionPath,
      after: { pageUrl: t.pageUrl, automatic: true },
    });
    return;
  }
  if (comparison) {
    await state.updateBaseline(trx, existing.id, {
      pending_snapshot: JSON.stringify(snapshot()),
      pending_comparison: JSON.stringify(comparison),
      pending_since: existing.pending_since ?? at,
    });
  } else if (existing.pending_snapshot !== null) {
    await state.updateBaseline(trx, existing.id, {
      pending_snapshot: null,
      pending_comparison: null,
      pending_since: null,
    });
  }
}
