import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { AuditLogRow, Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { auditPolicy } from './audit.policy.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface AuditFilter {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  toExclusive?: string;
}

/** Escapes LIKE wildcards so a region path matches literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The jurisdiction rule for audit rows, as SQL. */
export function auditVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'audit_log'>) => {
    const inside = eb('audit_log.region_path', 'like', likePrefix(actor.regionPath));
    return auditPolicy.seesUnscopedEntries(actor)
      ? eb.or([inside, eb('audit_log.region_path', 'is', null)])
      : inside;
  };
}

function filtered(db: Q, actor: Actor, f: AuditFilter) {
  let q = db.selectFrom('audit_log').where(auditVisibleTo(actor));
  if (f.actor) q = q.where('audit_log.actor_name', '=', f.actor);
  if (f.action) {
    // "notice.*" selects every action of a resource type.
    q = f.action.endsWith('*')
      ? q.where('audit_log.action', 'like', likePrefix(f.action.slice(0, -1)))
      : q.where('audit_log.action', '=', f.action);
  }
  if (f.resourceType) q = q.where('audit_log.resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('audit_log.resource_id', '=', f.resourceId);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.toExclusive) q = q.where('audit_log.at', '<', f.toExclusive);
  return q;
}

export const auditRepository = {
  async listVisibleTo(
    db: Q,
    actor: Actor,
    f: AuditFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: AuditLogRow[]; total: number }> {
    const q = filtered(db, actor, f);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .selectAll('audit_log')
      .orderBy('audit_log.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return { items, total: Number(total.n) };
  },

  async countVisibleTo(db: Q, actor: Actor, f: AuditFilter): Promise<number> {
    const row = await filtered(db, actor, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Rows for an export, newest first, in pages so memory stays bounded per query. */
  async *iterateVisibleTo(db: Q, actor: Actor, f: AuditFilter, pageSize = 2000): AsyncGenerator<AuditLogRow> {
    let before: number | null = null;
    for (;;) {
      let q = filtered(db, actor, f).selectAll('audit_log');
      if (before !== null) q = q.where('audit_log.id', '<', before);
      const rows = await q.orderBy('audit_log.id', 'desc').limit(pageSize).execute();
      yield* rows;
      if (rows.length < pageSize) return;
      before = rows[rows.length - 1]?.id ?? null;
    }
  },
};
