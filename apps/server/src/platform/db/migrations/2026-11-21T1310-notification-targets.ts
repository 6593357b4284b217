import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Notification delivery (issue 3): each delivery names its target ("user:42" or "channel:3") and, for
 * personal channels, the user; one delivery per (outbox row, channel, target) is enforced by the database,
 * so a dispatcher that runs twice cannot queue a message twice.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('notification_deliveries')
    .addColumn('target', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('notification_deliveries').addColumn('user_id', 'integer').execute();
  await db.schema
    .createIndex('notification_deliveries_target_uq')
    .on('notification_deliveries')
    .columns(['outbox_id', 'channel', 'target'])
    .unique()
    .execute();
  await db.schema
    .createIndex('inbox_messages_user_created_idx')
    .on('inbox_messages')
    .columns(['user_id', 'id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('inbox_messages_user_created_idx').execute();
  await db.schema.dropIndex('notification_deliveries_target_uq').execute();
  await db.schema.alterTable('notification_deliveries').dropColumn('user_id').execute();
  await db.schema.alterTable('notification_deliveries').dropColumn('target').execute();
}
