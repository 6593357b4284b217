import { SEVERITIES } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { FINDING_TYPES } from './check-types.ts';
import { MAX_INTERVAL_SECONDS, MAX_PAGES, MIN_INTERVAL_SECONDS, MONITOR_CHECKS } from './monitor-config.ts';

export const MONITOR_STATUSES = ['up', 'down', 'degraded', 'unknown', 'maintenance'] as const;

export const MonitorIdParams = Type.Object({ monitorId: Type.Integer({ minimum: 1 }) });
export const AssetIdParams = Type.Object({ assetId: Type.Integer({ minimum: 1 }) });

const Window = Type.Union([
  Type.Object(
    { start: Type.String({ maxLength: 40 }), end: Type.String({ maxLength: 40 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
      from: Type.String({ maxLength: 5 }),
      to: Type.String({ maxLength: 5 }),
    },
    { additionalProperties: false },
  ),
]);

const Interval = Type.Integer({ minimum: MIN_INTERVAL_SECONDS, maximum: MAX_INTERVAL_SECONDS });
const Checks = Type.Array(StringEnum(MONITOR_CHECKS), { maxItems: MONITOR_CHECKS.length });

export const ConfigureBody = Type.Object(
  {
    enabled: Type.Boolean(),
    intervalSeconds: Type.Optional(Interval),
    /** Watched pages, homepage first; empty or absent: the asset's first URL. */
    pages: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: MAX_PAGES })),
    crawlDepth: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
    checks: Type.Optional(Checks),
    maintenance: Type.Optional(Type.Array(Window, { maxItems: 20 })),
    tlsProbeHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);

export const BulkBody = Type.Object(
  {
    assetIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 }),
    enabled: Type.Boolean(),
    intervalSeconds: Type.Optional(Interval),
    checks: Type.Optional(Checks),
  },
  { additionalProperties: false },
);

export const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      assetId: Type.Integer(),
      ok: Type.Boolean(),
      monitorId: Type.Optional(Type.Integer()),
      code: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
    }),
  ),
});

export const SiteListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(StringEnum(MONITOR_STATUSES)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
});

const siteFields = {
  monitorId: Type.Integer(),
  assetId: Type.Integer(),
  assetName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  url: Type.String(),
  enabled: Type.Boolean(),
  status: StringEnum(MONITOR_STATUSES),
  lastLatencyMs: Nullable(Type.Integer()),
  lastRunAt: Nullable(Type.String()),
  /** Share of successful checks (0..1); null before the first check. */
  uptime24h: Nullable(Type.Number()),
  uptime7d: Nullable(Type.Number()),
  intervalSeconds: Type.Integer(),
  abilities: Abilities,
};

export const SiteSummary = Type.Object(
  { ...siteFields, openFindings: Type.Integer() },
  { $id: 'MonitoringSite' },
);

export const StatusWall = Type.Object({
  total: Type.Integer(),
  up: Type.Integer(),
  down: Type.Integer(),
  degraded: Type.Integer(),
  maintenance: Type.Integer(),
  unknown: Type.Integer(),
  byUnit: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      unitName: Type.String(),
      total: Type.Integer(),
      down: Type.Integer(),
      openFindings: Type.Integer(),
    }),
  ),
});

export const Outage = Type.Object({
  id: Type.Integer(),
  pageUrl: Type.String(),
  isHomepage: Type.Boolean(),
  kind: StringEnum(['down', 'defaced'] as const),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  confirmedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  /** Up to now while the outage is open. */
  durationSeconds: Type.Integer(),
  detail: Nullable(Type.String()),
});

/** A page's latest render in headless Chromium (the optional rendering pass). */
export const RenderView = Type.Object(
  {
    renderId: Type.Integer(),
    pageUrl: Type.String(),
    isHomepage: Type.Boolean(),
    /** What made the static pass ask for it: hidden_links, cloaking, hidden_keywords, defacement, opaque_script. */
    reasons: Type.Array(Type.String()),
    outcome: StringEnum(['ok', 'timeout', 'failed'] as const),
    error: Nullable(Type.String()),
    renderedAt: Type.String(),
    durationMs: Type.Integer(),
    /** GET /api/v1/monitoring/renders/{renderId}/screenshot when present. */
    screenshot: Nullable(
      Type.Object({ width: Type.Integer(), height: Type.Integer(), bytes: Type.Integer() }),
    ),
    finalUrl: Nullable(Type.String()),
    visibleLinks: Type.Integer(),
    /** Hidden links the hidden-link rule calls suspicious; `hiddenLinks` lists the first 50. */
    hiddenCount: Type.Integer(),
    /** Of those, seen only in the browser (written by scripts the static pass could not read). */
    scriptOnly: Type.Integer(),
    hiddenLinks: Type.Array(
      Type.Object({
        kind: StringEnum(['link', 'iframe'] as const),
        href: Type.String(),
        text: Type.String(),
        /** How the browser hides it: display_none, visibility_hidden, opacity_zero, zero_size, offscreen … */
        reasons: Type.Array(Type.String()),
        suspicion: StringEnum(['outbound', 'keyword', 'outbound_and_keyword'] as const),
        /** The static pass reported it too. */
        staticAlso: Type.Boolean(),
        /** The iframe document the link is in (same-origin frames are read too); absent for the page's own. */
        frameUrl: Type.Optional(Type.String()),
      }),
    ),
    /** Static hidden-link findings the browser does not confirm. */
    notConfirmed: Type.Array(
      Type.Object({ href: Type.String(), rendered: StringEnum(['visible', 'absent'] as const) }),
    ),
    /** Requests of the page the monitor refused (forbidden addresses, other schemes, POSTs). */
    blocked: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() })),
    blockedCount: Type.Integer(),
  },
  { $id: 'MonitoringRender' },
);

