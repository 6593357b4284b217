import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRegion } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { verifyAuditChain } from '../../platform/audit/audit-log.ts';
import { verifyPassword } from '../auth/password-policy.ts';
import { DEMO_USERS } from './demo-data.ts';
import { DemoRefusedError, seedDemoJurisdiction } from './demo-seed.ts';
import { runFirstStart } from './first-start.ts';
import { DEMO_SITES } from './sites/site-catalog.ts';

const TABLES = ['regions', 'units', 'users', 'assets', 'audit_log'] as const;

describe(`demo jurisdiction and first start (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  const db = () => ctx.services.database.db;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const row = await db()
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[t] = Number(row.n);
    }
    return out;
  };
  const printed: string[] = [];
  const options = (demo: boolean) => ({
    demo,
    port: 8123,
    passwordMinLength: 10,
    print: (text: string) => printed.push(text),
  });

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());
  afterEach(async () => {
    // Each test starts from an empty database.
    for (const t of [
      'sessions',
      'api_tokens',
      'users',
      'assets',
      'units',
      'audit_log',
      'audit_head',
    ] as const) {
      await db().deleteFrom(t).execute();
    }
    await db().updateTable('regions').set({ parent_id: null }).execute();
    await db().deleteFrom('regions').execute();
    printed.length = 0;
  });

  it('loads a city with 4 counties, their towns, ~20 units and ~40 fictional assets, all audited', async () => {
    const result = await seedDemoJurisdiction(db());
    const regions = await db().selectFrom('regions').selectAll().orderBy('path').execute();
    expect(regions.filter((r) => r.level === 'city').map((r) => r.name)).toEqual(['江川市']);
    const counties = regions.filter((r) => r.level === 'county');
    expect(counties).toHaveLength(4);
    for (const county of counties) {
      const towns = regions.filter((r) => r.parent_id === county.id);
      expect(towns.length).toBeGreaterThanOrEqual(2);
      expect(towns.length).toBeLessThanOrEqual(3);
      expect(towns.every((t) => t.level === 'town' && t.path.startsWith(county.path))).toBe(true);
    }
    const units = await db().selectFrom('units').selectAll().execute();
    expect(units.length).toBeGreaterThanOrEqual(18);
    expect(units.length).toBeLessThanOrEqual(25);
    for (const kind of ['government', 'township', 'school', 'hospital', 'cii_operator']) {
      expect(
        units.some((u) => u.kind === kind),
        kind,
      ).toBe(true);
    }
    expect(units.filter((u) => u.is_cii === 1).map((u) => u.name)).toEqual(
      expect.arrayContaining(['江川市自来水有限公司', '江川供电有限公司']),
    );
    const assets = await db().selectFrom('assets').selectAll().execute();
    expect(assets.length).toBeGreaterThanOrEqual(36);
    expect(assets.length).toBeLessThanOrEqual(44);
    expect(assets.filter((a) => a.kind === 'website').length).toBeGreaterThan(assets.length / 2);
    const cii = assets.filter((a) => a.kind === 'cii');
    expect(cii.length).toBeGreaterThanOrEqual(3);
    expect(cii.every((a) => a.is_cii === 1 && a.mlps_level === 3)).toBe(true);
    const domains = assets.flatMap((a) => JSON.parse(a.domains) as string[]);
    expect(domains.length).toBeGreaterThan(20);
    expect(domains.every((d) => d.endsWith('.example'))).toBe(true);
    expect(result).toMatchObject({ regions: regions.length, units: units.length, assets: assets.length });

    const audit = await db().selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(regions.length + units.length + assets.length);
    expect(new Set(audit.map((a) => a.actor_name))).toEqual(new Set(['demo']));
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('points the assets standing in for the local demo websites at their URLs', async () => {
    const siteUrls = new Map(DEMO_SITES.map((s, i) => [s.assetName, `http://127.0.0.1:${18_100 + i}/`]));
    const result = await seedDemoJurisdiction(db(), { siteUrls });
    expect(result.siteAssetIds).toHaveLength(DEMO_SITES.length);
    const rows = await db().selectFrom('assets').select(['id', 'name', 'urls']).execute();
    for (const [name, url] of siteUrls) {
      const row = rows.find((r) => r.name === name);
      expect(row, name).toBeDefined();
      expect(JSON.parse(row?.urls ?? '[]')).toEqual([url]);
      expect(result.siteAssetIds).toContain(row?.id);
    }
    const others = rows.filter((r) => !siteUrls.has(r.name));
    expect(others.every((r) => !r.urls.includes('127.0.0.1'))).toBe(true);
  });

  it('refuses to load into a database that has regions, and changes nothing', async () => {
    await buildRegion(ctx, { name: 'Existing' });
    const before = await counts();
    await expect(seedDemoJurisdiction(db())).rejects.toThrow(DemoRefusedError);
    await expect(seedDemoJurisdiction(db())).rejects.toThrow(/nothing is ever overwritten/);
    expect(await counts()).toEqual(before);
  });

  it('creates the first admin once and prints the login once; a second start changes and prints nothing', async () => {
    const first = await runFirstStart(db(), options(false));
    expect(first).toMatchObject({ adminUsername: 'admin', demo: null, demoUsers: [] });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('http://localhost:8123');
    expect(printed[0]).toContain('admin');
    const password = printed[0]?.match(/Password:\s+(\S+)/)?.[1] ?? '';
    const admin = await db().selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(admin).toMatchObject({ username: 'admin', role: 'system_admin', must_change_password: 1 });
    expect(await verifyPassword(admin.password_hash, password)).toBe(true);
    expect(await db().selectFrom('regions').select('name').execute()).toHaveLength(1);

    const before = await counts();
    const second = await runFirstStart(db(), options(true));
    expect(second).toEqual({ adminUsername: null, demo: null, demoUsers: [] });
    expect(printed).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('with --demo on an empty database, loads the demo and one user per role sharing the printed password', async () => {
    const result = await runFirstStart(db(), options(true));
    expect(result.demo?.units).toBeGreaterThan(0);
    expect(result.demoUsers).toEqual(DEMO_USERS.map((u) => u.username));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('countyadmin');
    const password = printed[0]?.match(/Password:\s+(\S+)/)?.[1] ?? '';
    const users = await db()
      .selectFrom('users')
      .innerJoin('regions', 'regions.id', 'users.region_id')
      .leftJoin('units', 'units.id', 'users.unit_id')
      .select([
        'users.username',
        'users.role',
        'users.password_hash',
        'regions.name as region',
        'units.name as unit',
      ])
      .execute();
    const byName = new Map(users.map((u) => [u.username, u]));
    expect(byName.get('admin')).toMatchObject({ role: 'system_admin', region: '江川市' });
    expect(byName.get('analyst')).toMatchObject({ role: 'analyst', region: '江川市' });
    expect(byName.get('duty')).toMatchObject({ role: 'duty_officer' });
    expect(byName.get('auditor')).toMatchObject({ role: 'auditor' });
    expect(byName.get('countyadmin')).toMatchObject({ role: 'office_admin', region: '青山县', unit: null });
    expect(byName.get('unitleader')).toMatchObject({ role: 'unit_leader', unit: '青山县人民医院' });
    expect(byName.get('unithandler')).toMatchObject({ role: 'unit_handler', unit: '青山县人民医院' });
    const handler = byName.get('unithandler');
    expect(handler && (await verifyPassword(handler.password_hash, password))).toBe(true);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });

    const before = await counts();
    expect(await runFirstStart(db(), options(true))).toEqual({
      adminUsername: null,
      demo: null,
      demoUsers: [],
    });
    expect(printed).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });
});
