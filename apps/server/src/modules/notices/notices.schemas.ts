import { NOTICE_ACTIONS, NOTICE_STATES, SEVERITIES, TLP_MARKINGS } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Instant = Type.String({ format: 'date-time' });
/** A comma-separated list in a query string ("state=issued,signed"). */
const CsvList = (pattern: string) => Type.String({ pattern: `^(${pattern})(,(${pattern}))*$` });

export const NoticeActionSchema = StringEnum(NOTICE_ACTIONS);
const StateSchema = StringEnum(NOTICE_STATES);

const summaryFields = {
  id: Type.Integer(),
  docNumber: Nullable(Type.String()),
  title: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  regionName: Type.String(),
  assetId: Nullable(Type.Integer()),
  assetName: Nullable(Type.String()),
  category: Type.String(),
  severity: StringEnum(SEVERITIES),
  tlp: StringEnum(TLP_MARKINGS),
  state: StateSchema,
  source: Type.String(),
  signDueAt: Nullable(Type.String()),
  rectifyDueAt: Nullable(Type.String()),
  deadlineProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  supervisionLevel: Type.Integer({ minimum: 0, maximum: 3 }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  issuedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  allowedActions: Type.Array(NoticeActionSchema),
};

export const NoticeSummary = Type.Object(summaryFields, { $id: 'NoticeSummary' });

export const NoticeFinding = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  detector: Type.String(),
  title: Type.String(),
  severity: StringEnum(SEVERITIES),
  status: Type.String(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  pageUrl: Nullable(Type.String()),
  isHomepage: Type.Boolean(),
});

export const ATTACHMENT_KINDS = ['evidence', 'rectification_report', 'other'] as const;

export const NoticeAttachment = Type.Object(
  {
    id: Type.Integer(),
    kind: StringEnum(ATTACHMENT_KINDS),
    fileName: Type.String(),
    contentType: Type.String(),
    sizeBytes: Type.Integer(),
    uploadedByName: Type.String(),
    createdAt: Type.String(),
    eventId: Nullable(Type.Integer()),
  },
  { $id: 'NoticeAttachment' },
);

export const NoticeEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.String(),
  actorRole: Nullable(Type.String()),
  action: Type.String(),
  fromState: Nullable(StateSchema),
  toState: Nullable(StateSchema),
  reason: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const NoticeDetail = Type.Object(
  {
    ...summaryFields,
    description: Type.String(),
    requiredActions: Type.String(),
    requiresLeaderApproval: Type.Boolean(),
    deadlineReason: Nullable(Type.String()),
    returnCount: Type.Integer(),
    reopenCount: Type.Integer(),
    createdBy: Type.Object({ id: Type.Integer(), name: Type.String() }),
    signedAt: Nullable(Type.String()),
    reportedAt: Nullable(Type.String()),
    version: Type.Integer(),
    officeRegionId: Type.Integer(),
    findings: Type.Array(NoticeFinding),
    attachments: Type.Array(NoticeAttachment),
    timeline: Type.Array(NoticeEvent),
    abilities: Abilities,
  },
  { $id: 'NoticeDetail' },
);

const noticeInputFields = {
  unitId: Type.Integer({ minimum: 1 }),
  assetId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  category: Text(64),
  severity: StringEnum(SEVERITIES),
  title: Text(300),
  description: Text(20_000),
  requiredActions: Text(20_000),
  tlp: Type.Optional(StringEnum(TLP_MARKINGS)),
  requiresLeaderApproval: Type.Optional(Type.Boolean()),
};

export const NoticeCreate = Type.Object(
  {
    ...noticeInputFields,
    findingIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const NoticeUpdate = Type.Object(
  { ...noticeInputFields, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const NoticeTransitionBody = Type.Object(
  {
    action: NoticeActionSchema,
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    rectifyDueAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

export const NoticeDeadlineBody = Type.Object(
  {
    signDueAt: Type.Optional(Instant),
    rectifyDueAt: Type.Optional(Instant),
    reason: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const NoticeBulkBody = Type.Object(
  {
    ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
    action: NoticeActionSchema,
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const NoticeBulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ok: Type.Boolean(),
      code: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
    }),
  ),
});

export const NoticeFilterQuery = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  state: Type.Optional(CsvList(NOTICE_STATES.join('|'))),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  severity: Type.Optional(CsvList(SEVERITIES.join('|'))),
  overdue: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('finding')])),
  tlp: Type.Optional(StringEnum(TLP_MARKINGS)),
  createdFrom: Type.Optional(Instant),
  createdTo: Type.Optional(Instant),
  dueBefore: Type.Optional(Instant),
};

export const NoticeListQuery = Type.Object({
  ...PageQuery,
  ...NoticeFilterQuery,
  sort: Type.Optional(
    Type.Union([
      Type.Literal('createdAt'),
      Type.Literal('rectifyDueAt'),
      Type.Literal('severity'),
      Type.Literal('updatedAt'),
      Type.Literal('docNumber'),
    ]),
  ),
});

const Duration = Type.String({ pattern: '^\\s*[0-9]+\\s*(wd|d|wh|WD|D|WH)\\s*$' });
const SeverityDeadlines = Type.Object({ sign: Duration, rectify: Duration }, { additionalProperties: false });
const SeverityList = Type.Array(StringEnum(SEVERITIES), { maxItems: 4, uniqueItems: true });

const policyFields = {
  deadlines: Type.Object(
    { I: SeverityDeadlines, II: SeverityDeadlines, III: SeverityDeadlines, IV: SeverityDeadlines },
    { additionalProperties: false },
  ),
  requireLeaderApproval: Type.Boolean(),
  docNumberPrefix: Type.String({ maxLength: 20 }),
  officeShortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  autoRaise: Type.Optional(
    Type.Object({ issueHomepage: SeverityList, draft: SeverityList }, { additionalProperties: false }),
  ),
};

export const NoticePolicyBody = Type.Object(
  { ...policyFields, regionId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const NoticePolicyResponse = Type.Object({
  ...policyFields,
  officeShortName: Nullable(Type.String()),
  autoRaise: Type.Object({ issueHomepage: SeverityList, draft: SeverityList }),
  regionId: Type.Integer(),
  /** The region whose stored policy applies (this one or an ancestor); null for the shipped defaults. */
  inheritedFrom: Nullable(Type.Integer()),
  abilities: Abilities,
});

export const NoticePolicyQuery = Type.Object({ regionId: Type.Optional(Type.Integer({ minimum: 1 })) });

export const AttachmentParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  attachmentId: Type.Integer({ minimum: 1 }),
});
