import { isUnitRole, type Role } from '@shouwang/common';
import {
  freshUnit,
  type MatrixCase,
  type MatrixFixtures,
  type Outcome,
  type Where,
} from '../../../test/authz-matrix.ts';
import { systemActor } from '../../platform/http/actor.ts';

/**
 * Citizen intake's entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts).
 * Public routes answer everyone; "inside" cases are in the callers' county (dispatched to unit A when the
 * route needs a unit), "outside" ones in the other county.
 */

const DESK: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const ENTRY: readonly Role[] = [...DESK, 'duty_officer'];
const system = systemActor('/');
const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);
let client = 0;
/** Each matrix request comes from its own address, so the per-client limits never interfere. */
const freshClient = () => `2001:db8::${(++client).toString(16)}`;

const deskActsHiddenFromUnits = (role: Role, where: Where): Outcome =>
  where === 'outside' || isUnitRole(role) ? 'hidden' : DESK.includes(role) ? 'ok' : 'denied';

async function freshCase(f: MatrixFixtures, where: Where, dispatched: boolean) {
  const title = `Case ${f.uniq()}`;
  const submitted = await f.ctx.services.intakePublic.submitMessage(
    { ip: freshClient(), locale: 'en-US', solution: null },
    {
      type: 'complaint',
      topic: 'matrix',
      regionId: side(f, where).region.id,
      title,
      content: `Matrix case ${title}`,
      contactPhone: '13800001234',
      publishable: false,
    },
  );
  const row = await f.ctx.services.database.db
    .selectFrom('intake_cases')
    .select('id')
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  if (dispatched) await f.ctx.services.intake.dispatch(system, row.id, side(f, where).unitId, null);
  return { id: row.id, queryCode: submitted.queryCode };
}

export const intakeMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/public/intake/options': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/public/intake/options' }),
    expect: () => 'ok',
  },
  'POST /api/v1/public/reports': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/public/reports',
      headers: { 'x-forwarded-for': freshClient() },
      payload: { category: 'fraud', urls: [`https://scam-${f.uniq()}.example/`], description: 'A fake shop' },
    }),
    expect: () => 'ok',
  },
  'POST /api/v1/public/messages': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/public/messages',
      headers: { 'x-forwarded-for': freshClient() },
      payload: {
        type: 'suggestion',
        topic: 'parks',
        regionId: f.home.region.id,
        title: `Benches ${f.uniq()}`,
        content: 'More benches in the park, please.',
        publishable: true,
      },
    }),
    expect: () => 'ok',
  },
  'GET /api/v1/public/cases/:queryCode': {
    scoped: false,
    prepare: async (f) => {
      const c = await freshCase(f, 'inside', false);
      return {
        url: `/api/v1/public/cases/${c.queryCode}?phoneLast4=1234`,
        headers: { 'x-forwarded-for': freshClient() },
      };
    },
    expect: () => 'ok',
  },
  'POST /api/v1/public/cases/:queryCode/rating': {
    scoped: false,
    prepare: async (f) => {
      const c = await freshCase(f, 'inside', false);
      await f.ctx.services.database.db
        .updateTable('intake_cases')
        .set({ state: 'replied', reply: 'Done.', replied_at: new Date().toISOString() })
        .where('id', '=', c.id)
        .execute();
      return {
        url: `/api/v1/public/cases/${c.queryCode}/rating`,
        headers: { 'x-forwarded-for': freshClient() },
        payload: { phoneLast4: '1234', rating: 'satisfied' },
      };
    },
    expect: () => 'ok',
  },

  'GET /api/v1/intake/cases': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/intake/cases' }),
    expect: () => 'ok',
  },
  'GET /api/v1/intake/cases/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/intake/cases/${(await freshCase(f, where, true)).id}` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'GET /api/v1/intake/cases/:id/contact': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/cases/${(await freshCase(f, where, true)).id}/contact`,
    }),
    expect: (role, where) =>
      where === 'outside' ? 'hidden' : DESK.includes(role) || isUnitRole(role) ? 'ok' : 'denied',
  },
  'POST /api/v1/intake/cases': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/intake/cases',
      payload: {
        type: 'help',
        topic: 'phone',
        regionId: side(f, where).region.id,
        title: `Call ${f.uniq()}`,
        content: 'Caller asks for help.',
        publishable: false,
      },
    }),
    expect: (role, where) => (where === 'outside' ? 'hidden' : ENTRY.includes(role) ? 'ok' : 'denied'),
  },
  'POST /api/v1/intake/cases/:id/dispatch': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/cases/${(await freshCase(f, where, false)).id}/dispatch`,
      payload: { unitId: side(f, where).unitId },
    }),
    expect: deskActsHiddenFromUnits,
  },
  'POST /api/v1/intake/cases/:id/reassign': {
    scoped: true,
    prepare: async (f, where) => {
      const c = await freshCase(f, where, true);
      const other = await freshUnit(f, where);
      return {
        url: `/api/v1/intake/cases/${c.id}/reassign`,
        payload: { unitId: other.id, reason: 'Wrong unit' },
      };
    },
    // Unit roles see the case (it is theirs) but may not send it elsewhere.
    expect: (role, where) => (where === 'outside' ? 'hidden' : DESK.includes(role) ? 'ok' : 'denied'),
  },
};
