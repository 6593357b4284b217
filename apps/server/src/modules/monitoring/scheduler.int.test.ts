import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { DEFAULT_CHECKS } from './monitor-config.ts';
import { monitoringRepository } from './monitoring.repository.ts';
import { websiteAsset } from './monitoring.test-support.ts';
import { type Claim, DEFAULT_SCHEDULER_LIMITS, tickMonitors } from './scheduler.ts';

let ctx: TestContext;
let unitId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  unitId = (await buildJurisdiction(ctx)).unitA.id;
});
afterAll(async () => {
  await ctx?.close();
});

async function monitorFor(host: string, nextRunAt: string): Promise<number> {
  const { db } = ctx.services.database;
  const url = `http://${host}/`;
  return monitoringRepository.insert(db, {
    asset_id: await websiteAsset(ctx, unitId, url, `Site ${host}`),
    enabled: 1,
    interval_seconds: 60,
    pages: JSON.stringify([url]),
    crawl_depth: 0,
    checks: JSON.stringify(DEFAULT_CHECKS),
    maintenance: '[]',
    tls_probe_hours: 24,
    tls_probed_at: null,
    host,
    next_run_at: nextRunAt,
    last_run_at: null,
    claim_token: null,
    claimed_until: null,
    status: 'unknown',
    last_latency_ms: null,
    last_status_code: null,
    last_error: null,
    created_at: nextRunAt,
    updated_at: nextRunAt,
  });
}

describe('monitor scheduler', () => {
  it('never hands one slot to two schedulers ticking at once, and honours the per-host limit', async () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const due = new Date(now.getTime() - 1000).toISOString();
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await monitorFor(`site${i}.example.gov.cn`, due));
    const claims: Claim[] = [];
    const limits = { ...DEFAULT_SCHEDULER_LIMITS, perHost: 2 };
    const scheduler = () =>
      tickMonitors(ctx.services.database.db, now, limits, async (c) => {
        claims.push(c);
      });
    // Several schedulers (separate pool connections on PostgreSQL) race for the same due slots.
    await Promise.all([scheduler(), scheduler(), scheduler(), scheduler()]);
    expect(claims.length).toBe(24);
    // Three sites on one shared host: at most two of them run at once.
    for (let i = 0; i < 3; i++) ids.push(await monitorFor('shared.example.gov.cn', due));

    await scheduler();
    await Promise.all([scheduler(), scheduler()]);
    const perMonitor = new Map<number, number>();
    for (const c of claims) perMonitor.set(c.monitorId, (perMonitor.get(c.monitorId) ?? 0) + 1);
    expect([...perMonitor.values()].every((n) => n === 1)).toBe(true);
    expect(perMonitor.size).toBe(26);
    const rows = await ctx.services.database.db
      .selectFrom('monitors')
      .select(['id', 'next_run_at', 'host', 'claimed_until'])
      .where('id', 'in', ids)
      .execute();
    // Each claimed slot moved one interval on, so the same interval is never run twice.
    for (const r of rows.filter((r) => perMonitor.has(r.id))) {
      expect(r.next_run_at).toBe(new Date(Date.parse(due) + 60_000).toISOString());
    }
    expect(rows.filter((r) => r.host === 'shared.example.gov.cn' && r.claimed_until !== null)).toHaveLength(
      2,
    );
  });
});
