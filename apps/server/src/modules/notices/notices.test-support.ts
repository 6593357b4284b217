import type { Role } from '@shouwang/common';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import type { TestContext } from '../../../test/harness.ts';

/** Helpers shared by the notice test files (not a test file itself). */

export async function noticeWorld(ctx: TestContext) {
  const j = await buildJurisdiction(ctx);
  const user = async (role: Role, region = j.countyA, unitId: number | null = null) => {
    const row = await buildUser(ctx, { role, region, unitId });
    return { ...row, cookie: await sessionCookie(ctx, row) };
  };
  return {
    ...j,
    analyst: await user('analyst'),
    admin: await user('office_admin'),
    auditor: await user('auditor'),
    handler: await user('unit_handler', j.countyA, j.unitA.id),
    leader: await user('unit_leader', j.countyA, j.unitA.id),
    analystB: await user('analyst', j.countyB),
    handlerB: await user('unit_handler', j.countyB, j.unitB.id),
    cityAdmin: await user('office_admin', j.city),
  };
}

export type NoticeWorld = Awaited<ReturnType<typeof noticeWorld>>;

export function caller(ctx: TestContext) {
  return (
    cookie: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    lang = 'en-US',
  ) => ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': lang } });
}

export const noticeBody = (unitId: number, over: Record<string, unknown> = {}) => ({
  unitId,
  category: 'defacement',
  severity: 'III',
  title: 'Homepage shows gambling links',
  description: 'Hidden links to gambling sites were found in the footer.',
  requiredActions: 'Remove the links, find how they got there, report back.',
  ...over,
});
