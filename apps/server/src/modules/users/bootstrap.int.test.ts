import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { postLogin } from '../auth/auth-test-helpers.ts';
import { BootstrapError, createFirstAdmin, hasNoUsers } from './bootstrap.ts';

describe(`first administrator (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('needs a root region name on an empty database, then creates region and admin with a one-time password', async () => {
    const { db } = ctx.services.database;
    expect(await hasNoUsers(db)).toBe(true);
    await expect(createFirstAdmin(db, { username: 'admin' })).rejects.toBeInstanceOf(BootstrapError);
    const admin = await createFirstAdmin(db, { username: 'admin', rootRegionName: 'Test City' });
    expect(admin.generatedPassword).toMatch(/^.{16,}$/);
    expect(await hasNoUsers(db)).toBe(false);
    const region = await db
      .selectFrom('regions')
      .selectAll()
      .where('id', '=', admin.regionId)
      .executeTakeFirstOrThrow();
    expect(region).toMatchObject({ parent_id: null, name: 'Test City', path: `/${region.id}/` });
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'system_admin', must_change_password: 1 });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    // System admins must enrol a second factor before anything else.
    const login = await postLogin(ctx, 'admin', admin.generatedPassword ?? '');
    expect(login.res.json()).toEqual({ next: 'totp_enrol' });
    const audit = await db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['region.create', 'user.create']));
  });

  it('refuses a taken name (in any case) and a weak chosen password', async () => {
    const { db } = ctx.services.database;
    await expect(createFirstAdmin(db, { username: 'ADMIN' })).rejects.toThrow(/already taken/);
    await expect(createFirstAdmin(db, { username: 'admin2', password: 'short' })).rejects.toThrow(/too weak/);
    const second = await createFirstAdmin(db, { username: 'admin2', password: 'Another-Str0ng-One' });
    expect(second.generatedPassword).toBeNull();
  });
});
