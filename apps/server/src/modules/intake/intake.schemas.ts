import { SEVERITIES } from '@shouwang/common';
import {
  FORWARD_TARGETS,
  INTAKE_ACTIONS,
  INTAKE_CHANNELS,
  INTAKE_KINDS,
  MESSAGE_TYPES,
  RATINGS,
} from '@shouwang/common/intake/intake';
import { Type } from 'typebox';
import { PageQuery, StringEnum } from '../../platform/http/schemas.ts';

/** Every public field is bounded: a submission is at most a few kilobytes. */
const Contact = {
  contactName: Type.Optional(Type.String({ maxLength: 50 })),
  contactPhone: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9+ -]*$' })),
};

export const ReportBody = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 64 }),
    urls: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 10 })),
    targetApp: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    regionId: Type.Optional(Type.Integer({ minimum: 1 })),
    ...Contact,
  },
  { additionalProperties: false },
);

export const MessageBody = Type.Object(
  {
    type: StringEnum(MESSAGE_TYPES),
    topic: Type.String({ minLength: 1, maxLength: 100 }),
    regionId: Type.Integer({ minimum: 1 }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    content: Type.String({ minLength: 1, maxLength: 5000 }),
    ...Contact,
    publishable: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Submitted = Type.Object({
  queryCode: Type.String(),
  /** Four digits to give with the code when no phone number was left. */
  pin: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CodeParams = Type.Object({ queryCode: Type.String({ maxLength: 32 }) });
/** The second factor of a lookup: the header (kept out of URLs and their logs), or the older query parameter. */
export const LookupQuery = Type.Object({ phoneLast4: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })) });
export const LookupHeaders = Type.Object({
  'x-phone-last4': Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
});
export const RatingBody = Type.Object(
  {
    phoneLast4: Type.String({ pattern: '^[0-9]{4}$' }),
    rating: StringEnum(RATINGS),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CaseListQuery = Type.Object({
  ...PageQuery,
  channel: Type.Optional(StringEnum(INTAKE_CHANNELS)),
  kind: Type.Optional(StringEnum(INTAKE_KINDS)),
  status: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const DispatchBody = Type.Object(
  { unitId: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const ReassignBody = Type.Object(
  { unitId: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: StringEnum(INTAKE_ACTIONS),
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    reply: Type.Optional(Type.String({ maxLength: 10000 })),
    publish: Type.Optional(Type.Boolean()),
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    extensionDueAt: Type.Optional(Type.String({ maxLength: 40 })),
    forwardTarget: Type.Optional(StringEnum(FORWARD_TARGETS)),
    forwardTo: Type.Optional(Type.String({ maxLength: 200 })),
    outcome: Type.Optional(Type.String({ maxLength: 5000 })),
    intoCaseId: Type.Optional(Type.Integer({ minimum: 1 })),
    transferTo: Type.Optional(Type.String({ maxLength: 200 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    rating: Type.Optional(StringEnum(RATINGS)),
    severity: Type.Optional(StringEnum(SEVERITIES)),
  },
  { additionalProperties: false },
);

export const BulkDispatchBody = Type.Object(
  {
    ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }),
    /** Omitted: each case goes to its routing suggestion. */
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const nullableText = (max: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
export const RoutingRuleBody = Type.Object(
  {
    regionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    kind: Type.Optional(Type.Union([StringEnum(INTAKE_KINDS), Type.Null()])),
    category: nullableText(64),
    messageType: Type.Optional(Type.Union([StringEnum(MESSAGE_TYPES), Type.Null()])),
    topic: nullableText(100),
    unitId: Type.Integer({ minimum: 1 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RoutingOrderBody = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }) },
  { additionalProperties: false },
);

const Duration = Type.String({ minLength: 2, maxLength: 10 });
export const WorkflowSettingsBody = Type.Object(
  {
    signDeadline: Duration,
    handleDeadlines: Type.Object(
      { enquiry: Duration, help: Duration, suggestion: Duration, complaint: Duration, report: Duration },
      { additionalProperties: false },
    ),
    maxExtension: Duration,
    requireLeaderApproval: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const PublicFormBody = Type.Object(
  {
    contact: Type.Object(
      { nameRequired: Type.Boolean(), phoneRequired: Type.Boolean() },
      { additionalProperties: false },
    ),
    // The same bounds the stored value is read with (parseUploadLimits).
    uploads: Type.Object(
      {
        maxFiles: Type.Integer({ minimum: 0, maximum: 20 }),
        maxFileBytes: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024 }),
        maxTotalBytes: Type.Integer({ minimum: 1024, maximum: 200 * 1024 * 1024 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const RegionQuery = Type.Object({ regionId: Type.Optional(Type.Integer({ minimum: 1 })) });
