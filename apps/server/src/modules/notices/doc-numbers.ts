import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/**
 * Takes the next document number sequence for an office and year inside the caller's transaction.
 *
 * One upsert both creates the year's counter and increments it. On PostgreSQL the upsert holds the
 * counter row's lock until the transaction ends, so concurrent issues queue behind each other and a
 * rolled-back issue gives its number back (gap-free); on SQLite the writer lock serialises them.
 */
export async function nextDocSeq(
  trx: Transaction<Database>,
  officeRegionId: number,
  year: number,
): Promise<number> {
  const row = await trx
    .insertInto('doc_number_sequences')
    .values({ office_region_id: officeRegionId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['office_region_id', 'year'])
        .doUpdateSet({ last_seq: sql<number>`doc_number_sequences.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** 文号: `${office}${prefix}〔${year}〕${seq}号`, e.g. 杭网信通〔2026〕12号. */
export function formatDocNumber(office: string, prefix: string, year: number, seq: number): string {
  return `${office}${prefix}〔${year}〕${seq}号`;
}

/** The year a document number belongs to: the issue date's year in China time. */
export function docYearOf(at: Date): number {
  return new Date(at.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}
