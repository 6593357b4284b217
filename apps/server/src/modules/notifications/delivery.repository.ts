import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { NotificationDeliveryRow } from '../../platform/db/schema-notices.ts';

type Q = Kysely<Database> | Transaction<Database>;

const PENDING = ['queued', 'retrying'];

export interface DueDelivery extends NotificationDeliveryRow {
  topic: string;
  payload: string;
  occurredAt: string;
  userLocale: string | null;
}

/** SQL of the sender: due deliveries, claims and outcomes, and the in-app inbox. */
export const deliveryRepository = {
  async due(db: Q, now: string, limit: number): Promise<DueDelivery[]> {
    return db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notification_outbox as o', 'o.id', 'd.outbox_id')
      .leftJoin('users as u', 'u.id', 'd.user_id')
      .selectAll('d')
      .select(['o.topic', 'o.payload', 'o.created_at as occurredAt', 'u.locale as userLocale'])
      .where('d.status', 'in', PENDING)
      .where('d.next_attempt_at', '<=', now)
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(limit)
      .execute();
  },

  /**
   * Takes a delivery for one attempt: counts the attempt and pushes next_attempt_at past the lease, only if
   * nobody else took it since it was read. A worker that dies mid-send leaves it to be retried after the lease.
   */
  async claim(db: Q, d: NotificationDeliveryRow, leaseUntil: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('notification_deliveries')
      .set({ attempts: d.attempts + 1, next_attempt_at: leaseUntil, updated_at: now })
      .where('id', '=', d.id)
      .where('attempts', '=', d.attempts)
      .where('status', 'in', PENDING)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Marks an in-app delivery sent in the transaction that writes the inbox message: exactly once. */
  async markInappSent(trx: Q, id: number, now: string): Promise<boolean> {
    const result = await trx
      .updateTable('notification_deliveries')
      .set((eb) => ({
        status: 'sent',
        attempts: eb('attempts', '+', 1),
        sent_at: now,
        next_attempt_at: null,
        last_error: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', 'in', PENDING)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async markSent(db: Q, id: number, now: string): Promise<void> {
    await db
      .updateTable('notification_deliveries')
      .set({ status: 'sent', sent_at: now, next_attempt_at: null, last_error: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  },

  async markFailedAttempt(
    db: Q,
    id: number,
    error: string,
    nextAttemptAt: string | null,
    now: string,
  ): Promise<void> {
    await db
      .updateTable('notification_deliveries')
      .set({
        status: nextAttemptAt ? 'retrying' : 'failed',
        last_error: error.slice(0, 2000),
        next_attempt_at: nextAttemptAt,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  },

  async insertInbox(
    trx: Q,
    values: {
      userId: number;
      topic: string;
      title: string;
      body: string;
      link: string | null;
      noticeId: number | null;
    },
    now: string,
  ): Promise<void> {
    await trx
      .insertInto('inbox_messages')
      .values({
        user_id: values.userId,
        topic: values.topic,
        title: values.title.slice(0, 300),
        body: values.body,
        link: values.link,
        notice_id: values.noticeId,
        read_at: null,
        created_at: now,
      })
      .execute();
  },

  async findChannel(db: Q, id: number) {
    return db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async listInbox(db: Q, userId: number, f: { unread?: boolean; limit: number; offset: number }) {
    let q = db.selectFrom('inbox_messages').where('user_id', '=', userId);
    if (f.unread) q = q.where('read_at', 'is', null);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
    return { items, total: Number(total.n) };
  },

  async countUnread(db: Q, userId: number): Promise<number> {
    const row = await db
      .selectFrom('inbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async findOwnInbox(db: Q, userId: number, id: number) {
    return db
      .selectFrom('inbox_messages')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  async markRead(db: Q, userId: number, id: number | null, now: string): Promise<number> {
    let q = db
      .updateTable('inbox_messages')
      .set({ read_at: now })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null);
    if (id !== null) q = q.where('id', '=', id);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async deliveriesOfNotice(db: Q, noticeId: number) {
    return db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notification_outbox as o', 'o.id', 'd.outbox_id')
      .selectAll('d')
      .select('o.topic')
      .where('d.notice_id', '=', noticeId)
      .orderBy('d.id', 'desc')
      .limit(1000)
      .execute();
  },
};
