import { NOTIFICATION_TOPICS, type NotificationTopic } from '@shouwang/common';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { errorMessage } from '../../platform/jobs/job-queue.ts';
import { CHANNEL_KINDS, type ChannelKind, parseStoredConfig } from './channels/channel-config.ts';
import type { OutgoingMessage } from './channels/outgoing.ts';
import { channelTransports, type Transport } from './channels/transports.ts';
import { localeOf, messageContext, messageLink } from './compose.ts';
import { type DueDelivery, deliveryRepository as repo } from './delivery.repository.ts';
import { dispatchRepository } from './dispatch.repository.ts';
import { renderMessage } from './messages.ts';

/** Waits after the 1st, 2nd, ... failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h (the last repeats). */
export const DEFAULT_BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Settings key (settings table) an operator sets to change the attempt limit: a whole number 1-20. */
export const MAX_ATTEMPTS_SETTING = 'notifications.maxAttempts';
// Longer than any transport's timeouts: a claimed delivery whose worker died is retried after this.
const LEASE_MS = 5 * 60_000;

export interface SenderOptions {
  now: () => Date;
  transports?: Record<ChannelKind, Transport>;
  /** Overrides the settings table's limit (tests). */
  maxAttempts?: number;
  backoffMs?: number[];
  batch?: number;
}

export interface SendResult {
  sent: number;
  retrying: number;
  failed: number;
}

export async function readMaxAttempts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', MAX_ATTEMPTS_SETTING)
    .executeTakeFirst();
  const n = Number(row?.value);
  return Number.isInteger(n) && n >= 1 && n <= 20 ? n : DEFAULT_MAX_ATTEMPTS;
}

function parsePayload(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

async function compose(db: Kysely<Database>, d: DueDelivery): Promise<OutgoingMessage> {
  const topic: NotificationTopic = (NOTIFICATION_TOPICS as readonly string[]).includes(d.topic)
    ? (d.topic as NotificationTopic)
    : 'notice.issued';
  const payload = parsePayload(d.payload);
  const notice = d.notice_id ? ((await dispatchRepository.findNotice(db, d.notice_id)) ?? null) : null;
  const findingId = typeof payload.findingId === 'number' ? payload.findingId : null;
  const finding = findingId ? ((await dispatchRepository.findFinding(db, findingId)) ?? null) : null;
  // Personal messages in the user's language; group channels speak the office's (zh-CN).
  const locale = d.user_id ? localeOf(d.userLocale) : 'zh-CN';
  const { title, body } = renderMessage(topic, locale, messageContext(topic, notice, finding, payload));
  return {
    deliveryId: d.id,
    outboxId: d.outbox_id,
    topic: d.topic,
    occurredAt: d.occurredAt,
    title,
    body,
    to: d.channel === 'email' ? d.recipient : null,
    notice: notice && {
      id: notice.id,
      docNumber: notice.docNumber,
      title: notice.title,
      state: notice.state,
      severity: notice.severity,
      unitId: notice.unitId,
      unitName: notice.unitName,
      signDueAt: notice.signDueAt,
      rectifyDueAt: notice.rectifyDueAt,
    },
    data: payload,
  };
}

/**
 * Delivers due deliveries. In-app messages are written in the same transaction that marks them sent
 * (exactly once). Other channels are claimed, sent, then marked: on failure they are retried with backoff
 * until the attempt limit, then marked 'failed' with the last error (shown in the notice's delivery log).
 * A worker that dies between sending and marking re-sends after the lease: at least once, and webhooks
 * carry a stable X-Shouwang-Delivery id for receivers to drop repeats.
 */
export async function runSender(db: Kysely<Database>, options: SenderOptions): Promise<SendResult> {
  const transports = options.transports ?? channelTransports;
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const maxAttempts = options.maxAttempts ?? (await readMaxAttempts(db));
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  const due = await repo.due(db, options.now().toISOString(), options.batch ?? 100);
  for (const d of due) {
    const message = await compose(db, d);
    if (d.channel === 'inapp') {
      const userId = d.user_id;
      if (userId === null) continue;
      const done = await db.transaction().execute(async (trx) => {
        const now = options.now().toISOString();
        if (!(await repo.markInappSent(trx, d.id, now))) return false;
        await repo.insertInbox(
          trx,
          {
            userId,
            topic: d.topic,
            title: message.title,
            body: message.body,
            link: messageLink(d.topic, d.notice_id, parsePayload(d.payload)),
            noticeId: d.notice_id,
          },
          now,
        );
        return true;
      });
      if (done) result.sent += 1;
      continue;
    }
    const start = options.now();
    if (!(await repo.claim(db, d, new Date(start.getTime() + LEASE_MS).toISOString(), start.toISOString()))) {
      continue;
    }
    const attempt = d.attempts + 1;
    try {
      const channel = d.channel_id ? await repo.findChannel(db, d.channel_id) : undefined;
      if (!channel || !isKind(channel.kind)) throw new Error('the channel no longer exists');
      if (channel.enabled !== 1) throw new Error('the channel is disabled');
      await transports[channel.kind](parseStoredConfig(channel.config), message, options.now());
      await repo.markSent(db, d.id, options.now().toISOString());
      result.sent += 1;
    } catch (err) {
      const now = options.now();
      const wait = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 60_000;
      const next = attempt >= maxAttempts ? null : new Date(now.getTime() + wait).toISOString();
      await repo.markFailedAttempt(db, d.id, errorMessage(err), next, now.toISOString());
      if (next) result.retrying += 1;
      else result.failed += 1;
    }
  }
  return result;
}
