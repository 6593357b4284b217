import { sql } from 'kysely';
import { dialectOf } from '../dialect.ts';
import type { MigrationDb } from '../migration-helpers.ts';

/**
 * The near-duplicate band keys as integers (band × 2³² + the band's 32-bit hash) in a table that is its own
 * index, instead of "band:hex" text in a rowid table plus an index. Every public submission seeks 16 random
 * keys and inserts 16 more; at 200,000 cases the text layout took 38,000 pages and 10 µs a seek, this one 13,000
 * pages and 5 µs (issue 6's benchmark). The stored keys are converted, so existing cases keep being found.
 */
export async function up(db: MigrationDb): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const table = db.schema
    .createTable('intake_band_keys')
    .addColumn('band_key', 'bigint', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addPrimaryKeyConstraint('intake_band_keys_pk', ['band_key', 'case_id']);
  await (postgres ? table : table.modifyEnd(sql`without rowid`)).execute();
  if (postgres) {
    await sql`insert into intake_band_keys (band_key, case_id)
      select split_part(band_key, ':', 1)::bigint * 4294967296
          + ('x' || lpad(split_part(band_key, ':', 2), 8, '0'))::bit(32)::bigint, case_id
      from intake_dedup_keys
      on conflict do nothing`.execute(db);
  } else {
    // SQLite cannot read hex in SQL: converted here, a batch at a time in rowid order.
    let after = 0;
    for (;;) {
      const { rows } = await sql<{ id: number; band_key: string; case_id: number }>`
        select rowid as id, band_key, case_id from intake_dedup_keys where rowid > ${after} order by rowid limit 5000`.execute(
        db,
      );
      if (rows.length === 0) break;
      const values = rows.map((r) => {
        const [band = '', hash = ''] = r.band_key.split(':');
        return sql`(${Number(band) * 2 ** 32 + Number.parseInt(hash, 16)}, ${r.case_id})`;
      });
      await sql`insert or ignore into intake_band_keys (band_key, case_id) values ${sql.join(values)}`.execute(
        db,
      );
      after = rows[rows.length - 1]?.id ?? after;
    }
  }
  await db.schema.dropTable('intake_dedup_keys').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('intake_dedup_keys')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('intake_cases.id'))
    .addColumn('band_key', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_dedup_keys_band_idx')
    .on('intake_dedup_keys')
    .columns(['band_key', 'case_id'])
    .execute();
  const text =
    dialectOf(db) === 'postgres'
      ? sql`(band_key / 4294967296)::text || ':' || to_hex((band_key % 4294967296)::bigint)`
      : sql`printf('%d:%x', band_key / 4294967296, band_key % 4294967296)`;
  await sql`insert into intake_dedup_keys (case_id, band_key) select case_id, ${text} from intake_band_keys`.execute(
    db,
  );
  await db.schema.dropTable('intake_band_keys').execute();
}
