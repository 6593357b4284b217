import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { nowIso } from './database.ts';
import { holdsEveryRegion, inRegionSubtree } from './region-path.ts';

describe(`region subtree ranges (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    const { db } = ctx.services.database;
    const now = nowIso();
    // Paths are written as given: the rule must hold for any ids, including ones that share leading digits.
    for (const path of [
      '/1/',
      '/1/4/',
      '/1/4/7/',
      '/1/4/7/99/',
      '/1/40/',
      '/1/41/',
      '/1/5/',
      '/2/',
      '/14/',
    ]) {
      await db
        .insertInto('regions')
        .values({
          parent_id: null,
          name: path,
          code: null,
          level: 'city',
          path,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  afterAll(() => ctx.close());

  const subtree = async (prefix: string) =>
    (
      await ctx.services.database.db
        .selectFrom('regions')
        .select('path')
        .where(inRegionSubtree('path', prefix))
        .orderBy('path')
        .execute()
    ).map((r) => r.path);

  it('takes the region and everything below it, and nothing that merely shares digits', async () => {
    expect(await subtree('/1/4/')).toEqual(['/1/4/', '/1/4/7/', '/1/4/7/99/']);
    expect(await subtree('/1/')).toEqual([
      '/1/',
      '/1/4/',
      '/1/4/7/',
      '/1/4/7/99/',
      '/1/40/',
      '/1/41/',
      '/1/5/',
    ]);
    expect(await subtree('/1/4/7/99/')).toEqual(['/1/4/7/99/']);
  });

  it('takes the whole tree for the root prefix', async () => {
    expect(await subtree('/')).toHaveLength(9);
  });

  it('knows when a subtree holds every region (then no jurisdiction filter is needed)', async () => {
    const { db } = ctx.services.database;
    expect(await holdsEveryRegion(db, '/')).toBe(true);
    // '/2/' and '/14/' lie outside, so even the largest subtree is not everything.
    expect(await holdsEveryRegion(db, '/1/')).toBe(false);
    expect(await holdsEveryRegion(db, '/1/4/')).toBe(false);
  });
});
