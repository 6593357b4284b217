import type { NotificationTopic } from '@shouwang/common';
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

export interface OutboxMessage {
  topic: NotificationTopic;
  noticeId?: number | null;
  /** What the message templates need: ids, title, document number, deadline, level, reason. */
  payload: Record<string, unknown>;
  /** Makes the append idempotent (e.g. "reminder:42:2026-10-09"): a second append with it is ignored. */
  dedupKey?: string;
}

/**
 * Records a notification inside the caller's transaction. The dispatcher job delivers it later, so a
 * crash between the state change and the delivery loses nothing: either both are committed or neither.
 */
export async function appendOutbox(
  trx: Transaction<Database> | Kysely<Database>,
  message: OutboxMessage,
): Promise<boolean> {
  const result = await trx
    .insertInto('notification_outbox')
    .values({
      topic: message.topic,
      notice_id: message.noticeId ?? null,
      payload: JSON.stringify(message.payload),
      dedup_key: message.dedupKey ?? null,
      created_at: nowIso(),
      dispatched_at: null,
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
