import {
  isUnitRole,
  NOTICE_ACTIONS,
  type NoticeAction,
  type NoticeState,
  nextNoticeState,
} from '@shouwang/common';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { backfillNoticeDailyStats } from '../../../platform/db/migrations/2026-11-21T1720-notice-daily-stats.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { STATS_COUNTS, type StatsCounts, statsContribution } from './notice-daily-stats.ts';

const ACTIONS = NOTICE_ACTIONS.filter((a): a is Exclude<NoticeAction, 'edit'> => a !== 'edit');
const HOUR = 3_600_000;

describe(`notice_daily_stats after random transitions (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let units: number[];
  let cast: { actor: Actor; unitId: number | null }[];

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    units = [j.unitA.id, j.unitB.id];
    const member = async (role: Actor['role'], region: typeof j.city, unitId: number | null) => {
      const u = await buildUser(ctx, { role, region, unitId });
      const actor: Actor = {
        userId: u.id,
        username: u.username,
        displayName: u.display_name,
        role,
        regionId: region.id,
        regionPath: region.path,
        unitId,
        via: 'session',
        scopes: null,
        sessionId: null,
        ip: null,
        requestId: null,
        locale: 'en-US',
      };
      return { actor, unitId };
    };
    cast = [
      await member('analyst', j.city, null),
      await member('office_admin', j.city, null),
      await member('unit_handler', j.countyA, j.unitA.id),
      await member('unit_leader', j.countyA, j.unitA.id),
      await member('unit_handler', j.countyB, j.unitB.id),
      await member('unit_leader', j.countyB, j.unitB.id),
    ];
  });
  afterAll(() => ctx?.close());

  /** The table's rows that count anything, in a stable order. */
  async function tableRows() {
    const rows = await ctx.services.database.db
      .selectFrom('notice_daily_stats')
      .selectAll()
      .orderBy('unit_id')
      .orderBy('day')
      .execute();
    return rows
      .map((r) => ({ ...r, ...Object.fromEntries(STATS_COUNTS.map((k) => [k, Number(r[k])])) }))
      .filter((r) => STATS_COUNTS.some((k) => r[k] !== 0));
  }

  /** The same counts summed in JS from every notice, with the rule the transitions apply. */
  async function fromNoticesInJs() {
    const notices = await ctx.services.database.db.selectFrom('notices').selectAll().execute();
    const sums = new Map<string, StatsCounts & { unit_id: number; region_path: string; day: string }>();
    for (const n of notices) {
      for (const [day, c] of statsContribution(n)) {
        const key = `${String(n.unit_id).padStart(9, '0')} ${day}`;
        const s = sums.get(key) ?? {
          unit_id: n.unit_id,
          region_path: n.region_path,
          day,
          issued: 0,
          withdrawn: 0,
          signed: 0,
          signed_on_time: 0,
          closed: 0,
          closed_on_time: 0,
        };
        for (const k of STATS_COUNTS) s[k] += c[k];
        sums.set(key, s);
      }
    }
    return [...sums.keys()].sort().flatMap((k) => sums.get(k) ?? []);
  }

  const step = fc.record({
    notice: fc.nat(1),
    pick: fc.nat(1000),
    hours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 24, max: 400 })),
  });

  it('equals a recomputation from the notices (the migration backfill, and the same rule in JS)', async () => {
    const { db } = ctx.services.database;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), async (steps) => {
        const ids: { id: number; unitId: number }[] = [];
        for (let i = 0; i < 2; i++) {
          const unitId = units[i % units.length] ?? 0;
          const creator = cast[0];
          if (!creator) throw new Error('no cast');
          const id = await ctx.services.notices.create(creator.actor, {
            unitId,
            category: 'defacement',
            severity: i === 0 ? 'I' : 'III',
            title: 'Stats notice',
            description: 'd',
            requiredActions: 'r',
            requiresLeaderApproval: i === 1,
          });
          ids.push({ id, unitId });
        }
        for (const s of steps) {
          // Time passes, so signings and report-backs fall on either side of their deadlines and days.
          ctx.clock.advance(s.hours * HOUR);
          const target = ids[s.notice % ids.length];
          if (!target) throw new Error('no notice');
          const row = await db
            .selectFrom('notices')
            .selectAll()
            .where('id', '=', target.id)
            .executeTakeFirstOrThrow();
          const state = row.state as NoticeState;
          const legal = cast.flatMap((c) =>
            ACTIONS.filter(
              (a) =>
                (!isUnitRole(c.actor.role) || c.unitId === target.unitId) &&
                nextNoticeState(state, a, {
                  role: c.actor.role,
                  requiresLeaderApproval: row.requires_leader_approval === 1,
                }) !== null,
            ).map((a) => ({ c, a })),
          );
          const chosen = legal[s.pick % Math.max(legal.length, 1)];
          if (!chosen) continue;
          await ctx.services.notices.transition(chosen.c.actor, target.id, {
            action: chosen.a,
            version: row.version,
            reason: 'because',
          });
          seen.add(chosen.a);
        }
        const maintained = await tableRows();
        expect(maintained).toEqual(await fromNoticesInJs());
        await db.deleteFrom('notice_daily_stats').execute();
        await backfillNoticeDailyStats(db);
        expect(await tableRows()).toEqual(maintained);
      }),
      { numRuns: 12 },
    );
    // The runs must have gone through every transition that moves the counts.
    expect([...seen]).toEqual(expect.arrayContaining(['issue', 'withdraw', 'sign', 'close', 'reopen']));
    const totals = await sql<{ n: number }>`select count(*) as n from notice_daily_stats`.execute(db);
    expect(Number(totals.rows[0]?.n)).toBeGreaterThan(0);
  }, 240_000);
});
