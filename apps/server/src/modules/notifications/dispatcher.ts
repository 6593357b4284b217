import { NOTIFICATION_TOPICS, type NotificationTopic } from '@shouwang/common';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { GROUP_CHANNEL_KINDS, parseStoredConfig } from './channels/channel-config.ts';
import { dispatchRepository as repo } from './dispatch.repository.ts';
import { messageRegionPath, prefEnabled, resolveRecipients } from './recipients.ts';

export interface DispatchOptions {
  now: () => Date;
  /** Outbox rows per run (default 200). */
  batch?: number;
  /** Test seam: runs inside each row's transaction after its deliveries are written (throw to simulate a crash). */
  afterDeliveriesWritten?: (outboxId: number) => Promise<void>;
  onError?: (err: unknown, outboxId: number) => void;
}

export interface DispatchResult {
  dispatched: number;
  deliveries: number;
  failed: number;
}

function parsePayload(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A message marked outside working hours carries payload.notBefore (the office's next working time, set by
 * the deadline sweep); its deliveries wait until then.
 */
function heldUntil(payload: Record<string, unknown>, at: string): string {
  const notBefore = typeof payload.notBefore === 'string' ? new Date(payload.notBefore) : null;
  if (!notBefore || Number.isNaN(notBefore.getTime())) return at;
  return notBefore.toISOString() > at ? notBefore.toISOString() : at;
}

function isTopic(value: string): value is NotificationTopic {
  return (NOTIFICATION_TOPICS as readonly string[]).includes(value);
}

/**
 * Turns undispatched outbox rows (in id order) into delivery rows, one per (recipient, channel). Each row is
 * one transaction: claim it, resolve recipients, apply preferences and office channels, write the
 * deliveries. A crash rolls the whole row back, so it is dispatched later exactly once.
 */
export async function runDispatcher(db: Kysely<Database>, options: DispatchOptions): Promise<DispatchResult> {
  const result: DispatchResult = { dispatched: 0, deliveries: 0, failed: 0 };
  const ids = await repo.pendingOutboxIds(db, options.batch ?? 200);
  for (const id of ids) {
    try {
      const written = await db.transaction().execute(async (trx) => {
        const at = options.now().toISOString();
        if (!(await repo.claimOutbox(trx, id, at))) return null;
        const row = await repo.findOutbox(trx, id);
        if (!row || !isTopic(row.topic)) return 0;
        const topic = row.topic;
        const payload = parsePayload(row.payload);
        const notice = row.notice_id ? ((await repo.findNotice(trx, row.notice_id)) ?? null) : null;
        const findingId = typeof payload.findingId === 'number' ? payload.findingId : null;
        const finding = findingId ? ((await repo.findFinding(trx, findingId)) ?? null) : null;
        const users = await resolveRecipients(trx, topic, notice, finding, payload);
        const prefs = await repo.prefsOf(
          trx,
          users.map((u) => u.id),
        );
        const regionPath = messageRegionPath(notice, finding, payload);
        const channels = regionPath ? await repo.channelsCovering(trx, regionPath) : [];
        // The nearest office's e-mail server sends the personal e-mails.
        const email = channels.find((c) => c.kind === 'email') ?? null;
        const base = { outbox_id: id, notice_id: row.notice_id };
        const rows = [];
        for (const user of users) {
          if (prefEnabled(prefs, user.id, 'inapp', topic)) {
            rows.push({
              ...base,
              channel: 'inapp',
              channel_id: null,
              recipient: user.username,
              target: `user:${user.id}`,
              user_id: user.id,
            });
          }
          if (email && user.email && prefEnabled(prefs, user.id, 'email', topic)) {
            rows.push({
              ...base,
              channel: 'email',
              channel_id: email.id,
              recipient: user.email,
              target: `user:${user.id}`,
              user_id: user.id,
            });
          }
        }
        for (const channel of channels) {
          if (!GROUP_CHANNEL_KINDS.some((k) => k === channel.kind)) continue;
          const { topics } = parseStoredConfig(channel.config);
          if (topics.length > 0 && !topics.includes(topic)) continue;
          rows.push({
            ...base,
            channel: channel.kind,
            channel_id: channel.id,
            recipient: channel.name,
            target: `channel:${channel.id}`,
            user_id: null,
          });
        }
        const count = await repo.insertDeliveries(trx, rows, at, heldUntil(payload, at));
        if (options.afterDeliveriesWritten) await options.afterDeliveriesWritten(id);
        return count;
      });
      if (written !== null) {
        result.dispatched += 1;
        result.deliveries += written;
      }
    } catch (err) {
      // The row stays undispatched and is tried again on the next run; the others go on.
      result.failed += 1;
      options.onError?.(err, id);
    }
  }
  return result;
}
