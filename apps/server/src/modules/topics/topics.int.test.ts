import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { noticeBody } from '../notices/notices.test-support.ts';
import { seedDemoTopics } from './demo-topics.ts';
import {
  api,
  backgroundTexts,
  burstTexts,
  fastSettings,
  injectItems,
  type TopicWorld,
  topicWorld,
} from './topics.test-support.ts';
import { createTopicsEngine } from './topics-engine.ts';

interface Detail {
  id: number;
  state: string;
  itemCount: number;
  alertCount: number;
  riskLevel: string | null;
  keywords: string[];
  firstAlertAt: string | null;
  firstResponseAt: string | null;
  timeToFirstResponseMinutes: number | null;
  volumes: Array<{ at: string; count: number }>;
  alerts: Array<{
    id: number;
    why: { count: number; growth: number; sources: { distinct: number } };
    abilities: Record<string, boolean>;
  }>;
  assessments: Array<{ riskLevel: string; summary: string }>;
  links: Array<{ id: number; kind: string; targetId: number; title: string | null }>;
  responses: Array<{ kind: string; channel: string }>;
  regions: Array<{ regionId: number; count: number }>;
}

describe('topics: from an injected burst to an alert, an assessment, a response and a cold topic', () => {
  let ctx: TestContext;
  let w: TopicWorld;
  let call: ReturnType<typeof api>;
  const MINUTE = 60_000;
  let t0: Date;
  let topicId = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await topicWorld(ctx);
    call = api(ctx);
    await fastSettings(ctx);
    // Buckets are aligned to the minute; start the stream at the start of one.
    const now = ctx.clock.now().getTime();
    t0 = new Date(Math.floor(now / MINUTE) * MINUTE - 30 * MINUTE);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('counts steady background without alerting', async () => {
    for (let m = 0; m < 20; m++) {
      await injectItems(
        ctx,
        w.townA,
        backgroundTexts(3).map((t) => `${t} ${m}`),
        new Date(t0.getTime() + m * MINUTE),
        `bg${m % 3}`,
      );
    }
    const r = await ctx.services.topics.engine.runUntilIdle();
    expect(r.processed).toBe(60);
    expect(r.alerts).toBe(0);
    const items = await ctx.services.database.db
      .selectFrom('topic_items')
      .select(['processed', 'topic_id'])
      .execute();
    expect(items.every((i) => i.processed === 1)).toBe(true);
  });

  it('takes citizen messages from intake and alerts on a burst of near-duplicates, with why', async () => {
    // The burst arrives through intake (staff entering phone calls), in the current minute.
    for (const [i, text] of burstTexts(30).entries()) {
      const res = await call(w.analyst.cookie, 'POST', '/api/v1/intake/cases', {
        type: 'complaint',
        topic: '停水',
        regionId: w.townA.id,
        title: `东湖街道停水 ${i}`,
        content: text,
        publishable: false,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const r = await ctx.services.topics.engine.runUntilIdle();
    expect(r.collected).toBe(30);
    expect(r.alerts).toBeGreaterThanOrEqual(1);

    const alerts = await call(w.duty.cookie, 'GET', '/api/v1/topic-alerts?unacknowledged=true');
    expect(alerts.statusCode).toBe(200);
    const first = alerts.json().items.at(-1);
    expect(first.kind).toBe('topic');
    expect(first.why.count).toBeGreaterThanOrEqual(12);
    expect(first.why.growth).toBeGreaterThanOrEqual(3);
    expect(first.keywords.join(' ')).toMatch(/停水/);
    topicId = first.topicId;

    // The duty officer hears of it through the notification outbox.
    const outbox = await ctx.services.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('topic', '=', 'topic.alert')
      .execute();
    // One alert for the burst: the regions it makes loud do not alert again for the same topic and bucket.
    const all = (await call(w.cityAdmin.cookie, 'GET', '/api/v1/topic-alerts')).json();
    expect(
      all.items.filter(
        (a: { topicId: number; kind: string }) => a.topicId === topicId && a.kind === 'region',
      ),
    ).toEqual([]);
    expect(outbox.length).toBe(all.total);
    expect(JSON.parse(outbox[0]?.payload ?? '{}')).toMatchObject({ topicId, regionPath: w.townA.path });
    // Dispatched and sent, it lands in the duty officer's in-app inbox with a link to the topic.
    await ctx.services.notifications.dispatch({
      onError: (err) => {
        throw err;
      },
    });
    await ctx.services.notifications.send();
    const inbox = await ctx.services.database.db
      .selectFrom('inbox_messages')
      .selectAll()
      .where('user_id', '=', w.duty.id)
      .where('topic', '=', 'topic.alert')
      .execute();
    expect(inbox.length).toBeGreaterThanOrEqual(1);
    expect(inbox[0]?.link).toBe(`/topics/${topicId}`);
    expect(inbox[0]?.title).toMatch(/舆情预警/);
    // A unit handler hears nothing of it.
    const handlerInbox = await ctx.services.database.db
      .selectFrom('inbox_messages')
      .select('id')
      .where('user_id', '=', w.handler.id)
      .where('topic', '=', 'topic.alert')
      .execute();
    expect(handlerInbox).toEqual([]);

    const detail = (await call(w.analyst.cookie, 'GET', `/api/v1/topics/${topicId}`)).json() as Detail;
    expect(detail.state).toBe('rising');
    expect(detail.itemCount).toBeGreaterThanOrEqual(25);
    expect(detail.regions[0]).toMatchObject({ regionId: w.townA.id });
    expect(detail.volumes.reduce((s, v) => s + v.count, 0)).toBe(detail.itemCount);

    const items = await call(w.analyst.cookie, 'GET', `/api/v1/topics/${topicId}/items?pageSize=5`);
    expect(items.json().total).toBe(detail.itemCount);
    expect(items.json().items[0].sourceKind).toBe('intake');
    expect(items.json().items[0].intakeCaseId).toEqual(expect.any(Number));
  });

  it('shows the topic on the board of the county and the city, not to the other county or a unit', async () => {
    const board = await call(w.analyst.cookie, 'GET', '/api/v1/topics/board');
    expect(board.statusCode).toBe(200);
    expect(board.json().rising.map((t: { id: number }) => t.id)).toContain(topicId);
    expect(
      board.json().series.find((s: { topicId: number }) => s.topicId === topicId)?.points.length,
    ).toBeGreaterThan(0);
    expect(
      board.json().regions.find((r: { regionId: number }) => r.regionId === w.countyA.id)?.count,
    ).toBeGreaterThan(0);
    expect(board.json().counts.openAlerts).toBeGreaterThan(0);

    const city = await call(w.cityAdmin.cookie, 'GET', `/api/v1/topics/${topicId}`);
    expect(city.statusCode).toBe(200);
    expect((await call(w.analystB.cookie, 'GET', `/api/v1/topics/${topicId}`)).statusCode).toBe(404);
    const listB = await call(w.analystB.cookie, 'GET', '/api/v1/topics');
    expect(listB.json().items.map((t: { id: number }) => t.id)).not.toContain(topicId);
    expect((await call(w.handler.cookie, 'GET', '/api/v1/topics')).statusCode).toBe(403);
    expect((await call(w.handler.cookie, 'GET', `/api/v1/topics/${topicId}`)).statusCode).toBe(404);
  });

  it('resumes after a restart: a new engine continues the same topics from the stored state', async () => {
    const restarted = createTopicsEngine(ctx.services.database.db, () => ctx.clock.now());
    await injectItems(ctx, w.townA, burstTexts(6, '东湖街道停水'), ctx.clock.now(), 'after-restart');
    const r = await restarted.runUntilIdle();
    expect(r.processed).toBe(6);
    const topics = await ctx.services.database.db
      .selectFrom('topic_items')
      .select('topic_id')
      .where('source_label', '=', 'after-restart')
      .execute();
    // Near-duplicates of the burst land in the burst's topic, not in new ones.
    expect(new Set(topics.map((t) => t.topic_id))).toEqual(new Set([topicId]));
  });

  it('lets the duty officer acknowledge, and the analyst assess, link a notice and record a response', async () => {
    const alerts = (await call(w.duty.cookie, 'GET', '/api/v1/topic-alerts')).json().items;
    const ack = await call(w.duty.cookie, 'POST', `/api/v1/topic-alerts/${alerts[0].id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    // A duty officer may not assess.
    const denied = await call(w.duty.cookie, 'POST', `/api/v1/topics/${topicId}/assessments`, {
      riskLevel: 'III',
      summary: 'x',
      affectedRegionIds: [],
      affectedUnitIds: [],
      recommendedAction: 'y',
    });
    expect(denied.statusCode).toBe(403);

    const assessed = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/assessments`, {
      riskLevel: 'III',
      summary: '东湖街道供水管道抢修导致停水，群众集中反映。',
      affectedRegionIds: [w.townA.id],
      affectedUnitIds: [w.unitA.id],
      recommendedAction: '督促供水单位发布恢复时间并设置临时供水点。',
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().riskLevel).toBe('III');
    const outside = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/assessments`, {
      riskLevel: 'II',
      summary: 'x',
      affectedRegionIds: [w.countyB.id],
      affectedUnitIds: [],
      recommendedAction: 'y',
    });
    expect(outside.statusCode).toBe(400);

    const notice = await call(
      w.analyst.cookie,
      'POST',
      '/api/v1/notices',
      noticeBody(w.unitA.id, { title: '关于东湖街道停水舆情的处置通知' }),
    );
    expect(notice.statusCode, notice.body).toBeLessThan(300);
    const linked = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/links`, {
      kind: 'notice',
      targetId: notice.json().id,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().links).toEqual([
      expect.objectContaining({
        kind: 'notice',
        targetId: notice.json().id,
        title: '关于东湖街道停水舆情的处置通知',
      }),
    ]);
    const missing = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/links`, {
      kind: 'notice',
      targetId: 999_999,
    });
    expect(missing.statusCode).toBe(400);

    const respondedAt = new Date(ctx.clock.now().getTime() - 60_000).toISOString();
    const responded = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/responses`, {
      kind: 'statement',
      channel: '政务微博',
      respondedAt,
      summary: '自来水公司发布抢修进展和恢复供水时间。',
    });
    expect(responded.statusCode, responded.body).toBe(200);
    const d = responded.json() as Detail;
    expect(d.firstResponseAt).toBe(respondedAt);
    const expected = Math.round((Date.parse(respondedAt) - Date.parse(d.firstAlertAt ?? '')) / 60_000);
    expect(d.timeToFirstResponseMinutes).toBe(Math.max(0, expected));
    const future = await call(w.analyst.cookie, 'POST', `/api/v1/topics/${topicId}/responses`, {
      kind: 'statement',
      channel: 'x',
      respondedAt: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(),
      summary: 'x',
    });
    expect(future.statusCode).toBe(400);

    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'topic.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['topic.alert_acknowledge', 'topic.assess', 'topic.link', 'topic.respond']),
    );
  });

  it('follows the topic until it cools and goes cold as time passes', async () => {
    ctx.clock.advance(2 * MINUTE);
    await ctx.services.topics.engine.refreshStates();
    let d = (await call(w.analyst.cookie, 'GET', `/api/v1/topics/${topicId}`)).json() as Detail;
    expect(d.state).toBe('cooling');
    ctx.clock.advance(6 * MINUTE);
    await ctx.services.topics.engine.refreshStates();
    d = (await call(w.analyst.cookie, 'GET', `/api/v1/topics/${topicId}`)).json() as Detail;
    expect(d.state).toBe('cold');
    const cold = await call(w.analyst.cookie, 'GET', '/api/v1/topics?state=cold');
    expect(cold.json().items.map((t: { id: number }) => t.id)).toContain(topicId);
  });

  it('keeps settings to the root office administrators and validates them', async () => {
    const s = await call(w.analyst.cookie, 'GET', '/api/v1/topics/settings');
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ bucketSeconds: 60, pending: 0 });
    const body = {
      ...s.json(),
      abilities: undefined,
      itemsProcessed: undefined,
      pending: undefined,
      updatedAt: undefined,
    };
    expect((await call(w.analyst.cookie, 'PUT', '/api/v1/topics/settings', body)).statusCode).toBe(403);
    const ok = await call(w.cityAdmin.cookie, 'PUT', '/api/v1/topics/settings', {
      ...body,
      sensitivity: 7,
      words: ['二次供水'],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ sensitivity: 7, words: ['二次供水'] });
    const bad = await call(w.cityAdmin.cookie, 'PUT', '/api/v1/topics/settings', {
      ...body,
      bucketSeconds: 1,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('topics: history is clustered and charted but raises no alert', () => {
  let ctx: TestContext;
  let w: TopicWorld;
  const MINUTE = 60_000;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await topicWorld(ctx);
    await fastSettings(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('imports last week’s burst into its own buckets without alerting now, then alerts on a live one', async () => {
    const lastWeek = new Date(Math.floor(ctx.clock.now().getTime() / MINUTE) * MINUTE - 7 * 86_400_000);
    await injectItems(ctx, w.townA, burstTexts(30, '临河区燃气泄漏'), lastWeek, 'archive');
    const r = await ctx.services.topics.engine.runUntilIdle();
    expect(r.processed).toBe(30);
    expect(r.alerts).toBe(0);
    const volumes = await ctx.services.database.db.selectFrom('topic_volumes').selectAll().execute();
    expect(volumes.map((v) => v.bucket_at)).toEqual([lastWeek.toISOString()]);
    expect(volumes[0]?.item_count).toBe(30);

    await injectItems(ctx, w.townA, burstTexts(30, '东湖街道停水'), ctx.clock.now(), 'live');
    const live = await ctx.services.topics.engine.runUntilIdle();
    expect(live.alerts).toBeGreaterThanOrEqual(1);
  });
});

describe('topics: two workers at once', () => {
  let ctx: TestContext;
  let w: TopicWorld;

  beforeAll(async () => {
    ctx = await createTestContext();
    w = await topicWorld(ctx);
    await fastSettings(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('process every item exactly once and continue each other’s state', async () => {
    const a = createTopicsEngine(ctx.services.database.db, () => ctx.clock.now());
    const b = createTopicsEngine(ctx.services.database.db, () => ctx.clock.now());
    const now = ctx.clock.now();
    await injectItems(ctx, w.townA, [...burstTexts(700), ...backgroundTexts(500)], now, 'race');
    const [ra, rb] = await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
    expect(ra.processed + rb.processed).toBe(1200);
    const { db } = ctx.services.database;
    const pending = await db.selectFrom('topic_items').select('id').where('processed', '=', 0).execute();
    expect(pending).toEqual([]);
    const volumes = await db
      .selectFrom('topic_volumes')
      .select((eb) => eb.fn.sum<number>('item_count').as('n'))
      .executeTakeFirstOrThrow();
    const assigned = await db
      .selectFrom('topic_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(volumes.n)).toBe(Number(assigned.n));
    // The burst is one topic whichever worker took which batch: each resumed from the other's state.
    const burstTopics = await db
      .selectFrom('topic_items')
      .select('topic_id')
      .distinct()
      .where('text', 'like', '东湖街道停水%')
      .execute();
    expect(burstTopics).toHaveLength(1);
    const row = await db.selectFrom('topic_pipeline').select('items_processed').executeTakeFirstOrThrow();
    expect(row.items_processed).toBe(1200);
  }, 120_000);

  it('stops between batches when its time budget is spent, and says more is pending', async () => {
    await injectItems(ctx, w.townA, backgroundTexts(1100), ctx.clock.now(), 'budget');
    const engine = createTopicsEngine(ctx.services.database.db, () => ctx.clock.now());
    const first = await engine.runUntilIdle(1000, 0);
    expect(first).toMatchObject({ processed: 500, more: true });
    const rest = await engine.runUntilIdle();
    expect(rest).toMatchObject({ processed: 600, more: false });
  }, 120_000);
});

describe('topics: the demo city', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('seeds two days of messages with a live outage burst that alerts in 东湖街道', async () => {
    const { buildRegion } = await import('../../../test/factories.ts');
    const city = await buildRegion(ctx, { name: '江川市' });
    const district = await buildRegion(ctx, { parent: city, name: '江川区' });
    const donghu = await buildRegion(ctx, { parent: district, name: '东湖街道' });
    const now = ctx.clock.now();
    const stored = await seedDemoTopics(ctx.services.database.db, now);
    expect(stored).toBeGreaterThan(1500);
    expect(await seedDemoTopics(ctx.services.database.db, now)).toBe(0);
    const r = await ctx.services.topics.engine.runUntilIdle();
    expect(r.processed).toBe(stored);
    const alerts = await ctx.services.database.db.selectFrom('topic_alerts').selectAll().execute();
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const outage = alerts.find((a) => a.kind === 'topic');
    expect(outage?.keywords).toMatch(/停水|东湖/);
    expect(outage?.region_id).toBe(donghu.id);
  }, 120_000);
});
