import type { Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../../test/authz-matrix.ts';
import { isOfficeRole } from '../../../../test/authz-matrix.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { alertsRepository } from './alerts.repository.ts';

/**
 * The alert and suppression routes' entries for the authorization matrix. Alerts are the office's
 * working material like findings: office roles read their jurisdiction's, analysts and admins triage;
 * unit roles see none (a list answers 403, a single alert 404); outside is hidden.
 */

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const officeReads = (role: Role): Outcome => (isOfficeRole(role) ? 'ok' : 'denied');
const writersOnly = (role: Role): Outcome => (WRITERS.includes(role) ? 'ok' : 'denied');
const readInsideOffice = (role: Role, where: Where): Outcome =>
  where === 'outside' || !isOfficeRole(role) ? 'hidden' : 'ok';
const writersActInsideOffice = (role: Role, where: Where): Outcome =>
  where === 'outside' || !isOfficeRole(role) ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';

const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

async function freshAlert(f: MatrixFixtures, where: Where): Promise<number> {
  const { db } = f.ctx.services.database;
  const s = side(f, where);
  const at = f.ctx.clock.now().toISOString();
  return alertsRepository.insertAlert(db, {
    alert_key: `sigma|matrix-${f.uniq()}|u${s.unitId}|`,
    rule_key: 'matrix',
    kind: 'sigma',
    title: 'Matrix alert',
    level: 'high',
    severity: 'III',
    is_cii: 0,
    group_key: 'source.ip=192.0.2.1',
    source_id: 1,
    unit_id: s.unitId,
    asset_id: null,
    region_path: s.region.path,
    state: 'new',
    count: 1,
    first_seen_at: at,
    last_seen_at: at,
    window_ends_at: at,
    matched_fields: '{}',
    finding_pending: 0,
    finding_id: null,
    created_at: at,
    updated_at: at,
    version: 1,
  });
}

async function freshSuppression(f: MatrixFixtures, where: Where): Promise<number> {
  const s = await f.ctx.services.alerts.createSuppression(systemActor('/', 'matrix'), {
    unitId: side(f, where).unitId,
    conditions: [{ field: 'source.ip', value: '192.0.2.201' }],
    reason: 'matrix',
    // Expired at once, so it never hides another test's detections.
    expiresAt: '2000-01-01T00:00:00.000Z',
  });
  return s.id;
}

const suppressionBody = (f: MatrixFixtures, where: Where) => ({
  unitId: side(f, where).unitId,
  conditions: [{ field: 'source.ip', value: '192.0.2.200' }],
  reason: `matrix ${f.uniq()}`,
  expiresAt: '2000-01-01T00:00:00.000Z',
});

export const alertsMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/events/alerts': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/alerts' }),
    expect: officeReads,
  },
  'GET /api/v1/events/alerts/overview': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/alerts/overview' }),
    expect: officeReads,
  },
  'POST /api/v1/events/alerts/bulk': {
    // Alerts the caller cannot see are per-item outcomes, not a refusal: not scoped.
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/events/alerts/bulk',
      payload: { ids: [await freshAlert(f, 'inside')], action: 'acknowledge' },
    }),
    expect: writersOnly,
  },
  'GET /api/v1/events/alerts/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/events/alerts/${await freshAlert(f, where)}` }),
    expect: readInsideOffice,
  },
  'POST /api/v1/events/alerts/:id/transition': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/events/alerts/${await freshAlert(f, where)}/transition`,
      payload: { action: 'acknowledge' },
    }),
    expect: writersActInsideOffice,
  },
  'POST /api/v1/events/alerts/:id/raise-notice': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/events/alerts/${await freshAlert(f, where)}/raise-notice`,
    }),
    expect: writersActInsideOffice,
  },
  'GET /api/v1/events/suppressions': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/suppressions' }),
    expect: officeReads,
  },
  'POST /api/v1/events/suppressions': {
    scoped: true,
    prepare: async (f, where) => ({ url: '/api/v1/events/suppressions', payload: suppressionBody(f, where) }),
    // Units cannot see suppressions at all; office roles who may not write are refused before the unit is looked up.
    expect: (role, where) =>
      !isOfficeRole(role)
        ? 'hidden'
        : !WRITERS.includes(role)
          ? 'denied'
          : where === 'outside'
            ? 'hidden'
            : 'ok',
  },
  'PUT /api/v1/events/suppressions/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/events/suppressions/${await freshSuppression(f, where)}`,
      payload: suppressionBody(f, where),
    }),
    expect: writersActInsideOffice,
  },
  'DELETE /api/v1/events/suppressions/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/events/suppressions/${await freshSuppression(f, where)}` }),
    expect: writersActInsideOffice,
  },
};
