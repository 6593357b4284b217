import { type Compilable, CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { optimizeDatabase } from '../../platform/db/database.ts';
import { backfillIntakeDailyStats } from '../../platform/db/migrations/2026-11-23T1745-intake-daily-stats.ts';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { dailyCountsQuery, undecidedSigningQuery } from './intake-dashboard.repository.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T04:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The plans the dashboard's KPI queries were tuned for on SQLite (bench/intake-dashboard.bench.ts, at
 * 1,000,000 cases): a regression here is seconds for a year-long period at that size.
 */
describe.runIf(process.env.SHOUWANG_TEST_DIALECT === 'sqlite')(
  'intake dashboard query plans (sqlite)',
  () => {
    let ctx: TestContext;
    let city: Actor;

    beforeAll(async () => {
      ctx = await createTestContext();
      const j = await buildJurisdiction(ctx);
      city = { ...systemActor(j.city.path), role: 'office_admin' };
      const units = [j.unitA, j.unitB];
      for (let u = 0; u < 18; u++) units.push(await buildUnit(ctx, u % 2 ? j.countyA : j.countyB));
      const { db } = ctx.services.database;
      // 6,000 cases over 400 days; those of the last two days are not signed yet, half inside their window.
      const rows = [];
      for (let i = 0; i < 6000; i++) {
        const unit = units[i % units.length] ?? j.unitA;
        const region = i % 2 ? j.countyA : j.countyB;
        const dispatched = NOW - ((i * 7919) % (400 * DAY));
        const recent = NOW - dispatched < 2 * DAY;
        rows.push({
          kind: 'message',
          channel: 'web',
          query_code_hash: `plan-${i}`,
          second_factor: 'phone',
          factor_digits: '1234',
          category: null,
          message_type: 'complaint',
          topic: 'plan',
          region_id: region.id,
          region_path: region.path,
          title: `Plan case ${i}`,
          content: 'x',
          urls: '[]',
          target_app: null,
          contact_name: null,
          contact_phone: '13800001234',
          publishable: 0,
          state: recent ? 'dispatched' : 'closed',
          unit_id: unit.id,
          group_id: null,
          sign_due_at: iso(dispatched + DAY),
          handle_due_at: iso(dispatched + 15 * DAY),
          deadline_provisional: 0,
          dispatch_count: 1,
          reassign_count: 0,
          dispatched_at: iso(dispatched),
          signed_at: recent ? null : iso(dispatched + 3600_000),
          signed_on_time: recent ? null : 1,
          reply: null,
          replied_at: recent ? null : iso(dispatched + 5 * DAY),
          completed_on_time: recent ? null : 1,
          rating: null,
          rating_comment: null,
          rated_at: null,
          created_by: null,
          created_at: iso(dispatched),
          updated_at: iso(dispatched),
          version: 1,
        });
      }
      for (let i = 0; i < rows.length; i += 200) {
        await db
          .insertInto('intake_cases')
          .values(rows.slice(i, i + 200) as never)
          .execute();
      }
      await backfillIntakeDailyStats(db);
      await optimizeDatabase(db);
    });
    afterAll(() => ctx.close());

    async function plan(query: Compilable<unknown>): Promise<string> {
      const q = query.compile();
      const result = await ctx.services.database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      return result.rows.map((r) => r.detail).join('\n');
    }

    it('sums a city-wide year of daily counts in primary-key order, without sorting into unit groups', async () => {
      const p = await plan(
        dailyCountsQuery(ctx.services.database.db, { actor: city }, '2025-11-21', '2026-11-19'),
      );
      // The table is its primary key (without rowid): a scan or a skip-scan of it comes in unit order.
      expect(p).toMatch(/^(SCAN intake_daily_stats|SEARCH intake_daily_stats USING PRIMARY KEY)/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    });

    it('finds undecided signing through the sign-deadline index, not a year of dispatches', async () => {
      const p = await plan(
        undecidedSigningQuery(
          ctx.services.database.db,
          { actor: city },
          { from: iso(NOW - 365 * DAY), to: iso(NOW + DAY), now: iso(NOW) },
        ),
      );
      expect(p).toMatch(/intake_cases USING COVERING INDEX intake_cases_sign_due_idx \(sign_due_at>\?\)/);
    });
  },
);
