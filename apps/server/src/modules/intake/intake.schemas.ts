import { INTAKE_CHANNELS, INTAKE_KINDS, MESSAGE_TYPES, RATINGS } from '@shouwang/common/intake/intake';
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
export const LookupQuery = Type.Object({ phoneLast4: Type.String({ pattern: '^[0-9]{4}$' }) });
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
