import { Type } from 'typebox';
import { Nullable, PageQuery } from '../../platform/http/schemas.ts';

/** A day ("2026-11-21", the whole day in UTC) or an instant ("2026-11-21T08:00:00Z"). */
const DateOrInstant = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const AuditFilterQuery = Type.Object(
  {
    actor: Type.Optional(Text(100)),
    action: Type.Optional(Text(64)),
    resourceType: Type.Optional(Text(64)),
    resourceId: Type.Optional(Text(64)),
    from: Type.Optional(DateOrInstant),
    to: Type.Optional(DateOrInstant),
  },
  { additionalProperties: false },
);

export const AuditListQuery = Type.Object(
  { ...AuditFilterQuery.properties, page: PageQuery.page, pageSize: PageQuery.pageSize },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    actorName: Type.String(),
    actorRole: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    action: Type.String(),
    resourceType: Type.String(),
    resourceId: Nullable(Type.String()),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { $id: 'AuditEntry' },
);

const ChainHead = Type.Object({ lastId: Type.Integer(), lastHash: Type.String() });

export const AuditVerifyResult = Type.Union(
  [
    Type.Object({ ok: Type.Literal(true), entries: Type.Integer(), head: ChainHead }),
    Type.Object({
      ok: Type.Literal(false),
      entries: Type.Integer(),
      firstBrokenId: Type.Integer(),
      reason: Type.String(),
    }),
  ],
  { $id: 'AuditVerifyResult' },
);
