import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { insertAsset } from '../../assets/assets.test-support.ts';
import { caller, type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import type { Detection } from '../event-schema.ts';
import { findingKeyOf } from './alerts.service.ts';
import { detectionOf, webEvent } from './alerts.test-support.ts';

let ctx: TestContext;
let w: NoticeWorld;
let call: ReturnType<typeof caller>;
const db = () => ctx.services.database.db;
const MIN = 60_000;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  call = caller(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

// The pipeline's time, moved forward by the tests (the app's clock stays, so sessions do not expire).
let offsetMs = 0;
const pipelineNow = () => new Date(ctx.clock.now().getTime() + offsetMs);
const advance = (ms: number) => {
  offsetMs += ms;
};

async function record(detections: Detection[]) {
  return db()
    .transaction()
    .execute((trx) => ctx.services.alerts.recorder.recordWithOutcome(trx, detections, pipelineNow()));
}

const alertsOf = (ruleKey: string) =>
  db().selectFrom('alerts').selectAll().where('rule_key', '=', ruleKey).orderBy('id').execute();

let seq = 0;
const freshRule = () => `rule-${++seq}`;

describe('recording alerts', () => {
  it('aggregates one rule + asset + key within the window, and opens a new alert after it', async () => {
    const ruleKey = freshRule();
    const assetId = await insertAsset(ctx, w.unitA.id, { name: `Portal ${seq}` });
    const d = () => detectionOf(webEvent({ unitId: w.unitA.id, assetId }), { ruleKey });
    expect(await record([d(), d()])).toEqual({ opened: 1, joined: 1, suppressed: 0 });
    advance(14 * MIN);
    await record([d()]);
    let rows = await alertsOf(ruleKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.count).toBe(3);
    advance(2 * MIN); // 16 minutes after the first: the 15-minute window has ended
    await record([d()]);
    rows = await alertsOf(ruleKey);
    expect(rows.map((r) => r.count)).toEqual([3, 1]);
  });

  it('joins several open alerts in one batch, each with its own count and latest matched fields', async () => {
    const ruleKey = freshRule();
    const from = (ip: string, query: string) =>
      detectionOf(webEvent({ unitId: w.unitA.id }, { source: { ip }, url: { path: '/', query } }), {
        ruleKey,
        matchedFields: { 'url.query': query },
      });
    await record([from('192.0.2.61', 'a=1'), from('192.0.2.62', 'b=1')]);
    expect(
      await record([from('192.0.2.61', 'a=2'), from('192.0.2.61', 'a=3'), from('192.0.2.62', 'b=2')]),
    ).toEqual({
      opened: 0,
      joined: 3,
      suppressed: 0,
    });
    const rows = await alertsOf(ruleKey);
    expect(rows.map((r) => [r.group_key, r.count, JSON.parse(r.matched_fields)])).toEqual([
      ['source.ip=192.0.2.61', 3, { 'url.query': 'a=3' }],
      ['source.ip=192.0.2.62', 2, { 'url.query': 'b=2' }],
    ]);
  });

  it('keeps different keys and different assets apart', async () => {
    const ruleKey = freshRule();
    const a1 = await insertAsset(ctx, w.unitA.id, { name: `A1 ${seq}` });
    const a2 = await insertAsset(ctx, w.unitA.id, { name: `A2 ${seq}` });
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: a1 }), { ruleKey }),
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: a2 }), { ruleKey }),
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: a1 }, { source: { ip: '198.51.100.9' } }), {
        ruleKey,
      }),
    ]);
    const rows = await alertsOf(ruleKey);
    expect(rows.map((r) => [r.asset_id, r.group_key])).toEqual([
      [a1, 'source.ip=203.0.113.7'],
      [a2, 'source.ip=203.0.113.7'],
      [a1, 'source.ip=198.51.100.9'],
    ]);
  });

  it('groups correlations by their group, and keeps a bounded sample of events', async () => {
    const ruleKey = freshRule();
    const many = Array.from({ length: 25 }, (_, i) =>
      detectionOf(
        webEvent(
          { unitId: w.unitA.id },
          { '@timestamp': `2026-11-22T01:00:${String(i).padStart(2, '0')}.000Z` },
        ),
        {
          kind: 'sigma_correlation',
          ruleKey,
          matchedFields: { 'source.ip': '192.0.2.1' },
        },
      ),
    );
    await record(many);
    const [alert] = await alertsOf(ruleKey);
    expect(alert?.count).toBe(25);
    expect(alert?.group_key).toBe('source.ip=192.0.2.1');
    const samples = await db()
      .selectFrom('alert_samples')
      .select('at')
      .where('alert_id', '=', alert?.id ?? 0)
      .execute();
    expect(samples).toHaveLength(10);
    expect(samples[0]?.at).toBe('2026-11-22T01:00:00.000Z');
  });

  it('starts a new alert after one is closed, even within the window', async () => {
    const ruleKey = freshRule();
    const d = () => detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey });
    await record([d()]);
    const [first] = await alertsOf(ruleKey);
    const res = await call(w.analyst.cookie, 'POST', `/api/v1/events/alerts/${first?.id}/transition`, {
      action: 'close',
    });
    expect(res.statusCode).toBe(200);
    await record([d()]);
    expect((await alertsOf(ruleKey)).map((r) => r.state)).toEqual(['closed', 'new']);
  });
});

