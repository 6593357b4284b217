import { canEditAssets, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { insertAsset, multipart, xlsxOf } from './assets.test-support.ts';

/**
 * The assets routes' entries for the authorization matrix (apps/server/test/authz-matrix.cases.ts
 * spreads them in). Checked by assets.authz.int.test.ts on its own as well. The import upload is a
 * multipart body: its anonymous call must carry the prepared headers too, or it fails parsing (415)
 * before authentication.
 */

/** Asset writers act inside; everyone who can see the target but may not write is denied; outside is hidden. */
const writersActInside = (role: Role, where: Where): Outcome =>
  where === 'outside' ? 'hidden' : canEditAssets(role) ? 'ok' : 'denied';
const writersOnly = (role: Role): Outcome => (canEditAssets(role) ? 'ok' : 'denied');

const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

async function freshAsset(f: MatrixFixtures, where: Where): Promise<number> {
  return insertAsset(f.ctx, side(f, where).unitId, { name: `Asset ${f.uniq()}` });
}

/** The matrix signs in one user per role in the home county; a preview owned by that user (inside) or another. */
async function previewFor(f: MatrixFixtures, where: Where, role: Role): Promise<string> {
  const { db } = f.ctx.services.database;
  const owner = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', where === 'inside' ? role : 'system_admin')
    .where('region_id', '=', where === 'inside' ? f.home.region.id : f.away.region.id)
    .orderBy('id')
    .executeTakeFirst();
  const ownerId = owner?.id ?? (await anyUserOutside(f));
  const id = `matrix-${f.uniq()}`;
  const now = f.ctx.clock.now();
  await db
    .insertInto('import_previews')
    .values({
      id,
      user_id: ownerId,
      kind: 'assets',
      file_name: 'matrix.xlsx',
      valid_rows: '[]',
      row_errors: '[]',
      total_rows: 0,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 30 * 60 * 1000).toISOString(),
      consumed_at: null,
    })
    .execute();
  return id;
}

/** A user who is not any matrix caller: an owner for "someone else's" preview. */
async function anyUserOutside(f: MatrixFixtures): Promise<number> {
  const { buildUser } = await import('../../../test/factories.ts');
  return (await buildUser(f.ctx, { role: 'analyst', region: f.away.region })).id;
}

const body = (f: MatrixFixtures, where: Where) => ({
  unitId: side(f, where).unitId,
  kind: 'website',
  name: `Asset ${f.uniq()}`,
});

export const assetMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/assets': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/assets' }),
    expect: () => 'ok',
  },
  'GET /api/v1/assets/stats': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/assets/stats' }),
    expect: () => 'ok',
  },
  'GET /api/v1/assets/export.xlsx': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/assets/export.xlsx' }),
    expect: () => 'ok',
  },
  'GET /api/v1/assets/import/template.xlsx': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/assets/import/template.xlsx' }),
    expect: () => 'ok',
  },
  'POST /api/v1/assets/import': {
    // Rows naming units outside the jurisdiction are row errors, not a hidden resource: not scoped.
    scoped: false,
    prepare: async (f) => {
      const file = await xlsxOf([
        ['name', 'kind', 'unit'],
        [`Asset ${f.uniq()}`, 'website', 'Unit A'],
      ]);
      const { payload, headers } = multipart('matrix.xlsx', file);
      return { url: '/api/v1/assets/import', payload, headers };
    },
    expect: writersOnly,
  },
  'POST /api/v1/assets/import/:previewId/confirm': {
    // Inside: the caller's own preview; outside: another user's, which is hidden.
    scoped: true,
    prepare: async (f, where, role) => ({
      url: `/api/v1/assets/import/${await previewFor(f, where, role)}/confirm`,
    }),
    expect: writersActInside,
  },
  'GET /api/v1/assets/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/assets/${await freshAsset(f, where)}` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'POST /api/v1/assets': {
    scoped: true,
    prepare: async (f, where) => ({ url: '/api/v1/assets', payload: body(f, where) }),
    expect: writersActInside,
  },
  'PUT /api/v1/assets/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/assets/${await freshAsset(f, where)}`,
      payload: body(f, where),
    }),
    expect: writersActInside,
  },
  'DELETE /api/v1/assets/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/assets/${await freshAsset(f, where)}` }),
    expect: writersActInside,
  },
};
