import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../../platform/http/schemas.ts';
import { SIGMA_LEVELS } from './events-settings.ts';

export const RULE_STATUSES = ['loaded', 'partial', 'unsupported'] as const;
export const RULE_ORIGINS = ['starter', 'import', 'ui'] as const;

const Problem = Type.Object({
  source: Type.String(),
  id: Nullable(Type.String()),
  title: Nullable(Type.String()),
  reason: Type.String(),
});

const ruleFields = {
  id: Type.Integer(),
  ruleKey: Type.String(),
  title: Type.String(),
  level: Nullable(Type.String()),
  origin: StringEnum(RULE_ORIGINS),
  fileName: Nullable(Type.String()),
  enabled: Type.Boolean(),
  status: StringEnum(RULE_STATUSES),
  problems: Type.Array(Problem),
  ruleCount: Type.Integer(),
  correlationCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  abilities: Abilities,
};

export const RuleSummary = Type.Object(ruleFields);
export const RuleDetail = Type.Object({ ...ruleFields, yaml: Type.String() });

export const RuleListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(StringEnum(RULE_STATUSES)),
  origin: Type.Optional(StringEnum(RULE_ORIGINS)),
  enabled: Type.Optional(Type.Boolean()),
});

export const RuleCounts = Type.Object({
  total: Type.Integer(),
  enabled: Type.Integer(),
  loaded: Type.Integer(),
  partial: Type.Integer(),
  unsupported: Type.Integer(),
});

const Yaml = Type.String({ minLength: 1, maxLength: 256 * 1024 });

export const CreateRuleBody = Type.Object(
  { yaml: Yaml, enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const UpdateRuleBody = Type.Object(
  {
    yaml: Type.Optional(Yaml),
    enabled: Type.Optional(Type.Boolean()),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({
  files: Type.Array(
    Type.Object({
      fileName: Type.String(),
      outcome: StringEnum(['created', 'updated', 'unchanged', 'rejected'] as const),
      ruleId: Nullable(Type.Integer()),
      ruleKey: Nullable(Type.String()),
      status: Nullable(StringEnum(RULE_STATUSES)),
      problems: Type.Array(Problem),
    }),
  ),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  unsupported: Type.Integer(),
});

export const RuleTestBody = Type.Object(
  {
    ruleId: Type.Optional(Type.Integer({ minimum: 1 })),
    yaml: Type.Optional(Yaml),
    event: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

export const RuleTestResult = Type.Object({
  rulesTested: Type.Integer(),
  matches: Type.Array(
    Type.Object({
      ruleKey: Type.String(),
      title: Type.String(),
      level: Nullable(Type.String()),
      matchedFields: Type.Record(Type.String(), Type.String()),
    }),
  ),
  correlations: Type.Array(
    Type.Object({
      ruleKey: Type.String(),
      title: Type.String(),
      level: Nullable(Type.String()),
      group: Type.Record(Type.String(), Type.String()),
    }),
  ),
  unsupported: Type.Array(Problem),
});

const StringLists = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 500 }), { maxItems: 200 }),
);

export const EventsSettingsBody = Type.Object(
  {
    fieldMappings: StringLists,
    placeholders: StringLists,
    alertWindowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    findingMinLevel: StringEnum(SIGMA_LEVELS.slice(1) as ['low', 'medium', 'high', 'critical']),
  },
  { additionalProperties: false },
);
export const EventsSettingsResult = Type.Object({
  fieldMappings: StringLists,
  placeholders: StringLists,
  alertWindowMinutes: Type.Integer(),
  findingMinLevel: Type.String(),
  abilities: Abilities,
});