describe('suppressions', () => {
  it('suppresses what matches (counted), records what does not, and stops at expiry', async () => {
    const ruleKey = freshRule();
    const created = await call(w.analyst.cookie, 'POST', '/api/v1/events/suppressions', {
      ruleKey,
      unitId: w.unitA.id,
      conditions: [{ field: 'source.ip', value: '203.0.113.7' }],
      reason: 'our own vulnerability scanner',
      expiresAt: new Date(pipelineNow().getTime() + 60 * MIN).toISOString(),
    });
    expect(created.statusCode).toBe(201);
    const sid = created.json().id as number;
    const matching = detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey });
    const other = detectionOf(webEvent({ unitId: w.unitA.id }, { source: { ip: '198.51.100.1' } }), {
      ruleKey,
    });
    const elsewhere = detectionOf(webEvent({ unitId: w.unitB.id }), { ruleKey });
    expect(await record([matching, matching, other, elsewhere])).toEqual({
      opened: 2,
      joined: 0,
      suppressed: 2,
    });
    const s = await call(w.analyst.cookie, 'GET', '/api/v1/events/suppressions');
    expect(s.json().items.find((x: { id: number }) => x.id === sid)).toMatchObject({
      hits: 2,
      expired: false,
    });

    advance(61 * MIN);
    expect(await record([matching])).toMatchObject({ opened: 1, suppressed: 0 });
    const row = await db()
      .selectFrom('alert_suppressions')
      .select('hits')
      .where('id', '=', sid)
      .executeTakeFirst();
    expect(row?.hits).toBe(2);
  });

  it('refuses a suppression that names nothing, and hides other counties’ suppressions', async () => {
    const empty = await call(w.analyst.cookie, 'POST', '/api/v1/events/suppressions', {
      conditions: [],
      reason: 'all',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([
      { field: 'conditions', message: 'name at least one criterion: rule, source, unit, asset or a field' },
    ]);
    const zh = await call(
      w.analyst.cookie,
      'POST',
      '/api/v1/events/suppressions',
      { conditions: [], reason: ' ' },
      'zh-CN',
    );
    expect(zh.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      '请填写原因',
      '至少指定一个条件：规则、来源、单位、资产或字段',
    ]);
    const b = await call(w.analystB.cookie, 'POST', '/api/v1/events/suppressions', {
      unitId: w.unitB.id,
      conditions: [],
      reason: 'B only',
    });
    expect(b.statusCode).toBe(201);
    const fromA = await call(
      w.analyst.cookie,
      'GET',
      `/api/v1/events/suppressions/${b.json().id}`,
      undefined,
    );
    expect(fromA.statusCode).toBe(404);
    const outside = await call(w.analyst.cookie, 'POST', '/api/v1/events/suppressions', {
      unitId: w.unitB.id,
      conditions: [],
      reason: 'not mine',
    });
    expect(outside.statusCode).toBe(404);
    const notYours = await call(w.analyst.cookie, 'DELETE', `/api/v1/events/suppressions/${b.json().id}`);
    expect(notYours.statusCode).toBe(404);
    const removed = await call(w.analystB.cookie, 'DELETE', `/api/v1/events/suppressions/${b.json().id}`);
    expect(removed.statusCode).toBe(204);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'alert_suppression.%')
      .execute();
    expect(audit.map((a) => a.action)).toContain('alert_suppression.delete');
  });
});

