import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { systemActor } from '../http/actor.ts';
import { appendAudit, verifyAuditChain } from './audit-log.ts';

const ENTRIES = 8;

describe(`audit log chain in the database (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  const db = () => ctx.services.database.db;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  beforeEach(async () => {
    await db().deleteFrom('audit_log').execute();
    await db().deleteFrom('audit_head').execute();
    for (let i = 1; i <= ENTRIES; i++) {
      await db()
        .transaction()
        .execute((trx) =>
          appendAudit(trx, systemActor('/', 'tester'), {
            action: 'thing.update',
            resourceType: 'thing',
            resourceId: i,
            regionPath: `/1/${i}/`,
            before: { n: i - 1 },
            after: { n: i, password: 'never stored' },
          }),
        );
    }
  });

  it('verifies an untouched chain, redacts secrets, and reports its head', async () => {
    const result = await verifyAuditChain(db());
    const last = await db()
      .selectFrom('audit_log')
      .select('hash')
      .where('id', '=', ENTRIES)
      .executeTakeFirst();
    expect(result).toEqual({ ok: true, entries: ENTRIES, head: { lastId: ENTRIES, lastHash: last?.hash } });
    const row = await db()
      .selectFrom('audit_log')
      .select('after_json')
      .where('id', '=', 1)
      .executeTakeFirst();
    expect(row?.after_json).toBe('{"n":1,"password":"[redacted]"}');
  });

  it('verifies across pages', async () => {
    expect(await verifyAuditChain(db(), 3)).toMatchObject({ ok: true, entries: ENTRIES });
  });

  it('finds an updated row', async () => {
    await db().updateTable('audit_log').set({ after_json: '{"n":99}' }).where('id', '=', 3).execute();
    expect(await verifyAuditChain(db(), 3)).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it('finds a deleted middle row', async () => {
    await db().deleteFrom('audit_log').where('id', '=', 4).execute();
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBrokenId: 4 });
  });

  it('finds the deletion of the newest rows', async () => {
    await db()
      .deleteFrom('audit_log')
      .where('id', '>=', ENTRIES - 1)
      .execute();
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBrokenId: ENTRIES - 1 });
  });

  it('finds two rows whose contents were swapped', async () => {
    const rows = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('id', 'in', [2, 5])
      .orderBy('id')
      .execute();
    const [two, five] = rows;
    if (!two || !five) throw new Error('rows missing');
    const { id: _a, ...twoContent } = two;
    const { id: _b, ...fiveContent } = five;
    await db().updateTable('audit_log').set(fiveContent).where('id', '=', 2).execute();
    await db().updateTable('audit_log').set(twoContent).where('id', '=', 5).execute();
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBrokenId: 2 });
  });

  it('finds a rewritten head', async () => {
    await db()
      .updateTable('audit_head')
      .set({ last_id: ENTRIES - 2 })
      .execute();
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBrokenId: ENTRIES - 1 });
  });
});
