import type { Db } from '../../../platform/db/database.ts';
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

function canonicalTime(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString();
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
      // Stored times are ISO UTC with milliseconds and compare as text: bounds are brought to that form
      // (`…T00:00:00Z` would sort after `…T00:00:00.000Z`, and `+08:00` not at all).
      const { items, total } = await repo.search(db, actor, {
        ...filter,
        from: canonicalTime(filter.from),
        to: canonicalTime(filter.to),
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
