import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Indexes of the deadline sweep (modules/notices/sweep), so each per-minute run reads index ranges only:
 * - not-yet-overdue notices whose deadline passed: (state, overdue, due) per deadline column;
 * - overdue notices still climbing the 督办 ladder: (overdue, supervision_level, state, overdue_since);
 * - open notices with provisional deadlines, recomputed when a year's calendar is imported.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('notices_state_overdue_sign_idx')
    .on('notices')
    .columns(['state', 'overdue', 'sign_due_at'])
    .execute();
  await db.schema
    .createIndex('notices_state_overdue_rectify_idx')
    .on('notices')
    .columns(['state', 'overdue', 'rectify_due_at'])
    .execute();
  await db.schema
    .createIndex('notices_escalation_idx')
    .on('notices')
    .columns(['overdue', 'supervision_level', 'state', 'overdue_since'])
    .execute();
  await db.schema
    .createIndex('notices_provisional_idx')
    .on('notices')
    .columns(['deadline_provisional', 'state'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const name of [
    'notices_provisional_idx',
    'notices_escalation_idx',
    'notices_state_overdue_rectify_idx',
    'notices_state_overdue_sign_idx',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
