import { SEVERITIES, TLP_MARKINGS } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';

export const FINDING_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export const FINDING_SOURCES = ['manual', 'monitoring', 'events', 'intake', 'inspection'] as const;

export const Finding = Type.Object(
  {
    id: Type.Integer(),
    source: Type.String(),
    detector: Type.String(),
    dedupKey: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    assetId: Nullable(Type.Integer()),
    category: Type.String(),
    severity: StringEnum(SEVERITIES),
    title: Type.String(),
    description: Nullable(Type.String()),
    evidence: Type.Record(Type.String(), Type.Unknown()),
    pageUrl: Nullable(Type.String()),
    isHomepage: Type.Boolean(),
    /** Whether the detector re-runs its check when the notice is closed. */
    recheckable: Type.Boolean(),
    status: StringEnum(FINDING_STATUSES),
    noticeId: Nullable(Type.Integer()),
    firstSeenAt: Type.String(),
    lastSeenAt: Type.String(),
    resolvedAt: Nullable(Type.String()),
    createdAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'Finding' },
);

export const FindingListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(StringEnum(FINDING_STATUSES)),
  source: Type.Optional(StringEnum(FINDING_SOURCES)),
  severity: Type.Optional(StringEnum(SEVERITIES)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const ManualFindingBody = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    assetId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    category: Type.String({ minLength: 1, maxLength: 64 }),
    severity: StringEnum(SEVERITIES),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    evidence: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 }),
    ),
    pageUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: '^https?://' }))),
    isHomepage: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RaiseNoticeBody = Type.Object(
  {
    overrides: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          description: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
          requiredActions: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
          severity: Type.Optional(StringEnum(SEVERITIES)),
          category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          tlp: Type.Optional(StringEnum(TLP_MARKINGS)),
          requiresLeaderApproval: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DismissBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
