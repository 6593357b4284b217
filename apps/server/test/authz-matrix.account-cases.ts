import { postLogin, totpCode } from '../src/modules/auth/auth-test-helpers.ts';
import { newTotpSecret } from '../src/modules/auth/totp.ts';
import { type MatrixCase, type MatrixFixtures, rules, type Where } from './authz-matrix.ts';
import { buildUser, DEFAULT_PASSWORD, sessionCookie } from './factories.ts';

/** A unit handler of unit A (inside) or unit B (outside): every office role in county A and unit A's users see it. */
async function freshUnitUser(f: MatrixFixtures, where: Where) {
  const side = where === 'inside' ? f.home : f.away;
  return buildUser(f.ctx, {
    role: 'unit_handler',
    region: side.region,
    unitId: side.unitId,
    username: `mx_${f.uniq()}`,
  });
}

/** A signed-in session of a throwaway user, for routes that act on the caller's own session or account. */
async function throwawayCookie(f: MatrixFixtures): Promise<string> {
  const user = await buildUser(f.ctx, {
    role: 'unit_handler',
    region: f.home.region,
    unitId: f.home.unitId,
    username: `mx_${f.uniq()}`,
  });
  return sessionCookie(f.ctx, user);
}

/** Pending-stage requests are made by a fresh user who just passed the password step. */
async function pendingLogin(f: MatrixFixtures, totpSecret: string | null) {
  const user = await buildUser(f.ctx, {
    role: 'analyst',
    region: f.home.region,
    username: `mx_${f.uniq()}`,
    totpSecret,
  });
  const login = await postLogin(f.ctx, user.username, DEFAULT_PASSWORD);
  if (!login.cookie) throw new Error(`login failed: ${login.res.body}`);
  return login.cookie;
}

const userUpdateBody = (f: MatrixFixtures, where: Where, username: string) => {
  const side = where === 'inside' ? f.home : f.away;
  return {
    displayName: `Renamed ${username}`,
    role: 'unit_handler',
    regionId: side.region.id,
    unitId: side.unitId,
    disabled: false,
  };
};

export const accountMatrixCases: Record<string, MatrixCase> = {
  'POST /api/v1/auth/login': {
    scoped: false,
    prepare: async (f) => {
      const user = await freshUnitUser(f, 'inside');
      return { url: '/api/v1/auth/login', payload: { username: user.username, password: DEFAULT_PASSWORD } };
    },
    expect: rules.everyone,
  },
  'GET /api/v1/auth/totp/enrolment': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/auth/totp/enrolment',
      headers: { cookie: await pendingLogin(f, null) },
    }),
    expect: rules.everyone,
  },
  'POST /api/v1/auth/totp/enrolment': {
    scoped: false,
    prepare: async (f) => {
      const cookie = await pendingLogin(f, null);
      const enrol = await f.ctx.app.inject({
        method: 'GET',
        url: '/api/v1/auth/totp/enrolment',
        headers: { cookie },
      });
      const code = await totpCode(f.ctx, enrol.json().secret);
      return { url: '/api/v1/auth/totp/enrolment', payload: { code }, headers: { cookie } };
    },
    expect: rules.everyone,
  },
  'POST /api/v1/auth/totp': {
    scoped: false,
    prepare: async (f) => {
      const secret = newTotpSecret();
      const cookie = await pendingLogin(f, secret);
      return {
        url: '/api/v1/auth/totp',
        payload: { code: await totpCode(f.ctx, secret) },
        headers: { cookie },
      };
    },
    expect: rules.everyone,
  },
  'POST /api/v1/auth/logout': {
    scoped: false,
    prepare: async (f) => ({ url: '/api/v1/auth/logout', headers: { cookie: await throwawayCookie(f) } }),
    expect: rules.everyone,
  },
  'GET /api/v1/auth/me': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/auth/me' }),
    expect: rules.everyone,
  },
  'PUT /api/v1/auth/me/locale': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/auth/me/locale', payload: { locale: 'zh-CN' } }),
    expect: rules.everyone,
  },
  'POST /api/v1/auth/password': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/auth/password',
      payload: { currentPassword: DEFAULT_PASSWORD, newPassword: 'Another-Strong-Pass-42' },
      headers: { cookie: await throwawayCookie(f) },
    }),
    expect: rules.everyone,
  },

  'GET /api/v1/users': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/users' }),
    expect: rules.everyone,
  },
  'GET /api/v1/users/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/users/${(await freshUnitUser(f, where)).id}` }),
    expect: rules.readInside,
  },
  'POST /api/v1/users': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/users',
      payload: {
        username: `mx_${f.uniq()}`,
        displayName: 'New',
        role: 'analyst',
        regionId: (where === 'inside' ? f.home : f.away).region.id,
      },
    }),
    expect: rules.adminActsInside,
  },
  'PUT /api/v1/users/:id': {
    scoped: true,
    prepare: async (f, where) => {
      const user = await freshUnitUser(f, where);
      return { url: `/api/v1/users/${user.id}`, payload: userUpdateBody(f, where, user.username) };
    },
    expect: rules.adminActsInside,
  },
  'POST /api/v1/users/:id/unlock': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/users/${(await freshUnitUser(f, where)).id}/unlock` }),
    expect: rules.adminActsInside,
  },
  'POST /api/v1/users/:id/reset-password': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/users/${(await freshUnitUser(f, where)).id}/reset-password`,
    }),
    expect: rules.adminActsInside,
  },
  'POST /api/v1/users/:id/reset-totp': {
    scoped: true,
    prepare: async (f, where) => {
      const side = where === 'inside' ? f.home : f.away;
      const user = await buildUser(f.ctx, {
        role: 'unit_handler',
        region: side.region,
        unitId: side.unitId,
        username: `mx_${f.uniq()}`,
        totpSecret: newTotpSecret(),
      });
      return { url: `/api/v1/users/${user.id}/reset-totp` };
    },
    expect: rules.adminActsInside,
  },

  'GET /api/v1/tokens': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/tokens' }),
    expect: rules.everyone,
  },
  'POST /api/v1/tokens': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/tokens',
      payload: { name: 'integration', scopes: ['org:read'], expiresInDays: 30 },
    }),
    expect: rules.everyone,
  },
  'DELETE /api/v1/tokens/:id': {
    scoped: true,
    // Inside: a token the caller just made for itself; outside: a token of a user in county B.
    prepare: async (f, where, role) => {
      const cookie =
        where === 'inside' ? f.cookieOf(role) : await sessionCookie(f.ctx, await freshUnitUser(f, 'outside'));
      const made = await f.ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'to revoke', scopes: ['org:read'], expiresInDays: 1 },
        headers: { cookie },
      });
      return { url: `/api/v1/tokens/${made.json().id}` };
    },
    expect: rules.readInside,
  },
};
