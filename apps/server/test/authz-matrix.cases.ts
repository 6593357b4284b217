import { canReadAudit, isUnitRole } from '@shouwang/common';
import { assetMatrixCases } from '../src/modules/assets/assets.authz-cases.ts';
import { alertsMatrixCases } from '../src/modules/events/alerts/alerts.authz-cases.ts';
import { intelMatrixCases } from '../src/modules/events/intel/intel.authz-cases.ts';
import { rulesMatrixCases } from '../src/modules/events/rules/rules.authz-cases.ts';
import { eventSourcesMatrixCases } from '../src/modules/events/sources/sources.authz-cases.ts';
import { intakeMatrixCases } from '../src/modules/intake/intake.authz-cases.ts';
import { intakeCategoriesMatrixCases } from '../src/modules/intake/intake-categories.authz-cases.ts';
import { intakeEvidenceMatrixCases } from '../src/modules/intake/intake-evidence.authz-cases.ts';
import { intakeWorkflowMatrixCases } from '../src/modules/intake/intake-workflow.authz-cases.ts';
import { monitoringMatrixCases } from '../src/modules/monitoring/monitoring.authz-cases.ts';
import { noticeDocumentsMatrixCases } from '../src/modules/notices/documents/documents.authz-cases.ts';
import { noticeMatrixCases } from '../src/modules/notices/notices.authz-cases.ts';
import { escalationMatrixCases } from '../src/modules/notices/sweep/escalation.authz-cases.ts';
import { notificationsMatrixCases } from '../src/modules/notifications/notifications.authz-cases.ts';
import { topicsMatrixCases } from '../src/modules/topics/topics.authz-cases.ts';
import { accountMatrixCases } from './authz-matrix.account-cases.ts';
import { freshTown, freshUnit, type MatrixCase, rules } from './authz-matrix.ts';

const unitBody = (regionId: number, name: string) => ({ regionId, name, kind: 'government' });

/**
 * One entry per API route: how to call it inside and outside the caller's jurisdiction, and what each role
 * must get. The test fails for a route without an entry, so a new route cannot ship without a decision.
 */
export const matrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/health': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/health' }),
    expect: rules.everyone,
  },

  'GET /api/v1/regions': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/regions' }),
    expect: rules.everyone,
  },
  'GET /api/v1/regions/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/regions/${(where === 'inside' ? f.home : f.away).region.id}`,
    }),
    expect: rules.readInside,
  },
  'POST /api/v1/regions': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/regions',
      payload: { parentId: (where === 'inside' ? f.home : f.away).region.id, name: `R ${f.uniq()}` },
    }),
    expect: rules.adminActsInside,
  },
  'PUT /api/v1/regions/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/regions/${(await freshTown(f, where)).id}`,
      payload: { name: `R ${f.uniq()}` },
    }),
    expect: rules.adminActsInsideHiddenFromUnits,
  },
  'DELETE /api/v1/regions/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/regions/${(await freshTown(f, where)).id}` }),
    expect: rules.adminActsInsideHiddenFromUnits,
  },

  'GET /api/v1/units': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/units' }),
    expect: rules.everyone,
  },
  'GET /api/v1/units/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/units/${(where === 'inside' ? f.home : f.away).unitId}` }),
    expect: rules.readInside,
  },
  'POST /api/v1/units': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/units',
      payload: unitBody((where === 'inside' ? f.home : f.away).region.id, `U ${f.uniq()}`),
    }),
    expect: rules.adminActsInside,
  },
  'PUT /api/v1/units/:id': {
    scoped: true,
    // Inside: the caller's own unit A, rewritten with its current values, so unit roles can see it but not act.
    prepare: async (f, where) => {
      const side = where === 'inside' ? f.home : f.away;
      const name = where === 'inside' ? 'Unit A' : 'Unit B';
      return { url: `/api/v1/units/${side.unitId}`, payload: unitBody(side.region.id, name) };
    },
    expect: rules.adminActsInside,
  },
  'DELETE /api/v1/units/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/units/${(await freshUnit(f, where)).id}` }),
    expect: (role, where) =>
      where === 'outside' || isUnitRole(role) ? 'hidden' : rules.adminActsInside(role, where),
  },

  // The holiday calendar is national, not per jurisdiction: office roles read it, unit roles may not;
  // only system admins and office admins of the root region change it (these actors sit in county A).
  'GET /api/v1/calendar/years': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/calendar/years' }),
    expect: (role) => (isUnitRole(role) ? 'denied' : 'ok'),
  },
  'GET /api/v1/calendar/:year': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/calendar/2026' }),
    expect: (role) => (isUnitRole(role) ? 'denied' : 'ok'),
  },
  'PUT /api/v1/calendar/:year': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/calendar/2099',
      payload: {
        version: '1',
        source: 'matrix',
        holidays: [{ date: '2099-01-01', name: 'x' }],
        makeUpWorkdays: [],
      },
    }),
    expect: (role) => (role === 'system_admin' ? 'ok' : 'denied'),
  },
  'POST /api/v1/calendar/deadline': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/calendar/deadline',
      payload: { start: '2026-09-30T10:00+08:00', duration: '5wd' },
    }),
    expect: (role) => (isUnitRole(role) ? 'denied' : 'ok'),
  },

  // The audit log is filtered to the caller's jurisdiction in SQL, so the routes are not target-scoped.
  'GET /api/v1/audit': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/audit' }),
    expect: (role) => (canReadAudit(role) ? 'ok' : 'denied'),
  },
  'GET /api/v1/audit/export.xlsx': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/audit/export.xlsx' }),
    expect: (role) => (canReadAudit(role) ? 'ok' : 'denied'),
  },
  'GET /api/v1/audit/verify': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/audit/verify' }),
    expect: (role) => (role === 'system_admin' || role === 'auditor' ? 'ok' : 'denied'),
  },

  ...accountMatrixCases,
  ...assetMatrixCases,
  ...notificationsMatrixCases,
  ...noticeMatrixCases,
  ...noticeDocumentsMatrixCases,
  ...escalationMatrixCases,
  ...monitoringMatrixCases,
  ...intakeMatrixCases,
  ...rulesMatrixCases,
  ...intelMatrixCases,
  ...alertsMatrixCases,
  ...eventSourcesMatrixCases,
  ...intakeEvidenceMatrixCases,
  ...intakeWorkflowMatrixCases,
  ...intakeCategoriesMatrixCases,
  ...topicsMatrixCases,
};
