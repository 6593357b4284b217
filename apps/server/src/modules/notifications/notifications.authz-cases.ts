import { canAdministerOrg, isUnitRole, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { insertChannel, insertNotice } from './notifications.test-support.ts';

/**
 * The notifications routes' entries for the authorization matrix (spread into
 * apps/server/test/authz-matrix.cases.ts). Inbox and preferences are the caller's own; channels are
 * managed by org admins within their region; the delivery log follows the notice's visibility and is
 * closed to unit roles.
 */

const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

/** Org admins manage channels inside and cannot see outside; every other role is refused outright. */
const channelAdmins = (role: Role, where: Where): Outcome =>
  canAdministerOrg(role) ? (where === 'inside' ? 'ok' : 'hidden') : 'denied';

async function anyUserId(f: MatrixFixtures): Promise<number> {
  const row = await f.ctx.services.database.db
    .selectFrom('users')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The matrix caller with this role (inside) or a user of the other county (outside). */
async function ownerOf(f: MatrixFixtures, where: Where, role: Role): Promise<number> {
  const { db } = f.ctx.services.database;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', where === 'inside' ? role : 'analyst')
    .where('region_id', '=', side(f, where).region.id)
    .orderBy('id')
    .executeTakeFirst();
  if (row) return row.id;
  const { buildUser } = await import('../../../test/factories.ts');
  return (await buildUser(f.ctx, { role: 'analyst', region: side(f, where).region })).id;
}

async function inboxMessage(f: MatrixFixtures, where: Where, role: Role): Promise<number> {
  const row = await f.ctx.services.database.db
    .insertInto('inbox_messages')
    .values({
      user_id: await ownerOf(f, where, role),
      topic: 'notice.issued',
      title: `Message ${f.uniq()}`,
      body: 'b',
      link: null,
      notice_id: null,
      read_at: null,
      created_at: f.ctx.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshChannel(f: MatrixFixtures, where: Where): Promise<number> {
  return insertChannel(f.ctx, {
    regionId: side(f, where).region.id,
    kind: 'webhook',
    name: `Hook ${f.uniq()}`,
    // A closed local port: the test-send answers at once with ok=false.
    config: { url: 'http://127.0.0.1:9/hook', secret: 's' },
  });
}

export const notificationsMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/inbox': { scoped: false, prepare: async () => ({ url: '/api/v1/inbox' }), expect: () => 'ok' },
  'GET /api/v1/inbox/unread-count': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/inbox/unread-count' }),
    expect: () => 'ok',
  },
  'POST /api/v1/inbox/read-all': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/inbox/read-all' }),
    expect: () => 'ok',
  },
  'POST /api/v1/inbox/:id/read': {
    // Inside: the caller's own message; outside: someone else's, which is hidden.
    scoped: true,
    prepare: async (f, where, role) => ({ url: `/api/v1/inbox/${await inboxMessage(f, where, role)}/read` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'GET /api/v1/notices/:id/deliveries': {
    scoped: true,
    prepare: async (f, where) => {
      const s = side(f, where);
      const id = await insertNotice(f.ctx, {
        unitId: s.unitId,
        regionPath: s.region.path,
        officeRegionId: s.region.id,
        createdBy: await anyUserId(f),
      });
      return { url: `/api/v1/notices/${id}/deliveries` };
    },
    expect: (role, where) => (where === 'outside' ? 'hidden' : isUnitRole(role) ? 'denied' : 'ok'),
  },
  'GET /api/v1/notification-channels': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/notification-channels' }),
    expect: (role) => (canAdministerOrg(role) ? 'ok' : 'denied'),
  },
  'POST /api/v1/notification-channels': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/notification-channels',
      payload: {
        regionId: side(f, where).region.id,
        kind: 'wecom',
        name: `Robot ${f.uniq()}`,
        config: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      },
    }),
    expect: channelAdmins,
  },
  'GET /api/v1/notification-channels/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/notification-channels/${await freshChannel(f, where)}` }),
    expect: channelAdmins,
  },
  'PUT /api/v1/notification-channels/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notification-channels/${await freshChannel(f, where)}`,
      payload: { name: `Hook ${f.uniq()}`, config: {} },
    }),
    expect: channelAdmins,
  },
  'DELETE /api/v1/notification-channels/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/notification-channels/${await freshChannel(f, where)}` }),
    expect: channelAdmins,
  },
  'POST /api/v1/notification-channels/:id/test': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notification-channels/${await freshChannel(f, where)}/test`,
      payload: {},
    }),
    expect: channelAdmins,
  },
  'GET /api/v1/me/notification-prefs': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/me/notification-prefs' }),
    expect: () => 'ok',
  },
  'PUT /api/v1/me/notification-prefs': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/me/notification-prefs',
      payload: [{ channel: 'email', topic: '*', enabled: true }],
    }),
    expect: () => 'ok',
  },
};
