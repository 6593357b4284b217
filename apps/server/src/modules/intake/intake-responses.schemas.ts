import { INTAKE_ACTIONS } from '@shouwang/common/intake/intake';
import { Type } from 'typebox';
import { Nullable, StringEnum } from '../../platform/http/schemas.ts';

/** Response shapes of the staff side, so the web client's types are generated (and serialisation is fast). */
const S = Type.String();
const NS = Nullable(Type.String());
const I = Type.Integer();
const NI = Nullable(Type.Integer());
const B = Type.Boolean();
const Rate = Nullable(Type.Number());

const Suggestion = Nullable(Type.Object({ unitId: I, unitName: S, ruleId: I }));

const caseFields = {
  id: I,
  kind: S,
  channel: S,
  state: S,
  category: NS,
  /** The report category's name in the caller's language (an office-defined one's too, even deactivated). */
  categoryName: NS,
  messageType: NS,
  topic: NS,
  regionId: I,
  regionName: S,
  unitId: NI,
  unitName: NS,
  title: S,
  contactName: NS,
  contactPhone: NS,
  publishable: B,
  groupId: NI,
  signDueAt: NS,
  handleDueAt: NS,
  deadlineProvisional: B,
  dispatchCount: I,
  reassignCount: I,
  returnCount: I,
  rehandleCount: I,
  extensionCount: I,
  overdue: B,
  supervisionLevel: I,
  extensionDueAt: NS,
  mergedInto: NI,
  noticeId: NI,
  followedUpAt: NS,
  publishedAt: NS,
  dispatchedAt: NS,
  signedAt: NS,
  repliedAt: NS,
  rating: NS,
  createdAt: S,
  updatedAt: S,
  version: I,
  abilities: Type.Object({ viewContact: B, actions: Type.Array(StringEnum(INTAKE_ACTIONS)) }),
  suggestion: Suggestion,
};

export const CaseSummary = Type.Object(caseFields, { $id: 'IntakeCaseSummary' });

export const CaseList = Type.Object({
  items: Type.Array(CaseSummary),
  total: I,
  page: I,
  pageSize: I,
});

export const CaseDetail = Type.Object(
  {
    ...caseFields,
    content: S,
    urls: Type.Array(S),
    targetApp: NS,
    reply: NS,
    replyDraft: NS,
    extensionReason: NS,
    followUpNote: NS,
    forwardTarget: NS,
    forwardTo: NS,
    forwardOutcome: NS,
    transferredTo: NS,
    ratingComment: NS,
    events: Type.Array(
      Type.Object({
        at: S,
        actorName: S,
        action: S,
        fromState: NS,
        toState: NS,
        data: Nullable(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
    related: Type.Array(
      Type.Object({ caseId: I, reason: S, score: I, direction: StringEnum(['to', 'from'] as const) }),
    ),
  },
  { $id: 'IntakeCaseDetail' },
);

const ageBuckets = { d0_3: I, d4_7: I, d8_15: I, d16_30: I, d31_plus: I };
const kpiFields = {
  dispatched: I,
  signed: I,
  signedOnTime: I,
  undecidedSigning: I,
  reassigned: I,
  returned: I,
  rehandled: I,
  completed: I,
  completedOnTime: I,
  openOverdue: I,
  followedUp: I,
  completedAnonymous: I,
  followedUpAnonymous: I,
  satisfied: I,
  basicallySatisfied: I,
  dissatisfied: I,
  ratings: I,
  onTimeSigningRate: Rate,
  onTimeCompletionRate: Rate,
  followUpRate: Rate,
  satisfactionRate: Rate,
  reassignRate: Rate,
  returnRate: Rate,
};

export const IntakeDashboard = Type.Object(
  {
    from: S,
    to: S,
    backlog: Type.Object({
      total: I,
      overdue: I,
      supervised: I,
      units: I,
      byAge: Type.Object(ageBuckets),
      byUnit: Type.Array(
        Type.Object({
          unitId: I,
          unitName: S,
          total: I,
          overdue: I,
          supervised: I,
          ...ageBuckets,
          oldestDispatchedAt: NS,
        }),
      ),
    }),
    kpis: Type.Object(kpiFields),
    kpisByUnit: Type.Array(Type.Object({ unitId: I, unitName: S, ...kpiFields })),
  },
  { $id: 'IntakeDashboard' },
);

export const RoutingRuleList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: I,
      officeRegionPath: S,
      position: I,
      regionId: NI,
      regionPath: NS,
      regionName: NS,
      kind: NS,
      category: NS,
      messageType: NS,
      topic: NS,
      unitId: I,
      unitName: S,
      active: B,
      abilities: Type.Object({ update: B, reorder: B }),
    }),
  ),
  abilities: Type.Object({ create: B }),
});

const Durations = { enquiry: S, help: S, suggestion: S, complaint: S, report: S };
export const WorkflowSettings = Type.Object(
  {
    regionId: I,
    /** The region whose stored settings apply; null for the shipped defaults. */
    inheritedFromRegionId: NI,
    signDeadline: S,
    handleDeadlines: Type.Object(Durations),
    maxExtension: S,
    requireLeaderApproval: B,
    abilities: Type.Object({ update: B }),
  },
  { $id: 'IntakeWorkflowSettings' },
);

export const PublicFormSettings = Type.Object({
  contact: Type.Object({ nameRequired: B, phoneRequired: B }),
  uploads: Type.Object({ maxFiles: I, maxFileBytes: I, maxTotalBytes: I }),
  /** The report categories the form offers (shipped and the office's own), named in the caller's language. */
  categories: Type.Array(Type.Object({ code: S, name: S })),
  abilities: Type.Object({ update: B }),
});

export const EvidenceFileList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: I,
      /** The name the citizen's device gave the file (cleaned). */
      name: S,
      /** The type as stored and served (images are re-encoded, so a GIF is kept as PNG). */
      mediaType: S,
      /** What the bytes were when they arrived (jpeg, png, gif, webp, avif, heic, pdf); null for old files. */
      sniffedType: NS,
      size: I,
      originalSize: I,
      width: NI,
      height: NI,
      createdAt: S,
      url: S,
    }),
  ),
});

export const BulkDispatchResult = Type.Object({
  results: Type.Array(Type.Object({ id: I, ok: B, unitId: Type.Optional(I), error: Type.Optional(S) })),
});

export const ContactView = Type.Object({ contactName: NS, contactPhone: NS });
