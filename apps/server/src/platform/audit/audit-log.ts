import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../http/actor.ts';
import {
  type ChainedEntry,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  type VerifyResult,
} from './audit-chain.ts';

export interface AuditEvent {
  action: string;
  resourceType: string;
  resourceId?: string | number | null;
  /** Jurisdiction the record belongs to, so auditors see only their subtree. */
  regionPath?: string | null;
  before?: unknown;
  after?: unknown;
}

// An arbitrary constant: the PostgreSQL advisory lock that serialises appends across processes.
const AUDIT_LOCK_KEY = 7_201_999;

/** Keys whose values never enter the audit log. */
const SECRET_KEYS = new Set([
  'passwordHash',
  'password_hash',
  'password',
  'totpSecret',
  'totp_secret',
  'tokenHash',
  'token_hash',
  'token',
]);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so the record and the change
 * it describes commit together or not at all.
 */
export async function appendAudit(
  trx: Transaction<Database> | Kysely<Database>,
  actor: Actor,
  event: AuditEvent,
): Promise<number> {
  if (dialectOf(trx) === 'postgres') {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const head = await trx
    .selectFrom('audit_head')
    .select(['last_id', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const prevHash = head?.last_hash ?? GENESIS_HASH;
  const id = (head?.last_id ?? 0) + 1;
  const entry = {
    id,
    at: nowIso(),
    actorUserId: actor.userId || null,
    actorName: actor.username,
    actorRole: actor.role,
    ip: actor.ip,
    requestId: actor.requestId,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId === undefined || event.resourceId === null ? null : String(event.resourceId),
    regionPath: event.regionPath ?? null,
    beforeJson: toJson(event.before),
    afterJson: toJson(event.after),
  };
  const hash = entryHash(prevHash, entry);
  await trx
    .insertInto('audit_log')
    .values({
      id,
      at: entry.at,
      actor_user_id: entry.actorUserId,
      actor_name: entry.actorName,
      actor_role: entry.actorRole,
      ip: entry.ip,
      request_id: entry.requestId,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      region_path: entry.regionPath,
      before_json: entry.beforeJson,
      after_json: entry.afterJson,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  if (head) {
    await trx.updateTable('audit_head').set({ last_id: id, last_hash: hash }).where('id', '=', 1).execute();
  } else {
    await trx.insertInto('audit_head').values({ id: 1, last_id: id, last_hash: hash }).execute();
  }
  return id;
}

/** Walks the whole chain in id order, in pages, and checks it against the head. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const entry: ChainedEntry = {
        id: r.id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorName: r.actor_name,
        actorRole: r.actor_role,
        ip: r.ip,
        requestId: r.request_id,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        regionPath: r.region_path,
        beforeJson: r.before_json,
        afterJson: r.after_json,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
      if (!verifier.push(entry)) return verifier.finish(null);
    }
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]?.id ?? after;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['last_id', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return verifier.finish(head ? { lastId: head.last_id, lastHash: head.last_hash } : null);
}
