import { NOTIFICATION_TOPICS } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { CHANNEL_KINDS } from './channels/channel-config.ts';

export const InboxMessage = Type.Object(
  {
    id: Type.Integer(),
    topic: Type.String(),
    title: Type.String(),
    body: Type.String(),
    link: Nullable(Type.String()),
    noticeId: Nullable(Type.Integer()),
    readAt: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { $id: 'InboxMessage' },
);

export const InboxQuery = Type.Object({ ...PageQuery, unread: Type.Optional(Type.Boolean()) });

export const Count = Type.Object({ count: Type.Integer() });

export const Delivery = Type.Object(
  {
    id: Type.Integer(),
    topic: Type.String(),
    channel: Type.String(),
    recipient: Type.String(),
    status: StringEnum(['queued', 'retrying', 'sent', 'failed'] as const),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Nullable(Type.String()),
    sentAt: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { $id: 'NotificationDelivery' },
);

/** Channel settings as responses show them: url and secrets masked (write-only). */
export const ChannelConfigOut = Type.Object({
  url: Nullable(Type.String()),
  secret: Nullable(Type.String()),
  host: Nullable(Type.String()),
  port: Nullable(Type.Integer()),
  secure: Type.Boolean(),
  user: Nullable(Type.String()),
  pass: Nullable(Type.String()),
  from: Nullable(Type.String()),
  topics: Type.Array(Type.String()),
});

/** Channel settings as written: send a masked value back (or leave it out) to keep the stored secret. */
export const ChannelConfigIn = Type.Object(
  {
    url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    secret: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    host: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
    port: Type.Optional(Nullable(Type.Integer())),
    secure: Type.Optional(Type.Boolean()),
    user: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
    pass: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    from: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
    topics: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), { maxItems: NOTIFICATION_TOPICS.length }),
    ),
  },
  { additionalProperties: false },
);

export const Channel = Type.Object(
  {
    id: Type.Integer(),
    regionId: Type.Integer(),
    regionName: Type.String(),
    kind: StringEnum(CHANNEL_KINDS),
    name: Type.String(),
    enabled: Type.Boolean(),
    config: ChannelConfigOut,
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'NotificationChannel' },
);

export const ChannelCreate = Type.Object(
  {
    regionId: Type.Integer({ minimum: 1 }),
    kind: StringEnum(CHANNEL_KINDS),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    enabled: Type.Optional(Type.Boolean()),
    config: ChannelConfigIn,
  },
  { additionalProperties: false },
);

/** Region and kind are fixed once created; create another channel to change them. */
export const ChannelUpdate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    enabled: Type.Optional(Type.Boolean()),
    config: ChannelConfigIn,
  },
  { additionalProperties: false },
);

export const ChannelTestBody = Type.Object(
  { to: Type.Optional(Type.String({ format: 'email', maxLength: 200 })) },
  { additionalProperties: false },
);

export const ChannelTestResult = Type.Object({ ok: Type.Boolean(), error: Nullable(Type.String()) });

export const Pref = Type.Object(
  {
    channel: StringEnum(['inapp', 'email'] as const),
    /** A topic, or "*" for every topic without its own entry. */
    topic: Type.String({ maxLength: 64 }),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const PrefList = Type.Array(Pref, { maxItems: 2 * (NOTIFICATION_TOPICS.length + 1) });