describe('alerts in the UI API', () => {
  it('shows a county its own alerts only, with counts and a series by level', async () => {
    const ruleKey = freshRule();
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey, level: 'high' }),
      detectionOf(webEvent({ unitId: w.unitB.id }), { ruleKey, level: 'high' }),
    ]);
    const a = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts?ruleKey=${ruleKey}`);
    expect(a.json().items.map((x: { unitId: number }) => x.unitId)).toEqual([w.unitA.id]);
    const city = await call(w.cityAdmin.cookie, 'GET', `/api/v1/events/alerts?ruleKey=${ruleKey}`);
    expect(city.json().total, city.body).toBe(2);
    const unit = await call(w.handler.cookie, 'GET', `/api/v1/events/alerts?ruleKey=${ruleKey}`);
    expect(unit.statusCode).toBe(403);
    const to = new Date(pipelineNow().getTime() + MIN).toISOString();
    const overview = await call(
      w.analyst.cookie,
      'GET',
      `/api/v1/events/alerts/overview?ruleKey=${ruleKey}&to=${to}`,
    );
    expect(overview.json().counts).toEqual([{ state: 'new', level: 'high', alerts: 1, detections: 1 }]);
    expect(overview.json().bucket).toBe('hour');
    expect(overview.json().series).toEqual([
      { bucket: pipelineNow().toISOString().slice(0, 13), level: 'high', alerts: 1 },
    ]);
    const other = a.json().items[0].id + 1;
    const hidden = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts/${other}`);
    expect(hidden.statusCode).toBe(404);
  });

  it('lists by severity on request: I before IV, CII first within a severity, then the latest', async () => {
    const ruleKey = freshRule();
    const cii = await insertAsset(ctx, w.unitA.id, { name: `CII sort ${seq}` });
    await db().updateTable('assets').set({ is_cii: 1 }).where('id', '=', cii).execute();
    const plain = await insertAsset(ctx, w.unitA.id, { name: `Plain sort ${seq}` });
    await record([detectionOf(webEvent({ unitId: w.unitA.id, assetId: cii }), { ruleKey, level: 'medium' })]);
    advance(1000);
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: plain }), { ruleKey, level: 'critical' }),
    ]);
    advance(1000);
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: plain }, { source: { ip: '192.0.2.31' } }), {
        ruleKey,
        level: 'low',
      }),
    ]);
    const latest = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts?ruleKey=${ruleKey}`);
    expect(
      latest.json().items.map((a: { severity: string; isCii: boolean }) => [a.severity, a.isCii]),
    ).toEqual([
      ['IV', false],
      ['II', false],
      ['III', true],
    ]);
    const bySeverity = await call(
      w.analyst.cookie,
      'GET',
      `/api/v1/events/alerts?ruleKey=${ruleKey}&sort=severity`,
    );
    expect(
      bySeverity.json().items.map((a: { severity: string; isCii: boolean }) => [a.severity, a.isCii]),
    ).toEqual([
      ['II', false],
      ['III', true],
      ['IV', false],
    ]);
  });

  it('shows the detail with samples, matched fields and related alerts of the same key', async () => {
    const ruleKey = freshRule();
    const ip = { source: { ip: '192.0.2.77' } };
    await record([detectionOf(webEvent({ unitId: w.unitA.id }, ip), { ruleKey })]);
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id }, ip), { ruleKey: `${ruleKey}-x`, title: 'Another rule' }),
    ]);
    const [alert] = await alertsOf(ruleKey);
    const res = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts/${alert?.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.matchedFields).toEqual({ 'url.query': "id=1' or '1'='1" });
    expect(body.samples[0].event.source.ip).toBe('192.0.2.77');
    expect(body.samples[0].event.url.query).toBe("id=1' or '1'='1");
    expect(body.related.map((r: { ruleKey: string }) => r.ruleKey)).toEqual([`${ruleKey}-x`]);
    expect(body.abilities).toMatchObject({ acknowledge: true, reopen: false, suppress: true });
  });

  it('acknowledges and marks false positives in bulk, each with its own outcome', async () => {
    const ruleKey = freshRule();
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey }),
      detectionOf(webEvent({ unitId: w.unitA.id }, { source: { ip: '192.0.2.8' } }), { ruleKey }),
      detectionOf(webEvent({ unitId: w.unitB.id }), { ruleKey }),
    ]);
    const [a1, a2, b] = await alertsOf(ruleKey);
    const ack = await call(w.analyst.cookie, 'POST', '/api/v1/events/alerts/bulk', {
      ids: [a1?.id, a2?.id, b?.id],
      action: 'acknowledge',
    });
    expect(ack.json(), ack.body).toHaveProperty('results');
    expect(ack.json().results).toEqual([
      { id: a1?.id, ok: true },
      { id: a2?.id, ok: true },
      { id: b?.id, ok: false, code: 'not_found' },
    ]);
    const again = await call(w.analyst.cookie, 'POST', `/api/v1/events/alerts/${a1?.id}/transition`, {
      action: 'acknowledge',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('alert_transition_invalid');
    const fp = await call(w.analyst.cookie, 'POST', '/api/v1/events/alerts/bulk', {
      ids: [a1?.id],
      action: 'false_positive',
    });
    expect(fp.json().results[0].ok).toBe(true);
    const auditor = await call(w.auditor.cookie, 'POST', '/api/v1/events/alerts/bulk', {
      ids: [a2?.id],
      action: 'close',
    });
    expect(auditor.statusCode).toBe(403);
    expect((await alertsOf(ruleKey)).map((r) => r.state)).toEqual(['false_positive', 'acknowledged', 'new']);
  });
});

describe('alerts become findings and notices', () => {
  it('reports alerts at or above the finding level after commit, with severity from level and CII', async () => {
    const ruleKey = freshRule();
    const cii = await insertAsset(ctx, w.unitA.id, { name: `CII ${seq}` });
    await db().updateTable('assets').set({ is_cii: 1 }).where('id', '=', cii).execute();
    const plain = await insertAsset(ctx, w.unitA.id, { name: `Plain ${seq}` });
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: cii }), { ruleKey, level: 'high' }),
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: plain }), { ruleKey, level: 'high' }),
      detectionOf(webEvent({ unitId: w.unitA.id, assetId: plain }), {
        ruleKey: `${ruleKey}-low`,
        level: 'low',
      }),
    ]);
    const reported = await ctx.services.alerts.reportPendingFindings();
    expect(reported).toBeGreaterThanOrEqual(2);
    const rows = await alertsOf(ruleKey);
    expect(rows.map((r) => r.severity)).toEqual(['II', 'III']);
    const findings = await db()
      .selectFrom('findings')
      .select(['severity', 'source', 'detector', 'dedup_key', 'asset_id'])
      .where(
        'id',
        'in',
        rows.map((r) => r.finding_id ?? 0),
      )
      .orderBy('id')
      .execute();
    expect(findings).toEqual([
      {
        severity: 'II',
        source: 'events',
        detector: 'sigma',
        dedup_key: `alert:${rows[0]?.alert_key}`,
        asset_id: cii,
      },
      {
        severity: 'III',
        source: 'events',
        detector: 'sigma',
        dedup_key: `alert:${rows[1]?.alert_key}`,
        asset_id: plain,
      },
    ]);
    const [low] = await alertsOf(`${ruleKey}-low`);
    expect(low?.finding_id).toBeNull();
    expect(low?.finding_pending).toBe(0);
    expect(await ctx.services.alerts.reportPendingFindings()).toBe(0);
  });

  it('reports the other alerts when one cannot be reported, and retries that one later', async () => {
    const ruleKey = freshRule();
    await record([
      detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey, level: 'critical' }),
      detectionOf(webEvent({ unitId: w.unitB.id }), { ruleKey, level: 'critical' }),
    ]);
    const [a, b] = await alertsOf(ruleKey);
    // The first one's row is damaged (a severity off the scale): it cannot be reported.
    await db()
      .updateTable('alerts')
      .set({ severity: 'X' })
      .where('id', '=', a?.id ?? 0)
      .execute();
    const errors: unknown[] = [];
    await ctx.services.alerts.reportPendingFindings(200, (err) => errors.push(err));
    expect(errors).toHaveLength(1);
    const [a2, b2] = await alertsOf(ruleKey);
    expect(a2).toMatchObject({ finding_pending: 1, finding_id: null });
    expect(b2?.finding_pending).toBe(0);
    expect(b2?.finding_id).not.toBeNull();
    await db()
      .updateTable('alerts')
      .set({ severity: 'II' })
      .where('id', '=', a?.id ?? 0)
      .execute();
    await ctx.services.alerts.reportPendingFindings();
    expect((await alertsOf(ruleKey))[0]?.finding_pending).toBe(0);
    expect(b?.id).toBeDefined();
  });

  it('keeps the finding key within 300 characters for long alert keys', async () => {
    const long = `sigma|${'r'.repeat(400)}|a1|source.ip=192.0.2.1`;
    expect(findingKeyOf(long)).toMatch(/^alert:#[0-9a-f]{64}$/);
    expect(findingKeyOf('sigma|r|a1|k')).toBe('alert:sigma|r|a1|k');
    const ruleKey = `${freshRule()}-${'x'.repeat(280)}`;
    await record([detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey, level: 'high' })]);
    await ctx.services.alerts.reportPendingFindings();
    const [alert] = await alertsOf(ruleKey);
    const finding = await db()
      .selectFrom('findings')
      .select('dedup_key')
      .where('id', '=', alert?.finding_id ?? 0)
      .executeTakeFirst();
    expect(finding?.dedup_key).toBe(findingKeyOf(alert?.alert_key ?? ''));
  });

  it('raises a draft notice from an alert, and returns the same notice the second time', async () => {
    const ruleKey = freshRule();
    await record([detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey, level: 'medium' })]);
    const [alert] = await alertsOf(ruleKey);
    expect(alert?.finding_pending).toBe(0);
    const forbidden = await call(w.auditor.cookie, 'POST', `/api/v1/events/alerts/${alert?.id}/raise-notice`);
    expect(forbidden.statusCode).toBe(403);
    const res = await call(w.analyst.cookie, 'POST', `/api/v1/events/alerts/${alert?.id}/raise-notice`);
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(true);
    const notice = await db()
      .selectFrom('notices')
      .select(['state', 'unit_id'])
      .where('id', '=', res.json().noticeId)
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ state: 'draft', unit_id: w.unitA.id });
    const again = await call(w.analyst.cookie, 'POST', `/api/v1/events/alerts/${alert?.id}/raise-notice`);
    expect(again.json()).toEqual({ noticeId: res.json().noticeId, created: false });
    const detail = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts/${alert?.id}`);
    expect(detail.json().noticeId).toBe(res.json().noticeId);
  });
});
