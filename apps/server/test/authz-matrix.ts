import { canAdministerOrg, isUnitRole, type Role } from '@shouwang/common';
import type { buildJurisdiction } from './factories.ts';
import { buildRegion, buildUnit } from './factories.ts';
import type { TestContext } from './harness.ts';

/** ok = 2xx; denied = 403 (may see, may not act); hidden = 404 (may not see: not even its existence). */
export type Outcome = 'ok' | 'denied' | 'hidden';
export type Where = 'inside' | 'outside';

export interface MatrixFixtures {
  ctx: TestContext;
  j: Awaited<ReturnType<typeof buildJurisdiction>>;
  /** Every actor is rooted in county A: "inside" targets live in county A, "outside" ones in county B. */
  home: { region: Awaited<ReturnType<typeof buildJurisdiction>>['countyA']; unitId: number };
  away: { region: Awaited<ReturnType<typeof buildJurisdiction>>['countyB']; unitId: number };
  uniq(): string;
  /** The session cookie of the matrix caller with this role. */
  cookieOf(role: Role): string;
}

export interface PreparedRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface MatrixCase {
  /** False for routes whose target does not depend on jurisdiction (lists, own account): run once. */
  scoped: boolean;
  prepare(f: MatrixFixtures, where: Where, role: Role): Promise<PreparedRequest>;
  expect(role: Role, where: Where): Outcome;
}

export const isOfficeRole = (role: Role) => !isUnitRole(role);

/** Reading helpers for the common shapes of rule. */
export const rules = {
  everyone: (): Outcome => 'ok',
  /** Anyone may read inside; outside is hidden. */
  readInside: (_role: Role, where: Where): Outcome => (where === 'inside' ? 'ok' : 'hidden'),
  /** Org admins act inside; other roles who can see the target are denied; outside is hidden. */
  adminActsInside: (role: Role, where: Where): Outcome =>
    where === 'outside' ? 'hidden' : canAdministerOrg(role) ? 'ok' : 'denied',
  /** Like adminActsInside, but unit roles cannot even see the target (it is not their unit). */
  adminActsInsideHiddenFromUnits: (role: Role, where: Where): Outcome =>
    where === 'outside' || isUnitRole(role) ? 'hidden' : canAdministerOrg(role) ? 'ok' : 'denied',
};

export async function freshTown(f: MatrixFixtures, where: Where) {
  return buildRegion(f.ctx, {
    parent: where === 'inside' ? f.home.region : f.away.region,
    name: `Town ${f.uniq()}`,
  });
}

export async function freshUnit(f: MatrixFixtures, where: Where) {
  return buildUnit(f.ctx, where === 'inside' ? f.home.region : f.away.region, { name: `Unit ${f.uniq()}` });
}
