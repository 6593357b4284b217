import { SEVERITIES } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../../platform/http/schemas.ts';
import { SIGMA_LEVELS } from '../rules/events-settings.ts';
import { ALERT_ACTIONS, ALERT_STATES } from './alerts.policy.ts';

const Fields = Type.Record(Type.String(), Type.String());

const alertFields = {
  id: Type.Integer(),
  kind: StringEnum(['sigma', 'sigma_correlation', 'indicator'] as const),
  ruleKey: Type.String(),
  title: Type.String(),
  level: Type.String(),
  severity: StringEnum(SEVERITIES),
  isCii: Type.Boolean(),
  groupKey: Type.String(),
  sourceId: Type.Integer(),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  assetId: Nullable(Type.Integer()),
  assetName: Nullable(Type.String()),
  state: StringEnum(ALERT_STATES),
  count: Type.Integer(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  windowEndsAt: Type.String(),
  matchedFields: Fields,
  findingId: Nullable(Type.Integer()),
  version: Type.Integer(),
  abilities: Abilities,
};

export const AlertSummary = Type.Object(alertFields);

export const AlertDetail = Type.Object({
  ...alertFields,
  noticeId: Nullable(Type.Integer()),
  samples: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      event: Type.Record(Type.String(), Type.Unknown()),
      matchedFields: Fields,
    }),
  ),
  related: Type.Array(AlertSummary),
});

const filterFields = {
  state: Type.Optional(StringEnum(ALERT_STATES)),
  level: Type.Optional(StringEnum(SIGMA_LEVELS)),
  ruleKey: Type.Optional(Type.String({ maxLength: 300 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

export const AlertListQuery = Type.Object({
  ...PageQuery,
  ...filterFields,
  sort: Type.Optional(
    StringEnum(['latest', 'severity'] as const, {
      description: 'severity: I first, CII first within one, then latest',
    }),
  ),
});
export const AlertOverviewQuery = Type.Object(filterFields);

export const AlertOverview = Type.Object({
  bucket: StringEnum(['hour', 'day'] as const),
  counts: Type.Array(
    Type.Object({
      state: Type.String(),
      level: Type.String(),
      alerts: Type.Integer(),
      detections: Type.Integer(),
    }),
  ),
  series: Type.Array(Type.Object({ bucket: Type.String(), level: Type.String(), alerts: Type.Integer() })),
});

const Note = Type.String({ maxLength: 2000 });

export const TransitionBody = Type.Object(
  {
    action: StringEnum(ALERT_ACTIONS),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const BulkBody = Type.Object(
  {
    ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
    action: StringEnum(ALERT_ACTIONS),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({ id: Type.Integer(), ok: Type.Boolean(), code: Type.Optional(Type.String()) }),
  ),
});

export const RaiseNoticeResult = Type.Object({ noticeId: Type.Integer(), created: Type.Boolean() });

const Condition = Type.Object(
  { field: Type.String({ minLength: 1, maxLength: 200 }), value: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

export const SuppressionBody = Type.Object(
  {
    ruleKey: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 300 }))),
    sourceId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    unitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    assetId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    conditions: Type.Array(Condition, { maxItems: 10 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  },
  { additionalProperties: false },
);

export const Suppression = Type.Object({
  id: Type.Integer(),
  ruleKey: Nullable(Type.String()),
  sourceId: Nullable(Type.Integer()),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  assetId: Nullable(Type.Integer()),
  assetName: Nullable(Type.String()),
  conditions: Type.Array(Condition),
  reason: Type.String(),
  expiresAt: Nullable(Type.String()),
  expired: Type.Boolean(),
  hits: Type.Integer(),
  lastHitAt: Nullable(Type.String()),
  createdByName: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  abilities: Abilities,
});

export const SuppressionListQuery = Type.Object({
  ...PageQuery,
  ruleKey: Type.Optional(Type.String({ maxLength: 300 })),
  active: Type.Optional(Type.Boolean()),
});
