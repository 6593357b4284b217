import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { SETTING_LIMITS } from './topic-settings.ts';
import { TOPIC_STATES } from './topics.repository.ts';

export const RISK_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export const RESPONSE_KINDS = ['statement', 'clarification', 'briefing', 'interview', 'other'] as const;
export const LINK_KINDS = ['notice', 'intake_case'] as const;
export const CHECK_RESULTS = ['low', 'medium', 'high', 'na'] as const;
export const OVERALL_RISKS = ['low', 'medium', 'high'] as const;

export const TopicIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const TopicLinkParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  linkId: Type.Integer({ minimum: 1 }),
});
export const PreviewParams = Type.Object({ previewId: Type.String({ maxLength: 64 }) });

const Iso = Type.String({ maxLength: 40 });
const Csv = (description: string) => Type.Optional(Type.String({ maxLength: 200, description }));

export const TopicListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  state: Csv('comma-separated: rising,active,cooling,cold'),
  riskLevel: Csv('comma-separated: I,II,III,IV'),
  alerted: Type.Optional(Type.Boolean()),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  sort: Type.Optional(StringEnum(['recent', 'size', 'alerts'] as const)),
});

const RegionCount = Type.Object({ regionId: Type.Integer(), name: Type.String(), count: Type.Integer() });
const VolumePoint = Type.Object({ at: Type.String(), count: Type.Integer(), urgent: Type.Integer() });

export const TopicSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  keywords: Type.Array(Type.String()),
  state: StringEnum(TOPIC_STATES),
  itemCount: Type.Integer(),
  urgentCount: Type.Integer(),
  sourceCount: Type.Integer(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  peakCount: Type.Integer(),
  peakBucketAt: Nullable(Type.String()),
  riskLevel: Nullable(StringEnum(RISK_LEVELS)),
  alertCount: Type.Integer(),
  firstAlertAt: Nullable(Type.String()),
  lastAlertAt: Nullable(Type.String()),
  firstResponseAt: Nullable(Type.String()),
  /** Minutes from the first alert (or first item) to the first public response. */
  timeToFirstResponseMinutes: Nullable(Type.Integer()),
  regionId: Type.Integer(),
  regions: Type.Array(RegionCount),
  abilities: Abilities,
});

const Why = Type.Object({
  count: Type.Integer(),
  expected: Type.Number(),
  growth: Type.Number(),
  surprise: Type.Number(),
  sources: Type.Object({
    distinct: Type.Integer(),
    top: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
  }),
  regions: Type.Object({
    distinct: Type.Integer(),
    top: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
  }),
  tone: Type.Optional(Type.Unknown()),
});

export const TopicAlert = Type.Object({
  id: Type.Integer(),
  topicId: Type.Integer(),
  kind: StringEnum(['topic', 'region'] as const),
  regionId: Type.Integer(),
  place: Nullable(Type.String()),
  firedAt: Type.String(),
  bucketAt: Type.String(),
  title: Type.String(),
  keywords: Type.Array(Type.String()),
  why: Why,
  acknowledgedAt: Nullable(Type.String()),
  acknowledgedByName: Nullable(Type.String()),
  abilities: Abilities,
});

export const AlertListQuery = Type.Object({
  ...PageQuery,
  unacknowledged: Type.Optional(Type.Boolean()),
});

export const TopicItem = Type.Object({
  id: Type.Integer(),
  sourceKind: StringEnum(['intake', 'feed', 'import'] as const),
  sourceLabel: Type.String(),
  occurredAt: Type.String(),
  title: Type.String(),
  text: Type.String(),
  url: Nullable(Type.String()),
  regionId: Type.Integer(),
  place: Nullable(Type.String()),
  intakeCaseId: Nullable(Type.Integer()),
  feedId: Nullable(Type.Integer()),
  duplicate: Type.Boolean(),
  urgency: Type.Integer(),
});

export const Assessment = Type.Object({
  id: Type.Integer(),
  riskLevel: StringEnum(RISK_LEVELS),
  summary: Type.String(),
  affectedRegionIds: Type.Array(Type.Integer()),
  affectedUnitIds: Type.Array(Type.Integer()),
  recommendedAction: Type.String(),
  assessedByName: Type.String(),
  createdAt: Type.String(),
});

export const TopicLink = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(LINK_KINDS),
  targetId: Type.Integer(),
  /** The notice's or case's title when the caller may see it. */
  title: Nullable(Type.String()),
  state: Nullable(Type.String()),
  createdByName: Type.String(),
  createdAt: Type.String(),
});

export const TopicResponse = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(RESPONSE_KINDS),
  channel: Type.String(),
  respondedAt: Type.String(),
  summary: Type.String(),
  url: Nullable(Type.String()),
  createdByName: Type.String(),
  createdAt: Type.String(),
});

export const TopicDetail = Type.Object({
  ...TopicSummary.properties,
  volumes: Type.Array(VolumePoint),
  sources: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), count: Type.Integer() })),
  alerts: Type.Array(TopicAlert),
  assessments: Type.Array(Assessment),
  links: Type.Array(TopicLink),
  responses: Type.Array(TopicResponse),
  bucketSeconds: Type.Integer(),
});

export const TopicItemsQuery = Type.Object({ ...PageQuery });

export const AssessBody = Type.Object({
  riskLevel: StringEnum(RISK_LEVELS),
  summary: Type.String({ minLength: 1, maxLength: 5000 }),
  affectedRegionIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 }),
  affectedUnitIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 }),
  recommendedAction: Type.String({ minLength: 1, maxLength: 5000 }),
});

