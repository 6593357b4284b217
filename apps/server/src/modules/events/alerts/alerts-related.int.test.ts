import { CompiledQuery, type Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { optimizeDatabase } from '../../../platform/db/database.ts';
import type { AlertTable } from '../../../platform/db/schema-alerts.ts';
import { type Actor, systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { alertsRepository, relatedQuery } from './alerts.repository.ts';

// An alert's related alerts (same alert key, or same group key on the same asset/unit): what is found, and
// that both branches of the OR are index lookups on both databases (alerts_key_idx, alerts_group_key_idx).

let ctx: TestContext;
let w: NoticeWorld;
let analystA: Actor;
let pathA: string;
let pathB: string;
const db = () => ctx.services.database.db;
const AT = '2026-11-22T01:00:00.000Z';

async function pathOf(regionId: number): Promise<string> {
  const r = await db()
    .selectFrom('regions')
    .select('path')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return r.path;
}

function alertRow(over: Partial<Insertable<AlertTable>> & { alert_key: string; group_key: string }) {
  return {
    rule_key: 'rule',
    kind: 'sigma',
    title: 'Test alert',
    level: 'high',
    severity: 'III',
    is_cii: 0,
    source_id: 1,
    unit_id: w.unitA.id,
    asset_id: null,
    region_path: pathA,
    state: 'new',
    count: 1,
    first_seen_at: AT,
    last_seen_at: AT,
    window_ends_at: AT,
    matched_fields: '{}',
    finding_pending: 0,
    finding_id: null,
    created_at: AT,
    updated_at: AT,
    version: 1,
    ...over,
  } satisfies Insertable<AlertTable>;
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  pathA = await pathOf(w.unitA.region_id);
  pathB = await pathOf(w.unitB.region_id);
  analystA = { ...systemActor(pathA), role: 'analyst', regionId: w.unitA.region_id };
});
afterAll(async () => {
  await ctx?.close();
});

describe('related alerts', () => {
  it('finds the same alert key and the same group key on the same unit, within the jurisdiction', async () => {
    const key = (rule: string, ip: string) => `sigma|${rule}|u${w.unitA.id}|source.ip=${ip}`;
    const [id] = await alertsRepository.insertAlerts(db(), [
      alertRow({ alert_key: key('r1', '192.0.2.1'), group_key: 'source.ip=192.0.2.1' }),
    ]);
    await alertsRepository.insertAlerts(db(), [
      // The same key, an earlier window (another row with the same alert key).
      alertRow({
        alert_key: key('r1', '192.0.2.1'),
        group_key: 'source.ip=192.0.2.1',
        last_seen_at: '2026-11-21T00:00:00.000Z',
      }),
      // Another rule on the same attacker and unit.
      alertRow({ alert_key: key('r2', '192.0.2.1'), group_key: 'source.ip=192.0.2.1', rule_key: 'r2' }),
      // Same attacker in another unit (another county): not related, and not visible anyway.
      alertRow({
        alert_key: `sigma|r2|u${w.unitB.id}|source.ip=192.0.2.1`,
        group_key: 'source.ip=192.0.2.1',
        unit_id: w.unitB.id,
        region_path: pathB,
      }),
      // Another attacker.
      alertRow({ alert_key: key('r1', '192.0.2.2'), group_key: 'source.ip=192.0.2.2' }),
    ]);
    const found = await alertsRepository.related(db(), analystA, {
      id: id ?? 0,
      alert_key: key('r1', '192.0.2.1'),
      group_key: 'source.ip=192.0.2.1',
      asset_id: null,
      unit_id: w.unitA.id,
    });
    expect(found.map((r) => [r.alert_key, r.last_seen_at])).toEqual([
      [key('r2', '192.0.2.1'), AT],
      [key('r1', '192.0.2.1'), '2026-11-21T00:00:00.000Z'],
    ]);
    const cityAdmin = { ...systemActor(pathA.replace(/\d+\/$/, '')), role: 'office_admin' as const };
    const wider = await alertsRepository.related(db(), cityAdmin, {
      id: id ?? 0,
      alert_key: key('r1', '192.0.2.1'),
      group_key: 'source.ip=192.0.2.1',
      asset_id: null,
      unit_id: w.unitA.id,
    });
    expect(wider).toHaveLength(2); // unit B's alert has the same group key but another unit
  });

  it('looks both branches up by index on a populated table (EXPLAIN)', async () => {
    const rows: Insertable<AlertTable>[] = [];
    for (let i = 0; i < 4000; i++)
      rows.push(
        alertRow({
          alert_key: `sigma|r${i % 40}|u${w.unitA.id}|source.ip=10.0.${i % 250}.1`,
          group_key: `source.ip=10.0.${i % 250}.1`,
          rule_key: `r${i % 40}`,
        }),
      );
    await alertsRepository.insertAlerts(db(), rows);
    const { dialect } = ctx.services.database;
    // Planner statistics as production has them (SQLite: ANALYZE by optimizeDatabase; PostgreSQL: autovacuum).
    await optimizeDatabase(db());
    if (dialect === 'postgres') await db().executeQuery(CompiledQuery.raw('analyze alerts'));
    const q = relatedQuery(db(), analystA, {
      id: 1,
      alert_key: `sigma|r0|u${w.unitA.id}|source.ip=10.0.0.1`,
      group_key: 'source.ip=10.0.0.1',
      asset_id: null,
      unit_id: w.unitA.id,
    }).compile();
    const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const result = await db().executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(explain + q.sql, [...q.parameters]),
    );
    const plan = result.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
    if (dialect === 'sqlite') {
      expect(plan).toMatch(/MULTI-INDEX OR/);
      expect(plan).toMatch(/SEARCH alerts USING INDEX alerts_key_idx \(alert_key=\?\)/);
      expect(plan).toMatch(/SEARCH alerts USING INDEX alerts_group_key_idx \(group_key=\?\)/);
    } else {
      expect(plan).toMatch(/BitmapOr/);
      expect(plan).toMatch(/Bitmap Index Scan on alerts_key_idx/);
      expect(plan).toMatch(/Bitmap Index Scan on alerts_group_key_idx/);
    }
    expect(plan).not.toMatch(/SCAN alerts(?! USING INDEX alerts_(key|group_key)_idx)|Seq Scan on alerts/);
  });
});
