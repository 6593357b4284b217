import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { appendOutbox } from './outbox.ts';

describe(`notification outbox (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('ignores a second message with the same dedup key, keeps ones without a key', async () => {
    const { db } = ctx.services.database;
    expect(
      await appendOutbox(db, { topic: 'notice.reminder', payload: { n: 1 }, dedupKey: 'reminder:1:day' }),
    ).toBe(true);
    expect(
      await appendOutbox(db, { topic: 'notice.reminder', payload: { n: 2 }, dedupKey: 'reminder:1:day' }),
    ).toBe(false);
    await appendOutbox(db, { topic: 'notice.issued', payload: {} });
    await appendOutbox(db, { topic: 'notice.issued', payload: {} });
    const rows = await db
      .selectFrom('notification_outbox')
      .select(['topic', 'payload'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { topic: 'notice.reminder', payload: '{"n":1}' },
      { topic: 'notice.issued', payload: '{}' },
      { topic: 'notice.issued', payload: '{}' },
    ]);
  });

  it('rolls back with the transaction it was written in', async () => {
    const { db } = ctx.services.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await appendOutbox(trx, { topic: 'notice.closed', payload: {}, dedupKey: 'rollback-test' });
        throw new Error('crash after the state change');
      }),
    ).rejects.toThrow('crash');
    const row = await db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('dedup_key', '=', 'rollback-test')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
