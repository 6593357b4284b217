import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../../platform/http/schemas.ts';
import type { SourceKind } from '../event-schema.ts';

export const SOURCE_KINDS = [
  'syslog',
  'suricata_eve',
  'wazuh_alerts',
  'windows_json',
  'access_log',
  'ndjson',
] as const satisfies readonly SourceKind[];

export const SOURCE_TRANSPORTS = ['syslog_udp', 'syslog_tcp', 'syslog_tls', 'http', 'file'] as const;
export type SourceTransport = (typeof SOURCE_TRANSPORTS)[number];

export const SourceIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const sourceInput = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: StringEnum(SOURCE_KINDS),
  unitId: Type.Integer({ minimum: 1 }),
  assetId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  transport: StringEnum(SOURCE_TRANSPORTS),
  /** Syslog transports: the addresses or CIDR networks allowed to send for this source. */
  allowedSenders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  filePath: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1000 }))),
  enabled: Type.Optional(Type.Boolean()),
};

export const CreateSourceBody = Type.Object(sourceInput, { additionalProperties: false });
export const UpdateSourceBody = Type.Partial(Type.Object(sourceInput), { additionalProperties: false });

export const SourceListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(StringEnum(SOURCE_KINDS)),
  transport: Type.Optional(StringEnum(SOURCE_TRANSPORTS)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  enabled: Type.Optional(Type.Boolean()),
});

const Counts = Type.Object({
  received: Type.Integer(),
  parsed: Type.Integer(),
  failed: Type.Integer(),
  dropped: Type.Integer(),
});

export const SourceView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: StringEnum(SOURCE_KINDS),
  unitId: Type.Integer(),
  unitName: Type.String(),
  assetId: Nullable(Type.Integer()),
  assetName: Nullable(Type.String()),
  transport: StringEnum(SOURCE_TRANSPORTS),
  allowedSenders: Type.Array(Type.String()),
  timezone: Type.String(),
  filePath: Nullable(Type.String()),
  /** The shown start of the bound API token (HTTP sources); the secret is shown once, at creation. */
  tokenPrefix: Nullable(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** The last 60 minutes. */
  lastHour: Counts,
  /** The current minute. */
  thisMinute: Counts,
  /** Per minute over the last 60 minutes, oldest first (for sparklines). */
  series: Type.Array(
    Type.Object({
      minute: Type.String(),
      received: Type.Integer(),
      failed: Type.Integer(),
      dropped: Type.Integer(),
    }),
  ),
  lastEventAt: Nullable(Type.String()),
  abilities: Abilities,
});

export const SourceWithSecret = Type.Object({
  source: SourceView,
  /** The API token for HTTP sources, returned once. */
  token: Nullable(Type.String()),
});

export const UnregisteredList = Type.Object({
  items: Type.Array(
    Type.Object({
      address: Type.String(),
      transport: Type.String(),
      events: Type.Integer(),
      firstSeenAt: Type.String(),
      lastSeenAt: Type.String(),
      sample: Nullable(Type.String()),
    }),
  ),
});
