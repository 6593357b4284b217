import type { Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome } from '../../../test/authz-matrix.ts';

/**
 * The report categories' entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts).
 * Categories are deployment-wide: every staff role reads them; writing follows the public form's rule, so of
 * the matrix's callers (all rooted in a county) only the system administrator may.
 */

const rootAdminOnly = (role: Role): Outcome => (role === 'system_admin' ? 'ok' : 'denied');

async function freshCategory(f: MatrixFixtures) {
  const code = `matrix_${f.uniq()}`;
  await f.ctx.services.database.db
    .insertInto('intake_categories')
    .values({
      code,
      name_zh: `类别 ${code}`,
      name_en: `Category ${code}`,
      active: 1,
      created_at: new Date().toISOString(),
    })
    .execute();
  return code;
}

export const intakeCategoriesMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/intake/categories': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/intake/categories' }),
    expect: () => 'ok',
  },
  'POST /api/v1/intake/categories': {
    scoped: false,
    prepare: async (f) => {
      const code = `matrix_${f.uniq()}`;
      return {
        url: '/api/v1/intake/categories',
        payload: { code, nameZh: '新类别', nameEn: 'New category' },
      };
    },
    expect: rootAdminOnly,
  },
  'PATCH /api/v1/intake/categories/:code': {
    scoped: false,
    prepare: async (f) => ({
      url: `/api/v1/intake/categories/${await freshCategory(f)}`,
      payload: { active: false },
    }),
    expect: rootAdminOnly,
  },
  'DELETE /api/v1/intake/categories/:code': {
    scoped: false,
    prepare: async (f) => ({ url: `/api/v1/intake/categories/${await freshCategory(f)}` }),
    expect: rootAdminOnly,
  },
};
