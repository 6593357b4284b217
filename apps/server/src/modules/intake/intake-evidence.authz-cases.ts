import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { pngOf, submissionForm } from './intake.test-support.ts';

/**
 * Evidence uploads' entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts):
 * the public submits with files; whoever may read a case sees its files, others get 404.
 */

const system = systemActor('/');
let client = 0;
const freshClient = () => `2001:db8:e::${(++client).toString(16)}`;
const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

/** A message with one photo, dispatched to the side's unit so unit roles read it inside. */
async function caseWithPhoto(f: MatrixFixtures, where: Where) {
  const title = `Evidence ${f.uniq()}`;
  await f.ctx.services.intakePublic.submitMessage(
    { ip: freshClient(), locale: 'en-US', solution: null },
    {
      type: 'complaint',
      topic: 'matrix',
      regionId: side(f, where).region.id,
      title,
      content: `Matrix evidence case ${title}`,
      contactPhone: '13800001234',
      publishable: false,
    },
    [{ name: 'photo.png', buffer: await pngOf(8, 8) }],
  );
  const db = f.ctx.services.database.db;
  const row = await db
    .selectFrom('intake_cases')
    .select('id')
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  await f.ctx.services.intake.dispatch(system, row.id, side(f, where).unitId, null);
  const file = await db
    .selectFrom('intake_files')
    .select('id')
    .where('case_id', '=', row.id)
    .executeTakeFirstOrThrow();
  return { id: row.id, fileId: file.id };
}

const readInside = (_role: unknown, where: Where): Outcome => (where === 'inside' ? 'ok' : 'hidden');

export const intakeEvidenceMatrixCases: Record<string, MatrixCase> = {
  'POST /api/v1/public/reports/with-files': {
    scoped: false,
    prepare: async (f) => {
      const form = submissionForm(
        { category: 'fraud', urls: [`https://shop-${f.uniq()}.example/`], description: 'A fake shop' },
        [{ name: 'shot.png', content: await pngOf(8, 8) }],
      );
      return {
        url: '/api/v1/public/reports/with-files',
        payload: form.payload,
        headers: { ...form.headers, 'x-forwarded-for': freshClient() },
      };
    },
    expect: () => 'ok',
  },
  'POST /api/v1/public/messages/with-files': {
    scoped: false,
    prepare: async (f) => {
      const form = submissionForm(
        {
          type: 'suggestion',
          topic: 'parks',
          regionId: f.home.region.id,
          title: `Benches ${f.uniq()}`,
          content: 'More benches in the park, please.',
          publishable: true,
        },
        [{ name: 'park.png', content: await pngOf(8, 8) }],
      );
      return {
        url: '/api/v1/public/messages/with-files',
        payload: form.payload,
        headers: { ...form.headers, 'x-forwarded-for': freshClient() },
      };
    },
    expect: () => 'ok',
  },
  'GET /api/v1/intake/cases/:id/files': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/intake/cases/${(await caseWithPhoto(f, where)).id}/files`,
    }),
    expect: readInside,
  },
  'GET /api/v1/intake/cases/:id/files/:fileId': {
    scoped: true,
    prepare: async (f, where) => {
      const c = await caseWithPhoto(f, where);
      return { url: `/api/v1/intake/cases/${c.id}/files/${c.fileId}` };
    },
    expect: readInside,
  },
};
