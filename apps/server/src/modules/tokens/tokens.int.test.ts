import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import type { UserRow } from '../../platform/db/schema.ts';

describe(`API tokens (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let admin: UserRow;
  let handler: UserRow;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    admin = await buildUser(ctx, { role: 'office_admin', region: j.countyA });
    handler = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
  });
  afterAll(() => ctx.close());

  const create = async (user: UserRow, body: object) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: await sessionCookie(ctx, user), 'accept-language': 'en-US' },
      payload: body,
    });
  const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '192.0.2.7' },
      payload,
    });
  const row = (id: number) =>
    ctx.services.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('creates a token shown once and stored only as a SHA-256 hash', async () => {
    const res = await create(admin, { name: 'CMDB sync', scopes: ['users:read'], expiresInDays: 30 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(/^sw_[A-Za-z0-9_-]{40,}$/);
    expect(body).toMatchObject({
      name: 'CMDB sync',
      scopes: ['users:read'],
      prefix: body.token.slice(0, 11),
    });
    const stored = await row(body.id);
    expect(stored.token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(body.token);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: await sessionCookie(ctx, admin) },
    });
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: body.id,
        prefix: body.prefix,
        expired: false,
        abilities: { revoke: true },
      }),
    ]);
    expect(JSON.stringify(list.json())).not.toContain(body.token);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'token.create')
      .executeTakeFirstOrThrow();
    expect(audit.after_json).not.toContain(body.token);
  });

  it('lets a token call routes it is scoped for, and nothing else', async () => {
    const { token, id } = (
      await create(admin, { name: 'read', scopes: ['users:read'], expiresInDays: 5 })
    ).json();
    const ok = await bearer(token, 'GET', '/api/v1/users');
    expect(ok.statusCode).toBe(200);
    // Roles still authorize: the county admin's token sees the county only.
    expect(ok.json().items.every((u: { regionName: string }) => u.regionName !== 'County B')).toBe(true);
    for (const [method, url] of [
      ['GET', '/api/v1/units'],
      ['POST', '/api/v1/users'],
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/tokens'],
    ] as const) {
      // A valid body: the platform validates input before it authenticates.
      const body = { username: 'nope', displayName: 'N', role: 'analyst', regionId: j.countyA.id };
      const res = await bearer(token, method, url, method === 'POST' ? body : undefined);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('token_scope');
    }
    const used = await row(id);
    expect(used.last_used_at).not.toBeNull();
    expect(used.last_used_ip).toBe('192.0.2.7');
  });

  it('never lets a scope exceed the owner role', async () => {
    const { token } = (
      await create(handler, { name: 'w', scopes: ['users:write'], expiresInDays: 5 })
    ).json();
    const res = await bearer(token, 'POST', '/api/v1/users', {
      username: 'via-token',
      displayName: 'Via Token',
      role: 'unit_handler',
      regionId: j.countyA.id,
      unitId: j.unitA.id,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('records last use at most once a minute', async () => {
    const { token, id } = (
      await create(handler, { name: 'm', scopes: ['users:read'], expiresInDays: 5 })
    ).json();
    await bearer(token, 'GET', '/api/v1/users');
    const first = (await row(id)).last_used_at;
    ctx.clock.advance(20_000);
    await bearer(token, 'GET', '/api/v1/users');
    expect((await row(id)).last_used_at).toBe(first);
    ctx.clock.advance(61_000);
    await bearer(token, 'GET', '/api/v1/users');
    expect((await row(id)).last_used_at).not.toBe(first);
  });

  it('refuses revoked, unknown, malformed tokens and those of disabled owners', async () => {
    const { token, id } = (
      await create(handler, { name: 'r', scopes: ['users:read'], expiresInDays: 5 })
    ).json();
    const otherCounty = await buildUser(ctx, { role: 'office_admin', region: j.countyB });
    const notVisible = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: { cookie: await sessionCookie(ctx, otherCounty) },
    });
    expect(notVisible.statusCode).toBe(404);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: { cookie: await sessionCookie(ctx, handler) },
    });
    expect(del.statusCode).toBe(204);
    const revoked = await bearer(token, 'GET', '/api/v1/users');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('token_invalid');
    expect((await bearer('sw_unknown', 'GET', '/api/v1/users')).json().error.code).toBe('token_invalid');
    expect((await bearer('not-a-token', 'GET', '/api/v1/users')).statusCode).toBe(401);
    const audits = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'token.revoke')
      .where('resource_id', '=', String(id))
      .execute();
    expect(audits).toHaveLength(1);

    const owner = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const live = (await create(owner, { name: 'd', scopes: ['users:read'], expiresInDays: 5 })).json().token;
    expect((await bearer(live, 'GET', '/api/v1/users')).statusCode).toBe(200);
    await ctx.services.database.db
      .updateTable('users')
      .set({ locked_at: new Date().toISOString() })
      .where('id', '=', owner.id)
      .execute();
    expect((await bearer(live, 'GET', '/api/v1/users')).json().error.code).toBe('token_invalid');
  });

  it('lets admins list tokens of users in their jurisdiction, and nobody else', async () => {
    const all = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tokens?all=1',
      headers: { cookie: await sessionCookie(ctx, admin) },
    });
    const owners = new Set(all.json().items.map((t: { ownerUsername: string }) => t.ownerUsername));
    expect(owners.has(handler.username)).toBe(true);
    const countyB = await buildUser(ctx, { role: 'office_admin', region: j.countyB });
    const other = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tokens?all=1',
      headers: { cookie: await sessionCookie(ctx, countyB) },
    });
    expect(other.json().items).toEqual([]);
    const denied = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tokens?all=1',
      headers: { cookie: await sessionCookie(ctx, handler) },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('validates scopes and lifetime', async () => {
    for (const body of [
      { name: 'x', scopes: ['root:all'], expiresInDays: 5 },
      { name: 'x', scopes: [], expiresInDays: 5 },
      { name: 'x', scopes: ['users:read'], expiresInDays: 0 },
      { name: 'x', scopes: ['users:read'], expiresInDays: 366 },
      { name: ' ', scopes: ['users:read'], expiresInDays: 5 },
    ]) {
      expect((await create(admin, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('stops accepting a token once it expires', async () => {
    const { token } = (
      await create(admin, { name: 'short', scopes: ['users:read'], expiresInDays: 1 })
    ).json();
    expect((await bearer(token, 'GET', '/api/v1/users')).statusCode).toBe(200);
    ctx.clock.advance(86_400_000 + 60_000);
    const res = await bearer(token, 'GET', '/api/v1/users');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('token_invalid');
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: await sessionCookie(ctx, admin) },
    });
    expect(list.json().items.find((t: { name: string }) => t.name === 'short').expired).toBe(true);
  });
});
