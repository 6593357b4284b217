import type { Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome } from '../../../../test/authz-matrix.ts';
import { isOfficeRole } from '../../../../test/authz-matrix.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { multipart } from '../../assets/assets.test-support.ts';

/**
 * The Sigma rule routes' entries for the authorization matrix. Rules and detection settings are
 * office-wide (one engine per ingest process), so nothing here is scoped by jurisdiction: office roles
 * read and test, analysts and admins change; unit roles are refused, and a single rule is hidden from them.
 */

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const officeReads = (role: Role): Outcome => (isOfficeRole(role) ? 'ok' : 'denied');
const writersOnly = (role: Role): Outcome => (WRITERS.includes(role) ? 'ok' : 'denied');
const readOne = (role: Role): Outcome => (isOfficeRole(role) ? 'ok' : 'hidden');
const writeOne = (role: Role): Outcome =>
  !isOfficeRole(role) ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';

const ruleText = (title: string) => `title: ${title}
logsource:
    category: webserver
detection:
    selection:
        url.path: '/matrix'
    condition: selection
level: low
`;

async function freshRule(f: MatrixFixtures): Promise<{ id: number; version: number }> {
  const r = await f.ctx.services.rules.create(systemActor('/', 'matrix'), {
    yaml: ruleText(`Matrix ${f.uniq()}`),
    enabled: false,
  });
  return { id: r.id, version: r.version };
}

const settingsBody = { fieldMappings: {}, placeholders: {}, alertWindowMinutes: 15, findingMinLevel: 'high' };

export const rulesMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/events/rules': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/rules' }),
    expect: officeReads,
  },
  'GET /api/v1/events/rules/:id': {
    scoped: false,
    prepare: async (f) => ({ url: `/api/v1/events/rules/${(await freshRule(f)).id}` }),
    expect: readOne,
  },
  'POST /api/v1/events/rules': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/events/rules',
      payload: { yaml: ruleText(`Matrix ${f.uniq()}`), enabled: false },
    }),
    expect: writersOnly,
  },
  'PUT /api/v1/events/rules/:id': {
    scoped: false,
    prepare: async (f) => {
      const r = await freshRule(f);
      return { url: `/api/v1/events/rules/${r.id}`, payload: { enabled: false, version: r.version } };
    },
    expect: writeOne,
  },
  'DELETE /api/v1/events/rules/:id': {
    scoped: false,
    prepare: async (f) => ({ url: `/api/v1/events/rules/${(await freshRule(f)).id}` }),
    expect: writeOne,
  },
  'POST /api/v1/events/rules/upload': {
    scoped: false,
    prepare: async (f) => {
      const { payload, headers } = multipart('matrix.yml', Buffer.from(ruleText(`Matrix ${f.uniq()}`)));
      return { url: '/api/v1/events/rules/upload', payload, headers };
    },
    expect: writersOnly,
  },
  'POST /api/v1/events/rules/test': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/events/rules/test',
      payload: { yaml: ruleText('Matrix test'), event: { url: { path: '/matrix' } } },
    }),
    expect: officeReads,
  },
  'GET /api/v1/events/detection-settings': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/detection-settings' }),
    expect: officeReads,
  },
  'PUT /api/v1/events/detection-settings': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/detection-settings', payload: settingsBody }),
    expect: writersOnly,
  },
};
