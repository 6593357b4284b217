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

// Event times: minutes after a base instant; by default each event is received a second after it happened.
const BASE = Date.parse('2026-11-22T01:00:00.000Z');
const iso = (minute: number) => new Date(BASE + minute * MIN).toISOString();
const timesAt = (minute: number) => ({ '@timestamp': iso(minute) });

describe('recording alerts', () => {
  it('aggregates one rule + asset + key within the window, and opens a new alert after it', async () => {
    const ruleKey = freshRule();
    const assetId = await insertAsset(ctx, w.unitA.id, { name: `Portal ${seq}` });
    const d = (minute: number) =>
      detectionOf(
        webEvent(
          { unitId: w.unitA.id, assetId, receivedAt: new Date(BASE + minute * MIN + 1000).toISOString() },
          timesAt(minute),
        ),
        { ruleKey },
      );
    expect(await record([d(0), d(0)])).toEqual({ opened: 1, joined: 1, suppressed: 0 });
    await record([d(14)]);
    let rows = await alertsOf(ruleKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.count).toBe(3);
    await record([d(16)]); // 16 minutes after the first: the 15-minute window has ended
    rows = await alertsOf(ruleKey);
    expect(rows.map((r) => r.count)).toEqual([3, 1]);
    expect(rows.map((r) => [r.first_seen_at, r.last_seen_at, r.window_ends_at])).toEqual([
      [iso(0), iso(14), iso(15)],
      [iso(16), iso(16), iso(31)],
    ]);
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

describe('alert windows on event time', () => {
  const at = (ruleKey: string, minute: number, over: { receivedAt?: string; query?: string } = {}) =>
    detectionOf(
      webEvent(
        {
          unitId: w.unitA.id,
          receivedAt: over.receivedAt ?? new Date(BASE + minute * MIN + 1000).toISOString(),
        },
        { '@timestamp': iso(minute), url: { path: '/', query: over.query ?? `m=${minute}` } },
      ),
      { ruleKey, matchedFields: { 'url.query': over.query ?? `m=${minute}` } },
    );
  const windows = async (ruleKey: string) =>
    (await alertsOf(ruleKey)).map((r) => [r.count, r.first_seen_at, r.last_seen_at]);

  it('joins a late detection to the window of its own time, however late the pipeline records it', async () => {
    const ruleKey = freshRule();
    await record([at(ruleKey, 0)]);
    advance(3 * 60 * MIN); // the pipeline was down for three hours; the events kept their times
    await record([at(ruleKey, 5, { receivedAt: new Date(BASE + 180 * MIN).toISOString() })]);
    expect(await windows(ruleKey)).toEqual([[2, iso(0), iso(5)]]);
  });

  it('splits detections recorded together when their own times are a window apart', async () => {
    const ruleKey = freshRule();
    expect(await record([at(ruleKey, 0), at(ruleKey, 20), at(ruleKey, 34)])).toEqual({
      opened: 2,
      joined: 1,
      suppressed: 0,
    });
    expect(await windows(ruleKey)).toEqual([
      [1, iso(0), iso(0)],
      [2, iso(20), iso(34)],
    ]);
  });

  it('makes the same alerts from one batch whatever the order of its records', async () => {
    const inOrder = freshRule();
    const shuffled = freshRule();
    await record([0, 10, 20, 26].map((m) => at(inOrder, m)));
    await record([26, 10, 20, 0].map((m) => at(shuffled, m)));
    const expected = [
      [2, iso(0), iso(10)],
      [2, iso(20), iso(26)],
    ];
    expect(await windows(inOrder)).toEqual(expected);
    expect(await windows(shuffled)).toEqual(expected);
    // The latest detection's matched fields, not the last one handed over.
    expect((await alertsOf(shuffled)).map((r) => JSON.parse(r.matched_fields))).toEqual([
      { 'url.query': 'm=10' },
      { 'url.query': 'm=26' },
    ]);
  });

  it('takes a detection that arrives out of order up to one window before an alert, keeping its latest fields', async () => {
    const ruleKey = freshRule();
    await record([at(ruleKey, 30)]); // window 30..45
    await record([at(ruleKey, 20)]); // late: 10 minutes before it
    await record([at(ruleKey, 16)]); // 14 minutes before its opening detection: still this alert
    await record([at(ruleKey, 14)]); // more than a window before the opening detection: its own alert
    await record([at(ruleKey, 44)]); // inside the window
    await record([at(ruleKey, 45)]); // the window has ended
    const rows = await alertsOf(ruleKey);
    expect(rows.map((r) => [r.count, r.first_seen_at, r.last_seen_at, r.window_ends_at])).toEqual([
      [4, iso(16), iso(44), iso(45)],
      [1, iso(14), iso(14), iso(29)],
      [1, iso(45), iso(45), iso(60)],
    ]);
    expect(JSON.parse(rows[0]?.matched_fields ?? '')).toEqual({ 'url.query': 'm=44' });
    // A late detection joining does not replace the latest detection's fields.
    await record([at(ruleKey, 31)]);
    const [first] = await alertsOf(ruleKey);
    expect(first?.count).toBe(5);
    expect(JSON.parse(first?.matched_fields ?? '')).toEqual({ 'url.query': 'm=44' });
  });

  it('uses the receipt time when the event time is implausible (sender clock ahead, or a reset clock)', async () => {
    const ruleKey = freshRule();
    const received = new Date(BASE + 1000).toISOString();
    const skewed = (timestamp: string, ip: string) =>
      detectionOf(
        webEvent({ unitId: w.unitA.id, receivedAt: received }, { '@timestamp': timestamp, source: { ip } }),
        { ruleKey },
      );
    await record([
      skewed(new Date(BASE + 2 * 60 * MIN).toISOString(), '192.0.2.1'), // two hours ahead of receipt
      skewed('1970-01-01T00:00:00.000Z', '192.0.2.2'), // a reset clock
      skewed(new Date(BASE + 4 * MIN).toISOString(), '192.0.2.3'), // a few minutes ahead: skew we accept
      skewed(new Date(BASE - 10 * 86_400_000).toISOString(), '192.0.2.4'), // ten days late: kept
    ]);
    const rows = await alertsOf(ruleKey);
    expect(rows.map((r) => [r.group_key, r.first_seen_at])).toEqual([
      ['source.ip=192.0.2.1', received],
      ['source.ip=192.0.2.2', received],
      ['source.ip=192.0.2.3', iso(4)],
      ['source.ip=192.0.2.4', new Date(BASE - 10 * 86_400_000).toISOString()],
    ]);
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
    // Alerts are dated by their events (webEvent: 2026-11-22T01:00Z), not by when they were recorded.
    const to = iso(60);
    const overview = await call(
      w.analyst.cookie,
      'GET',
      `/api/v1/events/alerts/overview?ruleKey=${ruleKey}&to=${to}`,
    );
    expect(overview.json().counts).toEqual([{ state: 'new', level: 'high', alerts: 1, detections: 1 }]);
    expect(overview.json().bucket).toBe('hour');
    expect(overview.json().series).toEqual([{ bucket: '2026-11-22T01', level: 'high', alerts: 1 }]);
    const other = a.json().items[0].id + 1;
    const hidden = await call(w.analyst.cookie, 'GET', `/api/v1/events/alerts/${other}`);
    expect(hidden.statusCode).toBe(404);
  });

  it('compares time bounds as instants, whatever their spelling (Z without milliseconds, +08:00)', async () => {
    const ruleKey = freshRule();
    await record([detectionOf(webEvent({ unitId: w.unitA.id }), { ruleKey, level: 'high' })]); // at 01:00:00.000Z
    const count = async (bounds: string) => {
      const res = await call(
        w.analyst.cookie,
        'GET',
        `/api/v1/events/alerts?ruleKey=${ruleKey}&${bounds.replaceAll('+', '%2B')}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    expect(await count('from=2026-11-22T01:00:00Z')).toBe(1); // as text, '…00Z' sorts after '…00.000Z'
    expect(await count('from=2026-11-22T09:00:00+08:00')).toBe(1);
    expect(await count('from=2026-11-22T09:00:01+08:00')).toBe(0);
    expect(await count('to=2026-11-22T09:00:00+08:00')).toBe(0); // exclusive
    expect(await count('to=2026-11-22T09:00:01+08:00')).toBe(1);
    expect(await count('to=2026-11-22T01:00:00.001Z')).toBe(1);
    expect(await count('to=2026-11-22T08:59:59+08:00')).toBe(0); // as text this would have counted it
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
