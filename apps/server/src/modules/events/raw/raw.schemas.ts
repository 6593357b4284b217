import { Type } from 'typebox';
import { Nullable, PageQuery } from '../../../platform/http/schemas.ts';

export const RawEventIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const RawEventQuery = Type.Object({
  ...PageQuery,
  /** ISO 8601 bounds on the event's own time. */
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  sourceId: Type.Optional(Type.Integer({ minimum: 1 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Text anywhere in the record as received. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sourceIp: Type.Optional(Type.String({ maxLength: 64 })),
  destinationIp: Type.Optional(Type.String({ maxLength: 64 })),
  hostName: Type.Optional(Type.String({ maxLength: 255 })),
  userName: Type.Optional(Type.String({ maxLength: 255 })),
  eventAction: Type.Optional(Type.String({ maxLength: 255 })),
  /** true: only records that failed to parse; false: only parsed events. */
  failed: Type.Optional(Type.Boolean()),
});

const summary = {
  id: Type.Integer(),
  sourceId: Type.Integer(),
  sourceName: Type.String(),
  sourceKind: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  timestamp: Type.String(),
  receivedAt: Type.String(),
  sourceIp: Nullable(Type.String()),
  destinationIp: Nullable(Type.String()),
  hostName: Nullable(Type.String()),
  userName: Nullable(Type.String()),
  eventAction: Nullable(Type.String()),
  urlPath: Nullable(Type.String()),
  message: Nullable(Type.String()),
  parseError: Nullable(Type.String()),
};

export const RawEventSummary = Type.Object(summary);

export const RawEventDetail = Type.Object({
  ...summary,
  /** The normalised event (ECS-like field names), without `original`. */
  event: Type.Record(Type.String(), Type.Unknown()),
  /** The source's own fields as parsed. */
  original: Type.Record(Type.String(), Type.Unknown()),
  /** The record as received (cut at 8 KiB). */
  raw: Type.String(),
});
