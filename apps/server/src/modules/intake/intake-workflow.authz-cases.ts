import { isUnitRole, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { systemActor } from '../../platform/http/actor.ts';

/**
 * The case workflow's entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts):
 * transitions, bulk dispatch, routing rules and workflow settings. "Inside" is the callers' county.
 */

const DESK: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const MANAGERS: readonly Role[] = ['system_admin', 'office_admin'];
const system = systemActor('/');
const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);
let client = 0;
const freshClient = () => `2001:db8:1::${(++client).toString(16)}`;

async function freshCase(f: MatrixFixtures, where: Where, dispatched: boolean) {
  const title = `Flow ${f.uniq()}`;
  await f.ctx.services.intakePublic.submitMessage(
    { ip: freshClient(), locale: 'en-US', solution: null },
    {
      type: 'complaint',
      topic: 'matrix',
      regionId: side(f, where).region.id,
      title,
      content: `Workflow matrix case ${title}`,
      publishable: false,
    },
  );
  const row = await f.ctx.services.database.db
    .selectFrom('intake_cases')
    .select('id')
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  if (dispatched) await f.ctx.services.intake.dispatch(system, row.id, side(f, where).unitId, null);
  return row.id;
}

async function freshRule(f: MatrixFixtures, where: Where) {
  const at = new Date().toISOString();
  const row = await f.ctx.services.database.db
    .insertInto('intake_routing_rules')
    .values({
      office_region_path: side(f, where).region.path,
      position: 1,
      region_id: null,
      kind: null,
      category: null,
      message_type: null,
      topic: `rule ${f.uniq()}`,
      unit_id: side(f, where).unitId,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const managersInside = (role: Role, where: Where): Outcome =>
  where === 'outside' ? 'hidden' : MANAGERS.includes(role) ? 'ok' : 'denied';

const settingsBody = {
  signDeadline: '1wd',
  handleDeadlines: { enquiry: '2wd', help: '10wd', suggestion: '10wd', complaint: '15wd', report: '15wd' },
  maxExtension: '15wd',
  requireLeaderApproval: false,
};

export const intakeWorkflowMatrixCases: Record<string, MatrixCase> = {
  'POST /api/v1/intake/cases/:id/transition': {
    scoped: true,
    // Units sign their dispatched case; office roles transfer it (out of jurisdiction).
    prepare: async (f, where, role) => ({
      url: `/api/v1/intake/cases/${await freshCase(f, where, true)}/transition`,
      payload: isUnitRole(role)
        ? { action: 'sign', version: 2 }
        : { action: 'transfer', version: 2, reason: 'Not ours', transferTo: 'Province' },
    }),
    expect: (role, where) =>
      where === 'outside' ? 'hidden' : isUnitRole(role) || DESK.includes(role) ? 'ok' : 'denied',
  },
  'POST /api/v1/intake/cases/bulk-dispatch': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/intake/cases/bulk-dispatch',
      payload: { ids: [await freshCase(f, 'inside', false)], unitId: f.home.unitId },
    }),
    expect: (role) => (DESK.includes(role) ? 'ok' : 'denied'),
  },
  'GET /api/v1/intake/routing-rules': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/intake/routing-rules' }),
    expect: () => 'ok',
  },
  'POST /api/v1/intake/routing-rules': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/intake/routing-rules',
      payload: { unitId: side(f, where).unitId, topic: `t ${f.uniq()}` },
    }),
    // The rule's unit must be visible: a manager naming an outside unit gets 404; others are refused first.
    expect: (role, where) => (MANAGERS.includes(role) ? (where === 'inside' ? 'ok' : 'hidden') : 'denied'),
  },
  'PUT /api/v1/intake/routing-rules/order': {
    scoped: false,
    prepare: async (f) => {
      const rows = await f.ctx.services.database.db
        .selectFrom('intake_routing_rules')
        .select('id')
        .where('office_region_path', '=', f.home.region.path)
        .orderBy('id', 'desc')
        .execute();
      return { url: '/api/v1/intake/routing-rules/order', payload: { ids: rows.map((r) => r.id) } };
    },
    expect: (role) => (MANAGERS.includes(role) ? 'ok' : 'denied'),
  },
  'PUT /api/v1/intake/routing-rules/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/routing-rules/${await freshRule(f, where)}`,
      payload: { unitId: side(f, where).unitId, topic: 'changed' },
    }),
    expect: managersInside,
  },
  'DELETE /api/v1/intake/routing-rules/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/intake/routing-rules/${await freshRule(f, where)}` }),
    expect: managersInside,
  },
  'GET /api/v1/intake/settings': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/intake/settings?regionId=${side(f, where).region.id}` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'PUT /api/v1/intake/settings': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/settings?regionId=${side(f, where).region.id}`,
      payload: settingsBody,
    }),
    expect: managersInside,
  },
  'GET /api/v1/intake/public-form': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/intake/public-form' }),
    expect: () => 'ok',
  },
  'PUT /api/v1/intake/public-form': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/intake/public-form',
      payload: {
        contact: { nameRequired: false, phoneRequired: false },
        uploads: { maxFiles: 6, maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 30 * 1024 * 1024 },
      },
    }),
    // One public page for the whole deployment: the matrix's office admins sit in a county, so only the
    // system admin may change it.
    expect: (role) => (role === 'system_admin' ? 'ok' : 'denied'),
  },
  'GET /api/v1/intake/dashboard': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/intake/dashboard?regionId=${side(f, where).region.id}` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'GET /api/v1/intake/dashboard/export.xlsx': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/dashboard/export.xlsx?regionId=${side(f, where).region.id}`,
    }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
};
