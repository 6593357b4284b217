import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegion, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { runHousekeeping } from './housekeeping.ts';

describe(`housekeeping job (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('deletes expired sessions and import previews and keeps live ones', async () => {
    const { db } = ctx.services.database;
    const region = await buildRegion(ctx);
    const user = await buildUser(ctx, { role: 'office_admin', region });
    const now = new Date('2030-01-01T12:00:00.000Z');
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
    const session = (id: string, stage: string, created: number, seen: number, expires: number) => ({
      id,
      user_id: user.id,
      stage,
      created_at: at(created),
      last_seen_at: at(seen),
      expires_at: at(expires),
      ip: null,
      user_agent: null,
    });
    await db
      .insertInto('sessions')
      .values([
        session('live', 'full', -60, -1, 600),
        session('absolute', 'full', -800, -1, -1),
        session('idle', 'full', -120, -31, 600),
        session('pending-old', 'totp', -11, -11, 600),
        session('pending-new', 'totp', -2, -2, 600),
      ])
      .execute();
    const preview = (id: string, expires: number) => ({
      id,
      user_id: user.id,
      kind: 'units',
      file_name: 'a.xlsx',
      valid_rows: '[]',
      row_errors: '[]',
      total_rows: 0,
      created_at: at(-60),
      expires_at: at(expires),
      consumed_at: null,
    });
    await db
      .insertInto('import_previews')
      .values([preview('old', -1), preview('fresh', 30)])
      .execute();

    const result = await runHousekeeping(db, now, 30);

    expect(result).toMatchObject({ sessions: 3, importPreviews: 1 });
    const sessions = await db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(sessions.map((s) => s.id)).toEqual(['live', 'pending-new']);
    const previews = await db.selectFrom('import_previews').select('id').execute();
    expect(previews.map((p) => p.id)).toEqual(['fresh']);
    expect(await runHousekeeping(db, now, 30)).toEqual({ sessions: 0, importPreviews: 0, completedJobs: 0 });
  });
});
