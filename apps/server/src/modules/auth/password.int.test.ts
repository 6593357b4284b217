import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, DEFAULT_PASSWORD, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { postLogin } from './auth-test-helpers.ts';

describe(`password change (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;

  beforeAll(async () => {
    ctx = await createTestContext({ SHOUWANG_PASSWORD_MAX_AGE_DAYS: '90' });
    j = await buildJurisdiction(ctx);
  });
  afterAll(() => ctx.close());

  const change = (cookie: string, currentPassword: string, newPassword: string, lang = 'en-US') =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie, 'accept-language': lang },
      payload: { currentPassword, newPassword },
    });
  const handler = (username?: string) =>
    buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id, username });

  it('names the broken rule in the caller language', async () => {
    const user = await handler('zhangwei');
    const cookie = await sessionCookie(ctx, user);
    const short = await change(cookie, DEFAULT_PASSWORD, 'Ab1-x');
    expect(short.statusCode).toBe(422);
    expect(short.json().error).toMatchObject({
      code: 'password_too_weak',
      message: 'The password does not meet the policy: at least 10 characters',
    });
    const zh = await change(cookie, DEFAULT_PASSWORD, 'abcdefghijkl', 'zh-CN');
    expect(zh.json().error.message).toBe(
      '密码不符合复杂度要求：须包含小写字母、大写字母、数字、符号中的至少三类',
    );
    const withName = await change(cookie, DEFAULT_PASSWORD, 'My-ZhangWei-2026');
    expect(withName.json().error.details).toEqual([
      expect.objectContaining({ field: 'newPassword', rule: 'contains_username' }),
    ]);
  });

  it('refuses the current password again and a wrong current password', async () => {
    const cookie = await sessionCookie(ctx, await handler());
    const reused = await change(cookie, DEFAULT_PASSWORD, DEFAULT_PASSWORD);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('password_reused');
    const wrong = await change(cookie, 'Not-The-Password-1', 'Brand-New-Secret-7');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.json().error.details).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
  });

  it('changes the password, ends the other sessions, keeps this one, and audits without secrets', async () => {
    const user = await handler();
    await ctx.services.database.db
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', user.id)
      .execute();
    const mine = await sessionCookie(ctx, user);
    const other = await sessionCookie(ctx, user);
    const res = await change(mine, DEFAULT_PASSWORD, 'Brand-New-Secret-7');
    expect(res.statusCode).toBe(204);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: mine } });
    expect(me.json()).toMatchObject({ mustChangePassword: false, passwordExpired: false });
    const gone = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: other } });
    expect(gone.statusCode).toBe(401);
    expect((await postLogin(ctx, user.username, DEFAULT_PASSWORD)).res.statusCode).toBe(401);
    expect((await postLogin(ctx, user.username, 'Brand-New-Secret-7')).res.json()).toEqual({ next: 'done' });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.password_changed')
      .where('resource_id', '=', String(user.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Brand-New-Secret-7');
  });

  it('marks a password older than the maximum age as expired', async () => {
    const user = await handler();
    const old = new Date(ctx.clock.now().getTime() - 91 * 86_400_000).toISOString();
    await ctx.services.database.db
      .updateTable('users')
      .set({ password_changed_at: old })
      .where('id', '=', user.id)
      .execute();
    const cookie = await sessionCookie(ctx, user);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().passwordExpired).toBe(true);
  });
});
