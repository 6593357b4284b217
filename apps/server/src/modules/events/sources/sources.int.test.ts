import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { insertAsset } from '../../assets/assets.test-support.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';

let ctx: TestContext;
let w: NoticeWorld;
const tailDir = mkdtempSync(path.join(tmpdir(), 'sw-tail-dir-'));

beforeAll(async () => {
  ctx = await createTestContext({ SHOUWANG_INGEST_TAIL_DIRS: tailDir });
  w = await noticeWorld(ctx);
});
afterAll(async () => {
  await ctx?.services.ingest.stop();
  await ctx?.close();
});

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': 'en-US' } });

const syslogBody = (over: Record<string, unknown> = {}) => ({
  name: 'Firewall A',
  kind: 'syslog',
  unitId: w.unitA.id,
  transport: 'syslog_udp',
  allowedSenders: ['10.1.0.0/16', '192.0.2.7'],
  timezone: 'Asia/Shanghai',
  ...over,
});

describe('event sources API', () => {
  it('registers a syslog source with its senders and audits it', async () => {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/sources', syslogBody());
    expect(res.statusCode, res.body).toBe(201);
    const { source, token } = res.json();
    expect(token).toBeNull();
    expect(source).toMatchObject({
      name: 'Firewall A',
      kind: 'syslog',
      transport: 'syslog_udp',
      allowedSenders: ['10.1.0.0/16', '192.0.2.7'],
      unitName: w.unitA.name,
      enabled: true,
      lastHour: { received: 0, parsed: 0, failed: 0, dropped: 0 },
      abilities: { edit: true, delete: true, rotateToken: true },
    });
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'event_source.create')
      .where('resource_id', '=', String(source.id))
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses bad settings with a reason per field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ allowedSenders: ['10.1.0.0/99'] }, 'allowedSenders'],
      [{ allowedSenders: [] }, 'allowedSenders'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ transport: 'file', filePath: '/etc/shadow' }, 'filePath'],
    ];
    for (const [over, field] of cases) {
      const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/sources', syslogBody(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(res.json().error.code).toBe('event_source_invalid');
      expect(res.json().error.details[0].field).toBe(field);
    }
    const otherUnitsAsset = await insertAsset(ctx, w.unitB.id, { name: 'Portal B' });
    const res = await call(
      w.admin.cookie,
      'POST',
      '/api/v1/events/sources',
      syslogBody({ assetId: otherUnitsAsset }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].field).toBe('assetId');
    const bad = await call(
      w.analyst.cookie,
      'POST',
      '/api/v1/events/sources',
      syslogBody({ kind: 'nonsense' }),
    );
    expect(bad.statusCode).toBe(400);
  });

  it('accepts a file source inside the allowed tail directories', async () => {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/sources', {
      ...syslogBody({ name: 'nginx access', kind: 'access_log', transport: 'file' }),
      filePath: path.join(tailDir, 'access.log'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().source).toMatchObject({
      filePath: path.join(tailDir, 'access.log'),
      allowedSenders: [],
    });
  });

  it('gives an HTTP source an ingest-only token once, and rotates it', async () => {
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/sources', {
      name: 'WAF bulk',
      kind: 'ndjson',
      unitId: w.unitA.id,
      transport: 'http',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { source, token } = res.json();
    expect(token).toMatch(/^sw_/);
    expect(source.tokenPrefix).toBe(token.slice(0, 11));
    const again = await call(w.analyst.cookie, 'GET', `/api/v1/events/sources/${source.id}`);
    expect(again.json()).not.toHaveProperty('token');
    // The token may ingest and nothing else.
    const sources = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/events/sources',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sources.statusCode).toBe(403);
    const rotated = await call(w.analyst.cookie, 'POST', `/api/v1/events/sources/${source.id}/token`);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().token).not.toBe(token);
    const old = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/events/ingest',
      payload: '{"message":"x"}\n',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    });
    expect(old.statusCode).toBe(401);
  });

  it('lists by jurisdiction: other counties cannot see, unit staff read their own but cannot change', async () => {
    const created = await call(
      w.analyst.cookie,
      'POST',
      '/api/v1/events/sources',
      syslogBody({ name: 'IDS A' }),
    );
    const id = created.json().source.id;
    const mine = await call(w.analyst.cookie, 'GET', '/api/v1/events/sources?q=IDS');
    expect(mine.json().items.map((s: { id: number }) => s.id)).toContain(id);
    const theirs = await call(w.analystB.cookie, 'GET', '/api/v1/events/sources');
    expect(theirs.json().items.map((s: { id: number }) => s.id)).not.toContain(id);
    expect((await call(w.analystB.cookie, 'GET', `/api/v1/events/sources/${id}`)).statusCode).toBe(404);
    const unit = await call(w.handler.cookie, 'GET', `/api/v1/events/sources/${id}`);
    expect(unit.statusCode).toBe(200);
    expect(unit.json().abilities.edit).toBe(false);
    expect(
      (await call(w.handler.cookie, 'PATCH', `/api/v1/events/sources/${id}`, { enabled: false })).statusCode,
    ).toBe(403);
  });

  it('updates and deletes with audit', async () => {
    const created = await call(
      w.analyst.cookie,
      'POST',
      '/api/v1/events/sources',
      syslogBody({ name: 'Router' }),
    );
    const id = created.json().source.id;
    const upd = await call(w.analyst.cookie, 'PATCH', `/api/v1/events/sources/${id}`, {
      enabled: false,
      allowedSenders: ['fd00::/8'],
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().source).toMatchObject({ enabled: false, allowedSenders: ['fd00::/8'] });
    expect((await call(w.analyst.cookie, 'DELETE', `/api/v1/events/sources/${id}`)).statusCode).toBe(204);
    expect((await call(w.analyst.cookie, 'GET', `/api/v1/events/sources/${id}`)).statusCode).toBe(404);
    const actions = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'event_source.create',
      'event_source.update',
      'event_source.delete',
    ]);
  });
});
