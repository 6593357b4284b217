import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, DEFAULT_PASSWORD, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import type { UserRow } from '../../platform/db/schema.ts';
import { postLogin } from '../auth/auth-test-helpers.ts';

describe(`users API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let sysAdmin: UserRow;
  let cityAdmin: string;
  let countyAAdmin: string;
  let countyAAdminUser: UserRow;
  let handlerA: UserRow;
  let handlerB: UserRow;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    sysAdmin = await buildUser(ctx, { role: 'system_admin', region: j.city, username: 'root-admin' });
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    countyAAdminUser = await buildUser(ctx, { role: 'office_admin', region: j.countyA });
    countyAAdmin = await sessionCookie(ctx, countyAAdminUser);
    handlerA = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    handlerB = await buildUser(ctx, { role: 'unit_handler', region: j.countyB, unitId: j.unitB.id });
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { cookie, 'accept-language': 'en-US' }, payload });
  const names = (res: { json(): { items: { username: string }[] } }) =>
    res.json().items.map((u) => u.username);

  it('lists users by jurisdiction, in SQL, with filters', async () => {
    const city = await call('GET', '/api/v1/users?pageSize=100', cityAdmin);
    expect(names(city)).toEqual(expect.arrayContaining([handlerA.username, handlerB.username, 'root-admin']));
    const county = await call('GET', '/api/v1/users?pageSize=100', countyAAdmin);
    expect(names(county)).toContain(handlerA.username);
    expect(names(county)).not.toContain(handlerB.username);
    expect(names(county)).not.toContain('root-admin');
    const unit = await call('GET', '/api/v1/users', await sessionCookie(ctx, handlerA));
    expect(names(unit)).toEqual([handlerA.username]);
    const filtered = await call('GET', `/api/v1/users?role=unit_handler&unitId=${j.unitB.id}`, cityAdmin);
    expect(filtered.json()).toMatchObject({
      total: 1,
      items: [{ username: handlerB.username, unitName: 'Unit B' }],
    });
    const byRegion = await call('GET', `/api/v1/users?regionId=${j.countyB.id}`, cityAdmin);
    expect(names(byRegion)).toEqual([handlerB.username]);
    const byText = await call('GET', `/api/v1/users?q=${handlerA.username}`, cityAdmin);
    expect(names(byText)).toEqual([handlerA.username]);
    const item = city.json().items[0];
    expect(item).not.toHaveProperty('passwordHash');
    expect(item).not.toHaveProperty('password_hash');
    expect(item).not.toHaveProperty('totpSecret');
  });

  it('answers 404 for a user outside the jurisdiction', async () => {
    expect((await call('GET', `/api/v1/users/${handlerB.id}`, countyAAdmin)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/users/${handlerA.id}`, countyAAdmin)).statusCode).toBe(200);
    const fromUnitA = await sessionCookie(ctx, handlerA);
    expect((await call('GET', `/api/v1/users/${countyAAdminUser.id}`, fromUnitA)).statusCode).toBe(404);
    expect(
      (
        await call('PUT', `/api/v1/users/${handlerB.id}`, countyAAdmin, {
          displayName: 'X',
          role: 'unit_handler',
          regionId: j.countyB.id,
          unitId: j.unitB.id,
          disabled: false,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('creates a unit user with a generated one-time password that works once', async () => {
    const res = await call('POST', '/api/v1/users', countyAAdmin, {
      username: 'li.na',
      displayName: 'Li Na',
      role: 'unit_handler',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
      email: 'li.na@example.cn',
    });
    expect(res.statusCode).toBe(201);
    const { user, initialPassword } = res.json();
    expect(user).toMatchObject({
      username: 'li.na',
      unitName: 'Unit A',
      mustChangePassword: true,
      status: 'active',
    });
    expect(initialPassword).toMatch(/^.{16,}$/);
    const login = await postLogin(ctx, 'li.na', initialPassword);
    expect(login.res.json()).toEqual({ next: 'done' });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('resource_id', '=', String(user.id))
      .executeTakeFirstOrThrow();
    expect(audit.after_json).not.toContain(initialPassword);
    expect(audit.after_json).not.toContain('password_hash');

    const dup = await call('POST', '/api/v1/users', countyAAdmin, {
      username: 'LI.NA',
      displayName: 'Dup',
      role: 'unit_handler',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
    });
    expect(dup.statusCode).toBe(409);
  });

  it('validates role, region and unit together', async () => {
    const base = { username: 'someone', displayName: 'Someone' };
    const noUnit = await call('POST', '/api/v1/users', countyAAdmin, {
      ...base,
      role: 'unit_leader',
      regionId: j.countyA.id,
    });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.details).toEqual([{ field: 'unitId', message: 'unit roles need a unit' }]);
    const mismatch = await call('POST', '/api/v1/users', countyAAdmin, {
      ...base,
      role: 'unit_leader',
      regionId: j.townA.id,
      unitId: j.unitA.id,
    });
    expect(mismatch.json().error.details).toEqual([expect.objectContaining({ field: 'regionId' })]);
    const officeWithUnit = await call('POST', '/api/v1/users', countyAAdmin, {
      ...base,
      role: 'analyst',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
    });
    expect(officeWithUnit.json().error.details).toEqual([expect.objectContaining({ field: 'unitId' })]);
    const badName = await call('POST', '/api/v1/users', countyAAdmin, {
      ...base,
      username: 'a b',
      role: 'analyst',
      regionId: j.countyA.id,
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.details).toEqual([expect.objectContaining({ field: 'username' })]);
    const weak = await call('POST', '/api/v1/users', countyAAdmin, {
      ...base,
      role: 'analyst',
      regionId: j.countyA.id,
      password: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('password_too_weak');
  });

  it('keeps creation inside the jurisdiction and system_admin to system admins', async () => {
    const outside = await call('POST', '/api/v1/users', countyAAdmin, {
      username: 'outsider',
      displayName: 'Outsider',
      role: 'unit_handler',
      regionId: j.countyB.id,
      unitId: j.unitB.id,
    });
    expect(outside.statusCode).toBe(404);
    const promote = await call('POST', '/api/v1/users', cityAdmin, {
      username: 'wannabe',
      displayName: 'Wannabe',
      role: 'system_admin',
      regionId: j.city.id,
    });
    expect(promote.statusCode).toBe(403);
    const bySys = await call('POST', '/api/v1/users', await sessionCookie(ctx, sysAdmin), {
      username: 'second-root',
      displayName: 'Second Root',
      role: 'system_admin',
      regionId: j.city.id,
      password: 'A-Str0ng-Passw0rd',
    });
    expect(bySys.statusCode).toBe(201);
    expect(bySys.json()).not.toHaveProperty('initialPassword');
    const analyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.city }));
    const denied = await call('POST', '/api/v1/users', analyst, {
      username: 'by-analyst',
      displayName: 'X',
      role: 'analyst',
      regionId: j.city.id,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('updates users, but an office admin cannot edit a system admin and nobody disables or demotes themselves', async () => {
    const upd = await call('PUT', `/api/v1/users/${handlerA.id}`, countyAAdmin, {
      displayName: 'Renamed',
      role: 'unit_leader',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
      phone: '13900000000',
      disabled: false,
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ displayName: 'Renamed', role: 'unit_leader', phone: '13900000000' });
    const onSys = await call('PUT', `/api/v1/users/${sysAdmin.id}`, cityAdmin, {
      displayName: 'Hijack',
      role: 'office_admin',
      regionId: j.city.id,
      disabled: false,
    });
    expect(onSys.statusCode).toBe(403);
    const self = { displayName: 'Me', regionId: j.countyA.id, unitId: null };
    const demote = await call('PUT', `/api/v1/users/${countyAAdminUser.id}`, countyAAdmin, {
      ...self,
      role: 'analyst',
      disabled: false,
    });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().error.code).toBe('self_change_refused');
    const disable = await call('PUT', `/api/v1/users/${countyAAdminUser.id}`, countyAAdmin, {
      ...self,
      role: 'office_admin',
      disabled: true,
    });
    expect(disable.json().error.code).toBe('self_change_refused');
    const rename = await call('PUT', `/api/v1/users/${countyAAdminUser.id}`, countyAAdmin, {
      ...self,
      role: 'office_admin',
      disabled: false,
    });
    expect(rename.json()).toMatchObject({
      displayName: 'Me',
      abilities: { disable: false, changeRole: false },
    });
  });

  it('disabling a user ends their sessions; resets end them too and are audited', async () => {
    const user = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const theirs = await sessionCookie(ctx, user);
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: theirs } });
    expect((await me()).statusCode).toBe(200);
    const reset = await call('POST', `/api/v1/users/${user.id}/reset-password`, countyAAdmin);
    expect(reset.statusCode).toBe(200);
    const { initialPassword } = reset.json();
    expect((await me()).statusCode).toBe(401);
    expect((await postLogin(ctx, user.username, DEFAULT_PASSWORD)).res.statusCode).toBe(401);
    const again = await postLogin(ctx, user.username, initialPassword);
    expect(again.res.statusCode).toBe(200);
    const off = await call('PUT', `/api/v1/users/${user.id}`, countyAAdmin, {
      displayName: 'Off',
      role: 'unit_handler',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
      disabled: true,
    });
    expect(off.json().status).toBe('disabled');
    const stillThere = await ctx.services.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(stillThere).toEqual([]);
    const actions = (
      await ctx.services.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('resource_id', '=', String(user.id))
        .where('action', 'like', 'user.%')
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual(['user.reset_password', 'user.update']);
  });

  it('resets a second factor so the user enrols again', async () => {
    const analyst = await buildUser(ctx, {
      role: 'analyst',
      region: j.countyA,
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    expect((await postLogin(ctx, analyst.username, DEFAULT_PASSWORD)).res.json()).toEqual({ next: 'totp' });
    const res = await call('POST', `/api/v1/users/${analyst.id}/reset-totp`, countyAAdmin);
    expect(res.json()).toMatchObject({ totpEnabled: false });
    expect((await postLogin(ctx, analyst.username, DEFAULT_PASSWORD)).res.json()).toEqual({
      next: 'totp_enrol',
    });
  });
});
