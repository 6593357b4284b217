import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegion } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { migrateToLatest } from '../database.ts';
import { dialectOf } from '../dialect.ts';
import { migrationProvider } from './index.ts';

const TEXT =
  '本人于昨日在某购物平台购买商品后，收到自称客服的电话，对方以退款为由诱导我下载会议软件并共享屏幕，随后我的银行卡被转走三千元。';

describe(`migration 2026-11-23T2000-intake-band-keys (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let regionId: number;
  beforeAll(async () => {
    ctx = await createTestContext();
    regionId = (await buildRegion(ctx, { name: 'City' })).id;
  });
  afterAll(() => ctx.close());

  const submit = (title: string, content: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress: `10.9.0.${Math.floor(Math.random() * 250) + 1}`,
      payload: { type: 'complaint', topic: 'fraud', regionId, title, content, publishable: false },
    });

  it('converts the stored "band:hex" keys to integers and back, and the converted keys are still found', async () => {
    const { db } = ctx.services.database;
    expect((await submit('Original', TEXT)).statusCode).toBe(201);
    const keys = async () =>
      (
        await sql<{ band_key: string | number; case_id: number }>`
          select band_key, case_id from intake_band_keys order by band_key`.execute(db)
      ).rows.map((r) => [Number(r.band_key), Number(r.case_id)]);
    const before = await keys();
    expect(before).toHaveLength(16);

    const schema =
      dialectOf(db) === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
        : undefined;
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]?.migrationName).toBe('2026-11-23T2000-intake-band-keys');
    const text = await sql<{ band_key: string; case_id: number }>`
      select band_key, case_id from intake_dedup_keys`.execute(db);
    // The text form the first implementation stored: band, colon, hash in lower-case hex without padding.
    expect(text.rows.map((r) => r.band_key).sort()).toEqual(
      before.map(([key = 0]) => `${Math.floor(key / 2 ** 32)}:${(key % 2 ** 32).toString(16)}`).sort(),
    );

    await migrateToLatest(db);
    expect(await keys()).toEqual(before);
    // A near-copy submitted after the round trip is suggested as a duplicate of the converted case.
    expect((await submit('Copy', TEXT.replace('三千元', '五千元'))).statusCode).toBe(201);
    const ids = await db.selectFrom('intake_cases').select(['id', 'title']).orderBy('id').execute();
    const links = await db
      .selectFrom('intake_links')
      .select(['case_id', 'other_case_id', 'reason'])
      .execute();
    expect(ids.map((c) => c.title)).toEqual(['Original', 'Copy']);
    expect(links).toEqual([{ case_id: ids[1]?.id, other_case_id: ids[0]?.id, reason: 'similar_text' }]);
  });
});
