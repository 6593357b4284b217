import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../../platform/http/schemas.ts';
import { FEED_KINDS } from './intel-import-types.ts';

export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'mixed',
  'other',
] as const;
export const INDICATOR_STATUSES = ['active', 'pending', 'expired', 'revoked', 'unmatchable'] as const;

export const FeedIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const ItemError = Type.Object({ item: Type.String(), error: Type.String() });

export const ImportResultSchema = Type.Object({
  status: StringEnum(['ok', 'partial', 'failed'] as const),
  read: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  stale: Type.Integer(),
  notMatchable: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(ItemError),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  durationMs: Type.Integer(),
});

export const Feed = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: StringEnum(FEED_KINDS),
  url: Nullable(Type.String()),
  enabled: Type.Boolean(),
  defaultTtlDays: Nullable(Type.Integer()),
  refreshMinutes: Nullable(Type.Integer()),
  nextRunAt: Nullable(Type.String()),
  importState: Nullable(StringEnum(['queued', 'running'] as const)),
  progress: Nullable(
    Type.Object({
      phase: StringEnum(['queued', 'fetching', 'parsing', 'storing'] as const),
      done: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
  lastImportAt: Nullable(Type.String()),
  lastStatus: Nullable(StringEnum(['ok', 'partial', 'failed'] as const)),
  lastResult: Nullable(ImportResultSchema),
  indicators: Type.Integer(),
  activeIndicators: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  abilities: Abilities,
});

export const FeedList = Type.Object({
  items: Type.Array(Feed),
  matcher: Type.Object({
    version: Type.Integer(),
    indicators: Type.Integer(),
  }),
  /** What the caller may do with the list: add feeds. */
  abilities: Type.Object({ create: Type.Boolean() }),
});

const feedFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: StringEnum(FEED_KINDS),
  url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  enabled: Type.Optional(Type.Boolean()),
  defaultTtlDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
  refreshMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 5, maximum: 10_080 }))),
};

export const CreateFeedBody = Type.Object(feedFields, { additionalProperties: false });
export const UpdateFeedBody = Type.Partial(Type.Object(feedFields), { additionalProperties: false });

export const UploadResult = Type.Object({ result: ImportResultSchema, feed: Feed });

export const IndicatorQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 600 })),
  type: Type.Optional(StringEnum(INDICATOR_TYPES)),
  feedId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(StringEnum(INDICATOR_STATUSES)),
});

const Term = Type.Object({ kind: Type.String(), value: Type.String() });

const indicatorFields = {
  id: Type.Integer(),
  feedId: Type.Integer(),
  feedName: Type.String(),
  externalId: Type.String(),
  version: Type.String(),
  type: Type.String(),
  value: Type.String(),
  name: Nullable(Type.String()),
  status: StringEnum(INDICATOR_STATUSES),
  level: Type.String(),
  confidence: Nullable(Type.Integer()),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  unmatchableReason: Nullable(Type.String()),
  labels: Type.Array(Type.String()),
  updatedAt: Type.String(),
};

export const Indicator = Type.Object(indicatorFields);

export const IndicatorDetail = Type.Object({
  ...indicatorFields,
  description: Nullable(Type.String()),
  pattern: Type.String(),
  clauses: Type.Array(Type.Array(Term)),
  sourceTime: Nullable(Type.String()),
  createdAt: Type.String(),
  ruleKey: Type.String(),
});
