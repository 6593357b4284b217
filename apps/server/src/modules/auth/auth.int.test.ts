import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, DEFAULT_PASSWORD, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { cookieFrom, nextIp, postLogin, totpCode } from './auth-test-helpers.ts';

describe(`sign-in (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;

  beforeAll(async () => {
    ctx = await createTestContext({ SHOUWANG_LOGIN_MAX_FAILURES: '3' });
    j = await buildJurisdiction(ctx);
  });
  afterAll(() => ctx.close());

  const auditActions = async (userId: number) =>
    (
      await ctx.services.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('resource_type', '=', 'user')
        .where('resource_id', '=', String(userId))
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  const me = (cookie: string | undefined) =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookie ?? '' } });

  it('signs a unit handler straight in with an httpOnly SameSite=Strict cookie', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const { res, cookie, setCookie } = await postLogin(ctx, user.username, DEFAULT_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ next: 'done' });
    expect(setCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(setCookie?.secure).toBeFalsy();
    const who = await me(cookie);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({
      id: user.id,
      role: 'unit_handler',
      regionName: 'County A',
      unitName: 'Unit A',
      totpEnabled: false,
      passwordExpired: false,
      abilities: { administerOrg: false, manageUsers: false, manageTokens: true },
    });
    expect(who.json()).not.toHaveProperty('passwordHash');
    expect(await auditActions(user.id)).toContain('auth.login');
  });

  it('makes an office admin enrol TOTP before anything else, then promotes the session', async () => {
    const admin = await buildUser(ctx, { role: 'office_admin', region: j.city });
    const login = await postLogin(ctx, admin.username, DEFAULT_PASSWORD);
    expect(login.res.json()).toEqual({ next: 'totp_enrol' });
    const pending = login.cookie ?? '';

    const blocked = await me(pending);
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('totp_required');
    const units = await ctx.app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie: pending } });
    expect(units.json().error.code).toBe('totp_required');

    const enrol = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: pending },
    });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = enrol.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Shouwang:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // Reloading the page shows the same secret rather than invalidating the one already scanned.
    const again = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: pending },
    });
    expect(again.json().secret).toBe(secret);

    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: pending },
      payload: { code: (await totpCode(ctx, secret)) === '000000' ? '111111' : '000000' },
    });
    expect(wrong.json().error.code).toBe('totp_invalid');

    const done = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: pending },
      payload: { code: await totpCode(ctx, secret) },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ next: 'done' });
    const full = cookieFrom(done, '');
    expect(full).not.toBe(pending);
    // The pre-second-factor cookie value is dead: promotion issues a new one.
    expect((await me(pending)).statusCode).toBe(401);
    expect((await me(full)).json()).toMatchObject({
      totpEnabled: true,
      abilities: { manageUsers: true, readAudit: true, verifyAudit: false },
    });
    expect(await auditActions(admin.id)).toEqual(
      expect.arrayContaining([
        'auth.totp_enrolment_started',
        'auth.login_failed',
        'auth.totp_enrolled',
        'auth.login',
      ]),
    );
    const stored = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('resource_id', '=', String(admin.id))
      .execute();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('asks an enrolled user for a code and refuses a replayed time step', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const analyst = await buildUser(ctx, { role: 'analyst', region: j.countyA, totpSecret: secret });
    const first = await postLogin(ctx, analyst.username, DEFAULT_PASSWORD);
    expect(first.res.json()).toEqual({ next: 'totp' });
    // An enrolled user cannot re-enrol from a pending session.
    const enrol = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: first.cookie ?? '' },
    });
    expect(enrol.json().error.code).toBe('totp_required');
    const code = await totpCode(ctx, secret);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      headers: { cookie: first.cookie ?? '' },
      payload: { code },
    });
    expect(ok.json()).toEqual({ next: 'done' });
    expect((await me(cookieFrom(ok, ''))).statusCode).toBe(200);

    const second = await postLogin(ctx, analyst.username, DEFAULT_PASSWORD);
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      headers: { cookie: second.cookie ?? '', 'accept-language': 'en-US' },
      payload: { code },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toMatchObject({ code: 'totp_invalid' });
    // One step later (the phone's next code) is accepted: ±1 step of drift.
    const later = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      headers: { cookie: second.cookie ?? '' },
      payload: { code: await totpCode(ctx, secret, 1) },
    });
    expect(later.json()).toEqual({ next: 'done' });
    // Two steps out is not.
    const third = await postLogin(ctx, analyst.username, DEFAULT_PASSWORD);
    const far = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      headers: { cookie: third.cookie ?? '' },
      payload: { code: await totpCode(ctx, secret, 3) },
    });
    expect(far.json().error.code).toBe('totp_invalid');
  });

  it('answers unknown users and wrong passwords alike, in the caller language', async () => {
    const user = await buildUser(ctx, { role: 'unit_leader', region: j.countyB, unitId: j.unitB.id });
    const unknown = await postLogin(ctx, 'nobody-here', DEFAULT_PASSWORD);
    const wrong = await postLogin(ctx, user.username, 'Wrong-Password-1');
    for (const r of [unknown.res, wrong.res]) {
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toMatchObject({
        code: 'invalid_credentials',
        message: 'Wrong user name or password.',
      });
    }
    expect(unknown.cookie).toBeUndefined();
    expect(await auditActions(user.id)).toContain('auth.login_failed');
  });

  it('locks the account after the configured failures until an admin unlocks it', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const ip = nextIp();
    for (let i = 0; i < 2; i++) {
      expect((await postLogin(ctx, user.username, 'Wrong-Password-1', ip)).res.json().error.code).toBe(
        'invalid_credentials',
      );
    }
    const third = await postLogin(ctx, user.username, 'Wrong-Password-1', ip);
    expect(third.res.statusCode).toBe(423);
    expect(third.res.json().error.code).toBe('account_locked');
    // Even the right password is refused now.
    const right = await postLogin(ctx, user.username, DEFAULT_PASSWORD, ip);
    expect(right.res.json().error.code).toBe('account_locked');
    expect(right.cookie).toBeUndefined();
    expect(await auditActions(user.id)).toContain('auth.locked');

    const admin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.countyA }));
    const unlock = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/unlock`,
      headers: { cookie: admin },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toMatchObject({ status: 'active', failedLogins: 0, lockedAt: null });
    expect((await postLogin(ctx, user.username, DEFAULT_PASSWORD, ip)).res.json()).toEqual({ next: 'done' });
  });

  it('refuses disabled accounts after the password is checked', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    await ctx.services.database.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', user.id)
      .execute();
    const res = await postLogin(ctx, user.username, DEFAULT_PASSWORD);
    expect(res.res.statusCode).toBe(403);
    expect(res.res.json().error.code).toBe('account_disabled');
    expect((await postLogin(ctx, user.username, 'Wrong-Password-1')).res.json().error.code).toBe(
      'invalid_credentials',
    );
  });

  it('throttles by user name and by client address with Retry-After', async () => {
    // Unknown names never lock, so only the throttle stops the guessing.
    for (let i = 0; i < 10; i++) {
      expect((await postLogin(ctx, 'ghost', 'x', nextIp())).res.statusCode).toBe(401);
    }
    const blocked = await postLogin(ctx, 'ghost', 'x', nextIp());
    expect(blocked.res.statusCode).toBe(429);
    expect(blocked.res.json().error.code).toBe('too_many_attempts');
    expect(Number(blocked.res.headers['retry-after'])).toBeGreaterThan(0);

    const ip = nextIp();
    for (let i = 0; i < 30; i++) await postLogin(ctx, `spray${i}`, 'x', ip);
    const sprayed = await postLogin(ctx, 'spray-next', 'x', ip);
    expect(sprayed.res.statusCode).toBe(429);

    // The window passes.
    ctx.clock.advance(5 * 60_000 + 1000);
    expect((await postLogin(ctx, 'ghost', 'x', ip)).res.statusCode).toBe(401);
  });

  it('counts wrong codes toward the throttle', async () => {
    const secret = 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF';
    const user = await buildUser(ctx, { role: 'auditor', region: j.city, totpSecret: secret });
    const { cookie } = await postLogin(ctx, user.username, DEFAULT_PASSWORD);
    const good = await totpCode(ctx, secret);
    const bad = good === '123456' ? '654321' : '123456';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp',
        headers: { cookie: cookie ?? '', 'x-forwarded-for': nextIp() },
        payload: { code: bad },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('logs out, clears the cookie and audits it', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const { cookie } = await postLogin(ctx, user.username, DEFAULT_PASSWORD);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookie ?? '' },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'sw_session')?.value).toBe('');
    expect((await me(cookie)).statusCode).toBe(401);
    expect(await auditActions(user.id)).toContain('auth.logout');
    // Without a session it is still fine.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
  });

  it('stores the preferred language', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const cookie = await sessionCookie(ctx, user);
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/me/locale',
      headers: { cookie },
      payload: { locale: 'en-US' },
    });
    expect(put.statusCode).toBe(204);
    expect((await me(cookie)).json().locale).toBe('en-US');
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/me/locale',
      headers: { cookie },
      payload: { locale: 'fr-FR' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
