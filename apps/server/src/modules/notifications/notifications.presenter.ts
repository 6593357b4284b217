import type { Actor } from '../../platform/http/actor.ts';
import type { CHANNEL_KINDS } from './channels/channel-config.ts';
import { parseStoredConfig, presentConfig } from './channels/channel-config.ts';
import type { ChannelWithRegion } from './channels.repository.ts';
import { channelAbilities } from './notifications.policy.ts';

export function presentInbox(m: {
  id: number;
  topic: string;
  title: string;
  body: string;
  link: string | null;
  notice_id: number | null;
  read_at: string | null;
  created_at: string;
}) {
  return {
    id: m.id,
    topic: m.topic,
    title: m.title,
    body: m.body,
    link: m.link,
    noticeId: m.notice_id,
    readAt: m.read_at,
    createdAt: m.created_at,
  };
}

type DeliveryStatus = 'queued' | 'retrying' | 'sent' | 'failed';

export function presentDelivery(d: {
  id: number;
  topic: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
}) {
  return {
    id: d.id,
    topic: d.topic,
    channel: d.channel,
    recipient: d.recipient,
    // Only these four are ever written (dispatch.repository.ts, delivery.repository.ts).
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastError: d.last_error,
    // While a retry is pending, the time of the next attempt; otherwise null.
    nextAttemptAt: d.status === 'retrying' || d.status === 'queued' ? d.next_attempt_at : null,
    sentAt: d.sent_at,
    createdAt: d.created_at,
  };
}

export function presentChannel(actor: Actor, c: ChannelWithRegion) {
  return {
    id: c.id,
    regionId: c.regionId,
    regionName: c.regionName,
    // Validated against CHANNEL_KINDS on create; the kind never changes afterwards.
    kind: c.kind as (typeof CHANNEL_KINDS)[number],
    name: c.name,
    enabled: c.enabled === 1,
    config: presentConfig(parseStoredConfig(c.config)),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    abilities: channelAbilities(actor, c),
  };
}
