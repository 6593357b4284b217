import { NOTIFICATION_TOPICS } from '@shouwang/common';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { errorMessage } from '../../platform/jobs/job-queue.ts';
import {
  buildChannelConfig,
  type ChannelConfigInput,
  type ChannelKind,
  parseStoredConfig,
  presentConfig,
} from './channels/channel-config.ts';
import { channelTransports, type Transport } from './channels/transports.ts';
import { type ChannelWithRegion, channelsRepository as channels } from './channels.repository.ts';
import { deliveryRepository as deliveries } from './delivery.repository.ts';
import { type DispatchOptions, runDispatcher } from './dispatcher.ts';
import { fillTemplate, notificationText } from './messages.ts';
import { notificationsPolicy as policy } from './notifications.policy.ts';
import { prefEnabled } from './recipients.ts';
import { runSender, type SenderOptions } from './sender.ts';

export const PERSONAL_CHANNELS = ['inapp', 'email'] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];

export interface ChannelCreateInput {
  regionId: number;
  kind: ChannelKind;
  name: string;
  enabled?: boolean;
  config: ChannelConfigInput;
}

export interface PrefEntry {
  channel: PersonalChannel;
  topic: string;
  enabled: boolean;
}

export interface NotificationsDeps {
  now: () => Date;
  transports?: Record<ChannelKind, Transport>;
}

/** The audit record of a channel: never its secrets. */
function auditedChannel(c: ChannelWithRegion) {
  return { ...c, config: presentConfig(parseStoredConfig(c.config)) };
}

