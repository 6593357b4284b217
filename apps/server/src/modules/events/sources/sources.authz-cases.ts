import type { Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../../test/authz-matrix.ts';
import { rules } from '../../../../test/authz-matrix.ts';
import { rawRepository } from '../raw/raw.repository.ts';
import { sourcesRepository } from './sources.repository.ts';

/**
 * The event source, raw event and ingest routes' entries for the authorization matrix (spread into
 * apps/server/test/authz-matrix.cases.ts). Office roles read the sources and events of their jurisdiction
 * and unit roles their own unit's (the inside target belongs to the unit roles' unit A); analysts and
 * admins register and change sources; outside is hidden. Ingest takes only a source's own token.
 */

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const writersActInside = (role: Role, where: Where): Outcome =>
  where === 'outside' ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';

const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

async function freshSource(f: MatrixFixtures, where: Where, transport = 'syslog_udp'): Promise<number> {
  const at = f.ctx.clock.now().toISOString();
  return sourcesRepository.insert(f.ctx.services.database.db, {
    name: `Source ${f.uniq()}`,
    kind: 'syslog',
    unit_id: side(f, where).unitId,
    asset_id: null,
    transport,
    allowed_senders: JSON.stringify(['192.0.2.1']),
    timezone: 'Asia/Shanghai',
    file_path: null,
    token_id: null,
    enabled: 1,
    created_by: null,
    created_at: at,
    updated_at: at,
  });
}

async function freshRawEvent(f: MatrixFixtures, where: Where): Promise<number> {
  const db = f.ctx.services.database.db;
  const sourceId = await freshSource(f, where);
  const at = f.ctx.clock.now().toISOString();
  await rawRepository.insertMany(db, [
    {
      source_id: sourceId,
      unit_id: side(f, where).unitId,
      ts: at,
      received_at: at,
      source_ip: null,
      destination_ip: null,
      host_name: null,
      user_name: null,
      event_action: null,
      url_path: null,
      message: 'matrix',
      event: '{}',
      original: '{}',
      raw: 'matrix',
      parse_error: null,
      size: 6,
    },
  ]);
  const row = await db
    .selectFrom('raw_events')
    .select('id')
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return row.id;
}

export const eventSourcesMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/events/sources': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/sources' }),
    expect: rules.everyone,
  },
  'POST /api/v1/events/sources': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/events/sources',
      payload: {
        name: `New ${f.uniq()}`,
        kind: 'syslog',
        unitId: side(f, where).unitId,
        transport: 'syslog_udp',
        allowedSenders: ['192.0.2.0/24'],
      },
    }),
    expect: writersActInside,
  },
  'GET /api/v1/events/sources/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/events/sources/${await freshSource(f, where)}` }),
    expect: rules.readInside,
  },
  'PATCH /api/v1/events/sources/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/events/sources/${await freshSource(f, where)}`,
      payload: { enabled: false },
    }),
    expect: writersActInside,
  },
  'DELETE /api/v1/events/sources/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/events/sources/${await freshSource(f, where)}` }),
    expect: writersActInside,
  },
  'POST /api/v1/events/sources/:id/token': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/events/sources/${await freshSource(f, where, 'http')}/token`,
    }),
    expect: writersActInside,
  },
  'GET /api/v1/events/unregistered': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/unregistered' }),
    expect: (role) => (WRITERS.includes(role) ? 'ok' : 'denied'),
  },
  'GET /api/v1/events/raw': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/events/raw' }),
    expect: rules.everyone,
  },
  'GET /api/v1/events/raw/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/events/raw/${await freshRawEvent(f, where)}` }),
    expect: rules.readInside,
  },
  // Only a source's own bearer token says which source events come from: a signed-in user is refused.
  'POST /api/v1/events/ingest': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/events/ingest',
      payload: '{"message":"x"}\n',
      headers: { 'content-type': 'application/x-ndjson' },
    }),
    expect: () => 'denied',
  },
};
