import { ROLES, type Role } from '@shouwang/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixCases } from './authz-matrix.cases.ts';
import type { MatrixFixtures, Outcome, Where } from './authz-matrix.ts';
import { buildJurisdiction, buildUser, sessionCookie } from './factories.ts';
import { createTestContext, type TestContext } from './harness.ts';

function outcomeOf(status: number): Outcome | `status ${number}` {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 403) return 'denied';
  if (status === 404) return 'hidden';
  return `status ${status}`;
}

describe(`authorization matrix (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let fixtures: MatrixFixtures;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    let n = 0;
    fixtures = {
      ctx,
      j,
      home: { region: j.countyA, unitId: j.unitA.id },
      away: { region: j.countyB, unitId: j.unitB.id },
      uniq: () => `m${++n}`,
      cookieOf: (role) => cookies.get(role) ?? '',
    };
    for (const role of ROLES) {
      const unitId = role === 'unit_handler' || role === 'unit_leader' ? j.unitA.id : null;
      const user = await buildUser(ctx, { role, region: j.countyA, unitId });
      cookies.set(role, await sessionCookie(ctx, user));
    }
  });
  afterAll(() => ctx.close());

  it('has exactly one entry for every API route', () => {
    const routes = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in matrixCases));
    const stale = Object.keys(matrixCases).filter((k) => !routes.includes(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    const wrong: string[] = [];
    for (const route of ctx.app.routeTable) {
      const key = `${route.method} ${route.url}`;
      const entry = matrixCases[key];
      if (!entry || route.access.kind === 'public') continue;
      const req = await entry.prepare(fixtures, 'inside', 'system_admin');
      const res = await ctx.app.inject({
        method: route.method as 'GET',
        url: req.url,
        payload: req.payload as object,
      });
      if (res.statusCode !== 401) wrong.push(`${key}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives every role the decided outcome inside and outside its jurisdiction', async () => {
    const mismatches: string[] = [];
    for (const route of ctx.app.routeTable) {
      const key = `${route.method} ${route.url}`;
      const entry = matrixCases[key];
      if (!entry) continue;
      const places: Where[] = entry.scoped ? ['inside', 'outside'] : ['inside'];
      for (const role of ROLES) {
        for (const where of places) {
          const req = await entry.prepare(fixtures, where, role);
          const res = await ctx.app.inject({
            method: route.method as 'GET',
            url: req.url,
            payload: req.payload as object,
            headers: { cookie: cookies.get(role) ?? '', ...req.headers },
          });
          const got = outcomeOf(res.statusCode);
          const want = entry.expect(role, where);
          if (got !== want)
            mismatches.push(`${key} as ${role} ${where}: want ${want}, got ${got} ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Hundreds of routes × roles × places: minutes on PostgreSQL when the shared machine is busy.
  }, 300_000);
});
