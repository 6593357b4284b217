import type { MatrixCase, MatrixFixtures, Where } from '../../../../test/authz-matrix.ts';
import { rules } from '../../../../test/authz-matrix.ts';
import { insertNotice } from './notice-documents.test-support.ts';

/**
 * Authorization-matrix entries for the notice downloads and the dashboard (spread into
 * apps/server/test/authz-matrix.cases.ts). Whoever may read a notice may download its documents: inside
 * the jurisdiction every role (the notice is issued, so the home unit's roles see it), outside hidden.
 */
async function issuedNotice(f: MatrixFixtures, where: Where): Promise<number> {
  const side = where === 'inside' ? f.home : f.away;
  const creator = await f.ctx.services.database.db
    .selectFrom('users')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return insertNotice(
    f.ctx,
    { unitId: side.unitId, officeRegionId: side.region.id, createdBy: creator.id },
    { state: 'issued', title: `Notice ${f.uniq()}`, issued_at: f.ctx.clock.now().toISOString() },
  );
}

export const noticeDocumentsMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/notices/export.xlsx': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/notices/export.xlsx' }),
    expect: rules.everyone,
  },
  'GET /api/v1/notices/:id/document.docx': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/notices/${await issuedNotice(f, where)}/document.docx` }),
    expect: rules.readInside,
  },
  'GET /api/v1/notices/:id/report-back.docx': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/${await issuedNotice(f, where)}/report-back.docx`,
    }),
    expect: rules.readInside,
  },
  // Every role sees the dashboard of its own jurisdiction; a region outside it is hidden.
  'GET /api/v1/notices/dashboard': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/dashboard?regionId=${(where === 'inside' ? f.home : f.away).region.id}`,
    }),
    expect: rules.readInside,
  },
};