export const RenderIdParams = Type.Object({ renderId: Type.Integer({ minimum: 1 }) });

export const RenderingStatus = Type.Object({
  /** A Chromium is configured (SHOUWANG_MONITOR_CHROMIUM) in this process. */
  enabled: Type.Boolean(),
  /** Chromium runs with its sandbox (off when the server runs as root). */
  sandbox: Type.Boolean(),
  chromiumVersion: Nullable(Type.String()),
  concurrency: Type.Integer(),
  timeoutSeconds: Type.Integer(),
  /** A suspicious page is rendered again after this long (sooner when what made it suspicious changed). */
  intervalMinutes: Type.Integer(),
});

export const SiteDetail = Type.Object(
  {
    ...siteFields,
    pages: Type.Array(Type.String()),
    checks: Type.Array(StringEnum(MONITOR_CHECKS)),
    crawlDepth: Type.Integer(),
    maintenance: Type.Array(Window),
    tlsProbeHours: Type.Integer(),
    nextRunAt: Nullable(Type.String()),
    lastStatusCode: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    openFindingsCount: Type.Integer(),
    outages: Type.Array(Outage),
    baselines: Type.Array(
      Type.Object({
        pageUrl: Type.String(),
        acceptedAt: Type.String(),
        acceptedBy: Nullable(Type.Integer()),
        acceptedByName: Type.String(),
        hasPendingChange: Type.Boolean(),
        pendingSince: Nullable(Type.String()),
      }),
    ),
    openFindings: Type.Array(
      Type.Object({
        findingId: Type.Integer(),
        type: StringEnum(FINDING_TYPES),
        severity: StringEnum(SEVERITIES),
        title: Type.String(),
        firstSeenAt: Type.String(),
        lastSeenAt: Type.String(),
        pageUrl: Nullable(Type.String()),
        isHomepage: Type.Boolean(),
        noticeId: Nullable(Type.Integer()),
      }),
    ),
    /** The latest render of each rendered page. */
    renders: Type.Array(RenderView),
  },
  { $id: 'MonitoringSiteDetail' },
);

export const RunsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const RunSeries = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      ok: Type.Boolean(),
      statusCode: Nullable(Type.Integer()),
      latencyMs: Nullable(Type.Integer()),
      findingsCount: Type.Integer(),
      errorKind: Nullable(Type.String()),
      trigger: Type.String(),
    }),
  ),
  /** Hourly uptime and mean latency, for ranges longer than the run history keeps. */
  hourly: Type.Array(
    Type.Object({
      hour: Type.String(),
      checks: Type.Integer(),
      up: Type.Integer(),
      avgLatencyMs: Nullable(Type.Integer()),
    }),
  ),
});

export const PageUrlQuery = Type.Object({ pageUrl: Type.String({ minLength: 1, maxLength: 2000 }) });
export const PageUrlBody = Type.Object(
  { pageUrl: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

const SnapshotView = Type.Object({
  title: Type.String(),
  visibleText: Type.String(),
  scripts: Type.Array(Type.String()),
  iframes: Type.Array(Type.String()),
  outboundDomains: Type.Array(Type.String()),
});

export const BaselineDiff = Type.Object({
  pageUrl: Type.String(),
  acceptedAt: Type.String(),
  acceptedByName: Type.String(),
  pendingSince: Nullable(Type.String()),
  baseline: SnapshotView,
  current: Nullable(SnapshotView),
  diff: Type.Object({
    added: Type.Array(Type.String()),
    removed: Type.Array(Type.String()),
    text: Type.String(),
  }),
  reasons: Type.Array(Type.String()),
  score: Nullable(Type.Number()),
  newScripts: Type.Array(Type.String()),
  newIframes: Type.Array(Type.String()),
  newDomains: Type.Array(Type.String()),
});

export const RunNowResult = Type.Object({
  monitorId: Type.Integer(),
  runId: Nullable(Type.Integer()),
  skipped: Nullable(Type.String()),
  status: StringEnum(MONITOR_STATUSES),
  findings: Type.Array(
    Type.Object({
      type: StringEnum(FINDING_TYPES),
      severity: StringEnum(SEVERITIES),
      title: Type.String(),
      pageUrl: Type.String(),
      isHomepage: Type.Boolean(),
    }),
  ),
});

const SeverityPairSchema = Type.Object(
  { homepage: StringEnum(SEVERITIES), other: StringEnum(SEVERITIES) },
  { additionalProperties: false },
);
const SeverityTypes = Type.Object(
  Object.fromEntries(FINDING_TYPES.map((t) => [t, SeverityPairSchema])) as Record<
    (typeof FINDING_TYPES)[number],
    typeof SeverityPairSchema
  >,
  { additionalProperties: false },
);
const severityPolicyFields = {
  /** Per finding type: the severity on the homepage and on other pages. */
  types: SeverityTypes,
  /** A certificate expiring within a day. */
  tlsExpiringLastDay: StringEnum(SEVERITIES),
};

export const SeverityPolicyQuery = Type.Object({ regionId: Type.Optional(Type.Integer({ minimum: 1 })) });

export const SeverityPolicyBody = Type.Object(
  {
    types: Type.Optional(Type.Partial(SeverityTypes)),
    tlsExpiringLastDay: Type.Optional(StringEnum(SEVERITIES)),
    regionId: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Drop this region's own policy: the parent region's (or the shipped defaults) apply again. */
    inherit: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SeverityPolicyResponse = Type.Object({
  ...severityPolicyFields,
  regionId: Type.Integer(),
  /** The region whose stored policy applies (this one or an ancestor); null for the shipped defaults. */
  inheritedFrom: Nullable(Type.Integer()),
  defaults: Type.Object(severityPolicyFields),
  abilities: Abilities,
});
