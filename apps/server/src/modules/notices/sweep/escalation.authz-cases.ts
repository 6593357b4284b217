import { canAdministerOrg, isUnitRole, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../../test/authz-matrix.ts';
import { DEFAULT_ESCALATION } from './escalation-settings.ts';

/**
 * The escalation settings routes' entries for the authorization matrix (spread into
 * apps/server/test/authz-matrix.cases.ts). Unit roles never see office settings (403 wherever the region
 * is); office roles read inside their jurisdiction, admins also write; a region outside is hidden.
 */
const url = (f: MatrixFixtures, where: Where) =>
  `/api/v1/notices/escalation?regionId=${(where === 'inside' ? f.home : f.away).region.id}`;

const readOutcome = (role: Role, where: Where): Outcome =>
  isUnitRole(role) ? 'denied' : where === 'outside' ? 'hidden' : 'ok';
const writeOutcome = (role: Role, where: Where): Outcome =>
  isUnitRole(role) ? 'denied' : where === 'outside' ? 'hidden' : canAdministerOrg(role) ? 'ok' : 'denied';

export const escalationMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/notices/escalation': {
    scoped: true,
    prepare: async (f, where) => ({ url: url(f, where) }),
    expect: readOutcome,
  },
  'PUT /api/v1/notices/escalation': {
    scoped: true,
    prepare: async (f, where) => ({ url: url(f, where), payload: DEFAULT_ESCALATION }),
    expect: writeOutcome,
  },
};
