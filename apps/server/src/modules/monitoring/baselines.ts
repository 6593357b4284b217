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

/** A stored baseline with the digest of its JSON, which tells the analysis cache which baseline it is. */
export function baselineRefOf(json: string | null): BaselineRef | undefined {
  const snapshot = snapshotOf(json);
  return snapshot && json ? { snapshot, digest: contentDigest(json) } : undefined;
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
): Promise<void> {
  if (!existing || !snapshotOf(existing.snapshot)) {
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
