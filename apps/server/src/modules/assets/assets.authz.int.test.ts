import { ROLES, type Role } from '@shouwang/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixFixtures, Where } from '../../../test/authz-matrix.ts';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { assetMatrixCases } from './assets.authz-cases.ts';

const outcomeOf = (status: number) =>
  status >= 200 && status < 300
    ? 'ok'
    : status === 403
      ? 'denied'
      : status === 404
        ? 'hidden'
        : `status ${status}`;

// The same fixtures and checks as the authorization matrix, for the assets routes alone.
describe(`assets authorization (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let f: MatrixFixtures;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    let n = 0;
    // Built apart from its declared type so extra fixture helpers the matrix may grow still fit.
    const fixtures = {
      ctx,
      j,
      home: { region: j.countyA, unitId: j.unitA.id },
      away: { region: j.countyB, unitId: j.unitB.id },
      uniq: () => `a${++n}`,
      cookieOf: (role: Role) => cookies.get(role) ?? '',
    };
    f = fixtures;
    for (const role of ROLES) {
      const unitId = role === 'unit_handler' || role === 'unit_leader' ? j.unitA.id : null;
      cookies.set(role, await sessionCookie(ctx, await buildUser(ctx, { role, region: j.countyA, unitId })));
    }
  });
  afterAll(() => ctx.close());

  it('has an entry for every assets route', () => {
    const routes = ctx.app.routeTable
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => r.includes('/api/v1/assets'));
    expect(routes.sort()).toEqual(Object.keys(assetMatrixCases).sort());
  });

  it('answers 401 to anonymous callers and the decided outcome to every role', async () => {
    const wrong: string[] = [];
    for (const [key, entry] of Object.entries(assetMatrixCases)) {
      // The key starts with the route's HTTP method; inject types it as a literal union.
      const method = key.split(' ')[0] as 'GET';
      const anon = await entry.prepare(f, 'inside', 'system_admin');
      // With the prepared headers: a multipart body without its content type fails parsing (415) before auth.
      const anonRes = await ctx.app.inject({
        method,
        url: anon.url,
        payload: anon.payload as object,
        headers: anon.headers,
      });
      if (anonRes.statusCode !== 401) wrong.push(`${key} anonymous: ${anonRes.statusCode}`);
      const places: Where[] = entry.scoped ? ['inside', 'outside'] : ['inside'];
      for (const role of ROLES) {
        for (const where of places) {
          const req = await entry.prepare(f, where, role);
          const res = await ctx.app.inject({
            method,
            url: req.url,
            payload: req.payload as object,
            headers: { cookie: cookies.get(role) ?? '', ...req.headers },
          });
          const got = outcomeOf(res.statusCode);
          const want = entry.expect(role, where);
          if (got !== want)
            wrong.push(`${key} as ${role} ${where}: want ${want}, got ${got} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
