import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegion } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { optimizeDatabase } from './database.ts';

describe(`planner statistics (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    const city = await buildRegion(ctx, { name: 'City' });
    for (let i = 0; i < 30; i++) await buildRegion(ctx, { parent: city, name: `County ${i}` });
  });
  afterAll(() => ctx.close());

  it('gathers SQLite statistics for indexed tables, and leaves PostgreSQL to autovacuum', async () => {
    const { db, dialect } = ctx.services.database;
    await optimizeDatabase(db);
    if (dialect !== 'sqlite') return;
    const analysed = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1`.execute(db);
    expect(analysed.rows.map((r) => r.tbl)).toContain('regions');
    // Idempotent and cheap when nothing changed.
    await optimizeDatabase(db);
  });
});
