import { type MigrationDb, TIMESTAMP } from '../migration-helpers.ts';

/**
 * Detector state the ingest pipeline saves with its checkpoint, in the same transaction: the Sigma
 * correlation windows in progress (one row per correlation group), so a restart resumes them instead of
 * starting empty, and a batch whose transaction failed is re-read against the state it started from.
 * One set per journal (each process drains its own).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('ingest_detector_state')
    .addColumn('journal', 'varchar(64)', (c) => c.notNull())
    .addColumn('detector', 'varchar(64)', (c) => c.notNull())
    .addColumn('state_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('ingest_detector_state_pk', ['journal', 'detector', 'state_key'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('ingest_detector_state').execute();
}
