import type { Db } from '../../../platform/db/database.ts';
import { storedInstant } from '../../../platform/db/stored-instant.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { type RawEventFilter, rawRepository as repo } from './raw.repository.ts';

type Row = Awaited<ReturnType<typeof repo.search>>['items'][number];

function summary(r: Row) {
  return {
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.sourceName,
    sourceKind: r.sourceKind,
    unitId: r.unit_id,
    unitName: r.unitName,
    timestamp: r.ts,
    receivedAt: r.received_at,
    sourceIp: r.source_ip,
    destinationIp: r.destination_ip,
    hostName: r.host_name,
    userName: r.user_name,
    eventAction: r.event_action,
    urlPath: r.url_path,
    message: r.message,
    parseError: r.parse_error,
  };
}

function objectOf(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Search and detail over the bounded raw event store, scoped to the caller's jurisdiction in SQL. */
export function createRawEventsService(db: Db) {
  return {
    async search(actor: Actor, filter: RawEventFilter) {
      const { items, total } = await repo.search(db, actor, {
        ...filter,
        from: storedInstant(filter.from),
        to: storedInstant(filter.to),
      });
      return { items: items.map(summary), total };
    },

    async get(actor: Actor, id: number) {
      // Not visible = not found: the jurisdiction rule is part of the query, as for the list.
      const r = await repo.findVisible(db, actor, id);
      if (!r) throw AppError.notFound();
      return { ...summary(r), event: objectOf(r.event), original: objectOf(r.original), raw: r.raw };
    },
  };
}

export type RawEventsService = ReturnType<typeof createRawEventsService>;
