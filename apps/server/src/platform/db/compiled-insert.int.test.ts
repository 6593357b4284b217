import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { insertRows } from './compiled-insert.ts';

describe(`insertRows (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const region = (name: string, code: string | null = null) => ({
    parent_id: null,
    name,
    code,
    level: 'city',
    path: '/',
    created_at: '2026-11-22T00:00:00.000Z',
    updated_at: '2026-11-22T00:00:00.000Z',
  });

  it('reuses the compiled SQL with each call’s own values, in column order, and returns ids', async () => {
    const { db } = ctx.services.database;
    const first = await insertRows(db, 'regions', [region('甲', 'A'), region('乙')], true);
    // Same columns and count: the cached text, new values (and keys given in another order).
    const { code, name, ...rest } = region('丙', 'C');
    const second = await insertRows(db, 'regions', [{ code, ...rest, name }, region('丁', 'D')], true);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    const rows = await db
      .selectFrom('regions')
      .select(['id', 'name', 'code'])
      .where('id', 'in', [...first, ...second])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: first[0], name: '甲', code: 'A' },
      { id: first[1], name: '乙', code: null },
      { id: second[0], name: '丙', code: 'C' },
      { id: second[1], name: '丁', code: 'D' },
    ]);
    expect(await insertRows(db, 'regions', [region('戊')])).toEqual([]);
    expect(await insertRows(db, 'regions', [])).toEqual([]);
  });

  it('builds anew for SQL expressions and for rows with different columns', async () => {
    const { db } = ctx.services.database;
    const [withExpression] = await insertRows(
      db,
      'regions',
      [{ ...region('己'), name: sql<string>`${'己'} || ${'庚'}` }],
      true,
    );
    const { code: _, ...withoutCode } = region('辛');
    const mixed = await insertRows(db, 'regions', [region('壬', 'R'), withoutCode], true);
    const rows = await db
      .selectFrom('regions')
      .select(['name', 'code'])
      .where('id', 'in', [withExpression ?? -1, ...mixed])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { name: '己庚', code: null },
      { name: '壬', code: 'R' },
      { name: '辛', code: null },
    ]);
  });
});
