import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, DEFAULT_PASSWORD, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { postLogin } from './auth-test-helpers.ts';

const MINUTE = 60_000;

describe(`session expiry (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;

  beforeAll(async () => {
    ctx = await createTestContext({
      SHOUWANG_SESSION_IDLE_MINUTES: '30',
      SHOUWANG_SESSION_ABSOLUTE_HOURS: '1',
    });
    j = await buildJurisdiction(ctx);
  });
  afterAll(() => ctx.close());

  const me = (cookie: string) =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const handler = () => buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });

  it('ends a session left idle longer than the idle limit', async () => {
    const cookie = await sessionCookie(ctx, await handler());
    ctx.clock.advance(29 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    ctx.clock.advance(31 * MINUTE);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
    // And it stays gone (the row was deleted), now answering as signed out.
    expect((await me(cookie)).json().error.code).toBe('unauthenticated');
  });

  it('ends an active session at the absolute limit', async () => {
    const cookie = await sessionCookie(ctx, await handler());
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(19 * MINUTE);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    // 61 minutes after sign-in, though it was used 4 minutes ago.
    ctx.clock.advance(4 * MINUTE);
    expect((await me(cookie)).json().error.code).toBe('session_expired');
  });

  it('keeps a pending session away from user routes and lets it lapse after ten minutes', async () => {
    const admin = await buildUser(ctx, { role: 'office_admin', region: j.city });
    const { res, cookie } = await postLogin(ctx, admin.username, DEFAULT_PASSWORD);
    expect(res.json()).toEqual({ next: 'totp_enrol' });
    for (const url of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/tokens']) {
      const r = await ctx.app.inject({ method: 'GET', url, headers: { cookie: cookie ?? '' } });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('totp_required');
    }
    ctx.clock.advance(11 * MINUTE);
    const late = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: cookie ?? '' },
    });
    expect(late.json().error.code).toBe('session_expired');
  });

  it('ends the sessions of a user who is disabled', async () => {
    const user = await handler();
    const cookie = await sessionCookie(ctx, user);
    await ctx.services.database.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', user.id)
      .execute();
    expect((await me(cookie)).json().error.code).toBe('session_expired');
  });
});
