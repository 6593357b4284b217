import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that the hash covers, in a fixed order. */
export interface ChainedEntry {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  actorRole: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  regionPath: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
  hash: string;
}

export type UnhashedEntry = Omit<ChainedEntry, 'hash' | 'prevHash'>;

/** hash = SHA-256(prevHash + canonical JSON of the entry's fields, id included so reordering shows). */
export function entryHash(prevHash: string, e: UnhashedEntry): string {
  const canonical = JSON.stringify([
    e.id,
    e.at,
    e.actorUserId,
    e.actorName,
    e.actorRole,
    e.ip,
    e.requestId,
    e.action,
    e.resourceType,
    e.resourceId,
    e.regionPath,
    e.beforeJson,
    e.afterJson,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainHead {
  lastId: number;
  lastHash: string;
}

export type VerifyResult =
  | { ok: true; entries: number; head: ChainHead }
  | { ok: false; entries: number; firstBrokenId: number; reason: string };

/**
 * Checks a chain entry by entry (ids ascending) and against the stored head, so that a change, a deletion
 * (also of the newest entries) or a reordering is found and located at the first entry it breaks.
 */
export class ChainVerifier {
  private expectedId = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private broken: { id: number; reason: string } | null = null;

  /** Feeds the next entry; returns false once the chain is known to be broken. */
  push(e: ChainedEntry): boolean {
    if (this.broken) return false;
    if (e.id !== this.expectedId) {
      // The chain breaks where entry expectedId should be, whatever id stands there instead: an id
      // changed to an earlier one must not be blamed on that earlier, intact entry.
      this.broken = {
        id: this.expectedId,
        reason:
          e.id > this.expectedId
            ? `entries ${this.expectedId}..${e.id - 1} are missing`
            : `entry ${e.id} appears where entry ${this.expectedId} should be (out of order or id changed)`,
      };
      return false;
    }
    if (e.prevHash !== this.prevHash) {
      this.broken = {
        id: e.id,
        reason:
          'its link to the previous entry does not match (previous entry removed, replaced or reordered)',
      };
      return false;
    }
    if (entryHash(e.prevHash, e) !== e.hash) {
      this.broken = { id: e.id, reason: 'its content does not match its hash (entry was changed)' };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedId += 1;
    this.count += 1;
    return true;
  }

  finish(head: ChainHead | null): VerifyResult {
    if (this.broken)
      return { ok: false, entries: this.count, firstBrokenId: this.broken.id, reason: this.broken.reason };
    const lastId = this.expectedId - 1;
    const stored = head ?? { lastId: 0, lastHash: GENESIS_HASH };
    if (stored.lastId !== lastId || stored.lastHash !== this.prevHash) {
      return {
        ok: false,
        entries: this.count,
        firstBrokenId: Math.min(stored.lastId, lastId) + 1,
        reason: `the chain ends at entry ${lastId} but the recorded head is entry ${stored.lastId} (newest entries removed or head altered)`,
      };
    }
    return { ok: true, entries: this.count, head: { lastId, lastHash: this.prevHash } };
  }
}
