import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { savedViewsRepository as repo } from './saved-views.repository.ts';

/** Longest stored query, as JSON: a filter, not a data store. */
const MAX_QUERY_CHARS = 4000;

function present(row: { id: number; page: string; name: string; query: string; created_at: string }) {
  const parsed: unknown = JSON.parse(row.query);
  const query =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { id: row.id, page: row.page, name: row.name, query, createdAt: row.created_at };
}

/** A user's named filters for a list page; nobody sees or deletes another user's (404). */
export function createSavedViewsService(db: Db, now: () => Date) {
  return {
    async list(actor: Actor, page: string | undefined) {
      return (await repo.listOwn(db, actor.userId, page)).map(present);
    },
    async create(actor: Actor, input: { page: string; name: string; query: Record<string, unknown> }) {
      if (actor.via === 'system') throw AppError.forbidden();
      const query = JSON.stringify(input.query);
      if (query.length > MAX_QUERY_CHARS) {
        throw AppError.invalid([{ field: 'query', message: `${query.length} > ${MAX_QUERY_CHARS}` }]);
      }
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, {
          userId: actor.userId,
          page: input.page,
          name: input.name.trim(),
          query,
          createdAt: now().toISOString(),
        });
        await appendAudit(trx, actor, {
          action: 'saved_view.create',
          resourceType: 'saved_view',
          resourceId: id,
          after: input,
        });
        const row = await repo.findOwn(trx, actor.userId, id);
        if (!row) throw new Error('saved view vanished inside its transaction');
        return present(row);
      });
    },
    async remove(actor: Actor, id: number): Promise<void> {
      const row = await repo.findOwn(db, actor.userId, id);
      if (!row) throw AppError.notFound();
      await db.transaction().execute(async (trx) => {
        await repo.remove(trx, id);
        await appendAudit(trx, actor, {
          action: 'saved_view.delete',
          resourceType: 'saved_view',
          resourceId: id,
          before: present(row),
        });
      });
    },
  };
}

export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