export const LinkBody = Type.Object({
  kind: StringEnum(LINK_KINDS),
  targetId: Type.Integer({ minimum: 1 }),
});

export const ResponseBody = Type.Object({
  kind: StringEnum(RESPONSE_KINDS),
  channel: Type.String({ minLength: 1, maxLength: 100 }),
  respondedAt: Iso,
  summary: Type.String({ minLength: 1, maxLength: 5000 }),
  url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

const Num = (key: keyof typeof SETTING_LIMITS, integer: boolean) => {
  const [minimum, maximum] = SETTING_LIMITS[key];
  return integer ? Type.Integer({ minimum, maximum }) : Type.Number({ minimum, maximum });
};

export const TopicSettingsBody = Type.Object({
  bucketSeconds: Num('bucketSeconds', true),
  sensitivity: Num('sensitivity', false),
  minCount: Num('minCount', true),
  minGrowth: Num('minGrowth', false),
  warmupBuckets: Num('warmupBuckets', true),
  coolingShare: Num('coolingShare', false),
  coldBuckets: Num('coldBuckets', true),
  words: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5000 }),
});

export const TopicSettingsView = Type.Object({
  ...TopicSettingsBody.properties,
  itemsProcessed: Type.Integer(),
  pending: Type.Integer(),
  updatedAt: Type.String(),
  abilities: Abilities,
});

export const Board = Type.Object({
  bucketSeconds: Type.Integer(),
  counts: Type.Object({
    rising: Type.Integer(),
    active: Type.Integer(),
    cooling: Type.Integer(),
    openAlerts: Type.Integer(),
  }),
  rising: Type.Array(TopicSummary),
  series: Type.Array(
    Type.Object({ topicId: Type.Integer(), title: Type.String(), points: Type.Array(VolumePoint) }),
  ),
  terms: Type.Array(Type.Object({ term: Type.String(), weight: Type.Number() })),
  regions: Type.Array(
    Type.Object({
      regionId: Type.Integer(),
      parentId: Nullable(Type.Integer()),
      name: Type.String(),
      count: Type.Integer(),
    }),
  ),
  sources: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), count: Type.Integer() })),
  /** Median minutes from alert to first response over alerted topics of the window. */
  medianResponseMinutes: Nullable(Type.Number()),
  respondedTopics: Type.Integer(),
  alertedTopics: Type.Integer(),
  abilities: Abilities,
});

export const BoardQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) });

// ---- feeds ----
export const FeedBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  regionId: Type.Integer({ minimum: 1 }),
  intervalMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  enabled: Type.Boolean(),
});

export const Feed = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  regionId: Type.Integer(),
  enabled: Type.Boolean(),
  intervalMinutes: Type.Integer(),
  format: Nullable(Type.String()),
  lastStatus: Nullable(StringEnum(['ok', 'not_modified', 'error'] as const)),
  lastHttpStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastPolledAt: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.String()),
  lastItemCount: Nullable(Type.Integer()),
  itemsTotal: Type.Integer(),
  failures: Type.Integer(),
  nextPollAt: Nullable(Type.String()),
  createdAt: Type.String(),
  abilities: Abilities,
});

export const FeedListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(StringEnum(['ok', 'not_modified', 'error', 'never'] as const)),
});

export const PollResult = Type.Object({
  status: StringEnum(['ok', 'not_modified', 'error'] as const),
  httpStatus: Nullable(Type.Integer()),
  newItems: Type.Integer(),
  entries: Type.Integer(),
  error: Nullable(Type.String()),
});

// ---- import ----
export const ImportPreview = Type.Object({
  previewId: Type.String(),
  fileName: Type.String(),
  format: StringEnum(['csv', 'json', 'ndjson'] as const),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() })),
  sample: Type.Array(
    Type.Object({
      row: Type.Integer(),
      title: Type.String(),
      time: Nullable(Type.String()),
      source: Nullable(Type.String()),
      region: Nullable(Type.String()),
    }),
  ),
  expiresAt: Type.String(),
});

export const ImportResult = Type.Object({ imported: Type.Integer(), duplicates: Type.Integer() });

// ---- risk assessments ----
export const RiskCheck = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64 }),
  result: StringEnum(CHECK_RESULTS),
  note: Type.String({ maxLength: 2000 }),
});

export const RiskAssessmentBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  decisionRef: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  decisionDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  regionId: Type.Integer({ minimum: 1 }),
  checklist: Type.Array(RiskCheck, { minItems: 1, maxItems: 50 }),
  overallRisk: StringEnum(OVERALL_RISKS),
  conclusion: Type.String({ minLength: 1, maxLength: 10_000 }),
  measures: Type.String({ maxLength: 10_000 }),
  topicId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
});

export const RiskAssessment = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  decisionRef: Nullable(Type.String()),
  decisionDate: Nullable(Type.String()),
  regionId: Type.Integer(),
  checklist: Type.Array(RiskCheck),
  overallRisk: StringEnum(OVERALL_RISKS),
  conclusion: Type.String(),
  measures: Type.String(),
  topicId: Nullable(Type.Integer()),
  createdByName: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  abilities: Abilities,
});

export const RiskListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  overallRisk: Type.Optional(StringEnum(OVERALL_RISKS)),
});

export const RiskChecklistTemplate = Type.Array(
  Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() }),
);
