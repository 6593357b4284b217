import type { Role } from '@shouwang/common';
import type { MatrixCase, Outcome } from '../../../../test/authz-matrix.ts';
import { isOfficeRole } from '../../../../test/authz-matrix.ts';
import { multipart } from '../../assets/assets.test-support.ts';
import { freshFeed, freshIndicator } from './intel.test-support.ts';

/**
 * The threat-intelligence routes' entries for the authorization matrix. Feeds and indicators are
 * office-wide, so nothing is scoped by jurisdiction: office roles read, analysts and admins manage and
 * import; unit roles are refused lists and do not see single feeds or indicators (404).
 */

const MANAGERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const officeReads = (role: Role): Outcome => (isOfficeRole(role) ? 'ok' : 'denied');
const managersOnly = (role: Role): Outcome => (MANAGERS.includes(role) ? 'ok' : 'denied');
const readOne = (role: Role): Outcome => (isOfficeRole(role) ? 'ok' : 'hidden');
const manageOne = (role: Role): Outcome =>
  !isOfficeRole(role) ? 'hidden' : MANAGERS.includes(role) ? 'ok' : 'denied';
// A closed port on loopback: the matrix does not allow loopback, so the background import fails at once.
const NOWHERE = 'http://127.0.0.1:9/feed.csv';

export const intelMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/events/intel/feeds': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/intel/feeds' }),
    expect: officeReads,
  },
  'POST /api/v1/events/intel/feeds': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/events/intel/feeds',
      payload: { name: `Feed ${f.uniq()}`, kind: 'stix' },
    }),
    expect: managersOnly,
  },
  'GET /api/v1/events/intel/feeds/:id': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/events/intel/feeds/${await freshFeed(f.ctx, `Feed ${f.uniq()}`)}`,
    }),
    expect: readOne,
  },
  'PATCH /api/v1/events/intel/feeds/:id': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/events/intel/feeds/${await freshFeed(f.ctx, `Feed ${f.uniq()}`)}`,
      payload: { defaultTtlDays: 30 },
    }),
    expect: manageOne,
  },
  'DELETE /api/v1/events/intel/feeds/:id': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/events/intel/feeds/${await freshFeed(f.ctx, `Feed ${f.uniq()}`)}`,
    }),
    expect: manageOne,
  },
  'POST /api/v1/events/intel/feeds/:id/import': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/events/intel/feeds/${await freshFeed(f.ctx, `Feed ${f.uniq()}`, 'csv', { url: NOWHERE })}/import`,
    }),
    expect: manageOne,
  },
  'POST /api/v1/events/intel/feeds/:id/upload': {
    scoped: false,
    prepare: async (f) => {
      const id = await freshFeed(f.ctx, `Feed ${f.uniq()}`);
      const { payload, headers } = multipart('list.csv', Buffer.from('203.0.113.5\n'));
      return { url: `/api/v1/events/intel/feeds/${id}/upload`, payload, headers };
    },
    expect: manageOne,
  },
  'GET /api/v1/events/intel/indicators': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/intel/indicators' }),
    expect: officeReads,
  },
  'GET /api/v1/events/intel/indicators/:id': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/events/intel/indicators/${await freshIndicator(f.ctx, `Feed ${f.uniq()}`)}`,
    }),
    expect: readOne,
  },
};