/** Inbox, delivery log, channel administration, preferences, and the dispatcher and sender runs. */
export function createNotificationsService(db: Db, deps: NotificationsDeps) {
  const transports = deps.transports ?? channelTransports;
  const iso = () => deps.now().toISOString();

  async function loadManagedChannel(actor: Actor, id: number): Promise<ChannelWithRegion> {
    if (!policy.canManageChannels(actor)) throw AppError.forbidden();
    const channel = await channels.find(db, id);
    if (!channel || !policy.canSeeChannel(actor, channel)) throw AppError.notFound();
    return channel;
  }

  /** The caller's effective preferences: every personal channel and topic, with the defaults filled in. */
  async function getPrefs(actor: Actor): Promise<PrefEntry[]> {
    const rows = (await channels.prefsOf(db, actor.userId)).map((r) => ({ ...r, user_id: actor.userId }));
    const out: PrefEntry[] = [];
    for (const channel of PERSONAL_CHANNELS) {
      for (const topic of NOTIFICATION_TOPICS) {
        out.push({ channel, topic, enabled: prefEnabled(rows, actor.userId, channel, topic) });
      }
    }
    return out;
  }

  function invalidConfig(problems: { field?: string; message: string }[]): void {
    if (problems.length > 0) throw AppError.invalid(problems);
  }

  return {
    dispatch: (options: Partial<DispatchOptions> = {}) => runDispatcher(db, { now: deps.now, ...options }),
    send: (options: Partial<SenderOptions> = {}) => runSender(db, { now: deps.now, transports, ...options }),

    listInbox: (actor: Actor, f: { unread?: boolean; limit: number; offset: number }) =>
      deliveries.listInbox(db, actor.userId, f),
    unreadCount: (actor: Actor) => deliveries.countUnread(db, actor.userId),

    /** Marks one of the caller's own messages read; another user's message is not found. */
    async markRead(actor: Actor, id: number) {
      const message = await deliveries.findOwnInbox(db, actor.userId, id);
      if (!message) throw AppError.notFound();
      if (message.read_at) return message;
      return db.transaction().execute(async (trx) => {
        await deliveries.markRead(trx, actor.userId, id, iso());
        await appendAudit(trx, actor, {
          action: 'inbox.read',
          resourceType: 'inbox_message',
          resourceId: id,
          regionPath: actor.regionPath,
        });
        return {
          ...message,
          read_at: (await deliveries.findOwnInbox(trx, actor.userId, id))?.read_at ?? null,
        };
      });
    },

    async readAll(actor: Actor): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const count = await deliveries.markRead(trx, actor.userId, null, iso());
        if (count > 0) {
          await appendAudit(trx, actor, {
            action: 'inbox.read_all',
            resourceType: 'inbox_message',
            regionPath: actor.regionPath,
            after: { count },
          });
        }
        return count;
      });
    },

    /** The delivery log of a notice: 404 when the notice is not visible, 403 for unit roles who see it. */
    async listDeliveries(actor: Actor, noticeId: number) {
      const notice = await channels.findNoticeVisibleTo(db, actor, noticeId);
      if (!notice) throw AppError.notFound();
      if (!policy.canReadDeliveries(actor)) throw AppError.forbidden();
      return deliveries.deliveriesOfNotice(db, noticeId);
    },

    async listChannels(actor: Actor): Promise<ChannelWithRegion[]> {
      if (!policy.canManageChannels(actor)) throw AppError.forbidden();
      return channels.listVisibleTo(db, actor);
    },
    getChannel: loadManagedChannel,

    async createChannel(actor: Actor, input: ChannelCreateInput): Promise<ChannelWithRegion> {
      if (!policy.canManageChannels(actor)) throw AppError.forbidden();
      const region = await channels.findRegion(db, input.regionId);
      if (!region || !policy.canSeeChannel(actor, { regionPath: region.path })) throw AppError.notFound();
      const { config, problems } = buildChannelConfig(input.kind, input.config, null, actor.locale);
      invalidConfig(problems);
      return db.transaction().execute(async (trx) => {
        const id = await channels.insert(
          trx,
          {
            regionId: region.id,
            kind: input.kind,
            name: input.name.trim(),
            config: JSON.stringify(config),
            enabled: input.enabled ?? true,
          },
          iso(),
        );
        const created = await channels.find(trx, id);
        if (!created) throw new Error('channel vanished after insert');
        await appendAudit(trx, actor, {
          action: 'notification_channel.create',
          resourceType: 'notification_channel',
          resourceId: id,
          regionPath: region.path,
          after: auditedChannel(created),
        });
        return created;
      });
    },

    async updateChannel(
      actor: Actor,
      id: number,
      input: { name: string; enabled?: boolean; config: ChannelConfigInput },
    ): Promise<ChannelWithRegion> {
      const before = await loadManagedChannel(actor, id);
      // Only CHANNEL_KINDS are ever stored (create validates the kind).
      const kind = before.kind as ChannelKind;
      const previous = parseStoredConfig(before.config);
      const { config, problems } = buildChannelConfig(kind, input.config, previous, actor.locale);
      invalidConfig(problems);
      return db.transaction().execute(async (trx) => {
        await channels.update(
          trx,
          id,
          {
            name: input.name.trim(),
            config: JSON.stringify(config),
            enabled: input.enabled ?? before.enabled === 1,
          },
          iso(),
        );
        const after = await channels.find(trx, id);
        if (!after) throw new Error('channel vanished after update');
        await appendAudit(trx, actor, {
          action: 'notification_channel.update',
          resourceType: 'notification_channel',
          resourceId: id,
          regionPath: before.regionPath,
          before: auditedChannel(before),
          after: auditedChannel(after),
        });
        return after;
      });
    },

    async deleteChannel(actor: Actor, id: number): Promise<void> {
      const before = await loadManagedChannel(actor, id);
      await db.transaction().execute(async (trx) => {
        await channels.delete(trx, id);
        await appendAudit(trx, actor, {
          action: 'notification_channel.delete',
          resourceType: 'notification_channel',
          resourceId: id,
          regionPath: before.regionPath,
          before: auditedChannel(before),
        });
      });
    },

    /** Sends a test message through the channel now (no retries) and says whether it arrived. */
    async testChannel(actor: Actor, id: number, input: { to?: string }) {
      const channel = await loadManagedChannel(actor, id);
      const kind = channel.kind as ChannelKind;
      const text = notificationText(actor.locale);
      let to: string | null = null;
      if (kind === 'email') {
        to = input.to ?? (await channels.userEmail(db, actor.userId));
        if (!to) throw AppError.invalid([{ field: 'to', message: text.validation.test_email_needs_address }]);
      }
      let error: string | null = null;
      try {
        await transports[kind](
          parseStoredConfig(channel.config),
          {
            deliveryId: 0,
            outboxId: 0,
            topic: 'test',
            occurredAt: iso(),
            title: text.test.title,
            body: fillTemplate(text.test.body, { channel: channel.name }),
            to,
            notice: null,
            data: {},
          },
          deps.now(),
        );
      } catch (err) {
        error = errorMessage(err);
      }
      await appendAudit(db, actor, {
        action: 'notification_channel.test',
        resourceType: 'notification_channel',
        resourceId: id,
        regionPath: channel.regionPath,
        after: { ok: error === null, error, to },
      });
      return { ok: error === null, error };
    },

    getPrefs,

    async putPrefs(actor: Actor, entries: PrefEntry[]): Promise<PrefEntry[]> {
      const msg = notificationText(actor.locale).validation;
      const problems = entries.flatMap((e, i) =>
        e.topic === '*' || (NOTIFICATION_TOPICS as readonly string[]).includes(e.topic)
          ? []
          : [{ field: `${i}.topic`, message: fillTemplate(msg.pref_topic_invalid, { value: e.topic }) }],
      );
      if (problems.length > 0) throw AppError.invalid(problems);
      await db.transaction().execute(async (trx) => {
        for (const e of entries) await channels.upsertPref(trx, actor.userId, e);
        await appendAudit(trx, actor, {
          action: 'notification_prefs.update',
          resourceType: 'user',
          resourceId: actor.userId,
          regionPath: actor.regionPath,
          after: entries,
        });
      });
      return getPrefs(actor);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
