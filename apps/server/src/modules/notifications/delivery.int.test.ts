import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import {
  type HttpReceiver,
  insertChannel,
  insertNotice,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpServer,
} from './notifications.test-support.ts';
import { appendOutbox } from './outbox.ts';
import { MAX_ATTEMPTS_SETTING } from './sender.ts';

describe(`notification delivery over real SMTP and HTTP (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let admin: Awaited<ReturnType<typeof buildUser>>;
  let creatorId: number;

  const db = () => ctx.services.database.db;
  const deliveriesOf = (noticeId: number) =>
    db()
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('notice_id', '=', noticeId)
      .orderBy('id')
      .execute();

  async function announce(noticeId: number, topic: 'notice.issued' | 'notice.closed') {
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('notices').set({ state: 'issued' }).where('id', '=', noticeId).execute();
        await appendOutbox(trx, { topic, noticeId, payload: { noticeId } });
      });
    return ctx.services.notifications.dispatch();
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    http = await startHttpReceiver();
    smtp = await startSmtpServer();
    admin = await buildUser(ctx, { role: 'office_admin', region: j.city });
    creatorId = admin.id;
    const handler = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const leader = await buildUser(ctx, { role: 'unit_leader', region: j.countyA, unitId: j.unitA.id });
    await db()
      .updateTable('users')
      .set({ email: 'handler@unit-a.cn' })
      .where('id', '=', handler.id)
      .execute();
    await db()
      .updateTable('users')
      .set({ email: 'leader@unit-a.cn', locale: 'en-US' })
      .where('id', '=', leader.id)
      .execute();
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'email',
      config: { host: '127.0.0.1', port: smtp.port, secure: false, from: '江川网信办 <noreply@jc.cn>' },
    });
    await insertChannel(ctx, {
      regionId: j.city.id,
      kind: 'webhook',
      name: 'SOC webhook',
      config: { url: `${http.url}/hook`, secret: 'hook-secret', topics: ['notice.issued'] },
    });
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'wecom',
      config: { url: `${http.url}/wecom?key=k1` },
    });
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'dingtalk',
      config: { url: `${http.url}/dingtalk?access_token=t1`, secret: 'SECding' },
    });
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'feishu',
      config: { url: `${http.url}/feishu/hook/abc`, secret: 'SECfeishu' },
    });
    await insertChannel(ctx, {
      regionId: j.countyB.id,
      kind: 'webhook',
      name: 'flaky',
      config: { url: `${http.url}/flaky`, secret: 's' },
    });
    await insertChannel(ctx, {
      regionId: j.countyB.id,
      kind: 'wecom',
      name: 'broken robot',
      config: { url: `${http.url}/broken` },
    });
  });
  afterAll(async () => {
    await http?.close();
    await smtp?.close();
    await ctx?.close();
  });

  it('delivers an issued notice in-app, by e-mail over SMTP and to every group channel, each signed', async () => {
    const noticeId = await insertNotice(ctx, {
      unitId: j.unitA.id,
      regionPath: j.countyA.path,
      officeRegionId: j.city.id,
      createdBy: creatorId,
      state: 'draft',
    });
    const dispatched = await announce(noticeId, 'notice.issued');
    expect(dispatched).toMatchObject({ dispatched: 1, deliveries: 8, failed: 0 });
    const sent = await ctx.services.notifications.send();
    expect(sent).toEqual({ sent: 8, retrying: 0, failed: 0 });
    expect((await deliveriesOf(noticeId)).map((d) => d.status)).toEqual(Array(8).fill('sent'));

    // E-mail: one per user with an address, in the user's language.
    const byTo = Object.fromEntries(smtp.mails.map((m) => [m.to.join(','), m]));
    expect(byTo['handler@unit-a.cn']?.subject).toBe(
      '【通报】江川网信通〔2026〕3号《门户网站存在暗链》已下发，请于 10月13日 17:30 前签收',
    );
    expect(byTo['handler@unit-a.cn']?.text).toContain('10月20日 17:30 前完成整改');
    expect(byTo['handler@unit-a.cn']?.from).toBe('noreply@jc.cn');
    expect(byTo['leader@unit-a.cn']?.subject).toContain('[Notice] 江川网信通〔2026〕3号');
    expect(byTo['leader@unit-a.cn']?.text).toContain('Details: /notices/');

    // Generic webhook: headers and an HMAC the receiver can check.
    const hook = http.requests.find((r) => r.path === '/hook');
    expect(hook).toBeDefined();
    const ts = String(hook?.headers['x-shouwang-timestamp']);
    const expected = `sha256=${createHmac('sha256', 'hook-secret').update(`${ts}.${hook?.body}`).digest('hex')}`;
    expect(hook?.headers['x-shouwang-signature']).toBe(expected);
    expect(hook?.headers['x-shouwang-event']).toBe('notice.issued');
    expect(Number(hook?.headers['x-shouwang-delivery'])).toBeGreaterThan(0);
    const hookBody = JSON.parse(hook?.body ?? '{}');
    expect(hookBody).toMatchObject({
      topic: 'notice.issued',
      notice: { id: noticeId, docNumber: '江川网信通〔2026〕3号' },
    });
    expect(typeof hookBody.id).toBe('number');
    expect(typeof hookBody.occurredAt).toBe('string');

    // WeCom: markdown.
    const wecom = JSON.parse(http.requests.find((r) => r.path === '/wecom')?.body ?? '{}');
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toContain('【通报】江川网信通〔2026〕3号');

    // DingTalk: timestamp and sign in the query, verified with the documented formula.
    const ding = http.requests.find((r) => r.path === '/dingtalk');
    const dts = ding?.query.get('timestamp') ?? '';
    expect(ding?.query.get('access_token')).toBe('t1');
    expect(ding?.query.get('sign')).toBe(
      createHmac('sha256', 'SECding').update(`${dts}\nSECding`).digest('base64'),
    );
    expect(JSON.parse(ding?.body ?? '{}')).toMatchObject({ msgtype: 'markdown' });

    // Feishu: timestamp (seconds) and sign in the body.
    const feishu = JSON.parse(http.requests.find((r) => r.path === '/feishu/hook/abc')?.body ?? '{}');
    expect(feishu.msg_type).toBe('text');
    expect(feishu.sign).toBe(createHmac('sha256', `${feishu.timestamp}\nSECfeishu`).digest('base64'));
    expect(feishu.content.text).toContain('江川网信通〔2026〕3号');

    // The webhook listens to notice.issued only: a closed notice does not reach it.
    const before = http.requests.filter((r) => r.path === '/hook').length;
    await announce(noticeId, 'notice.closed');
    await ctx.services.notifications.send();
    expect(http.requests.filter((r) => r.path === '/hook').length).toBe(before);
  });

  it('retries after a 500 with backoff on the controllable clock, then succeeds', async () => {
    let calls = 0;
    http.respond = (req) => {
      if (req.path === '/flaky' && ++calls === 1) return { status: 500, body: 'boom' };
      if (req.path === '/broken')
        return { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
      return { status: 200, body: '{"errcode":0,"code":0}' };
    };
    const noticeId = await insertNotice(ctx, {
      unitId: j.unitB.id,
      regionPath: j.countyB.path,
      officeRegionId: j.city.id,
      createdBy: creatorId,
    });
    await announce(noticeId, 'notice.issued');
    await ctx.services.notifications.send();
    const flaky = async () => (await deliveriesOf(noticeId)).find((d) => d.recipient === 'flaky');
    const first = await flaky();
    expect(first).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(first?.last_error).toContain('HTTP 500');
    const wait = new Date(first?.next_attempt_at ?? 0).getTime() - ctx.clock.now().getTime();
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);

    await ctx.services.notifications.send();
    expect(await flaky()).toMatchObject({ status: 'retrying', attempts: 1 });
    ctx.clock.advance(61_000);
    await ctx.services.notifications.send();
    expect(await flaky()).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(calls).toBe(2);
  });

  it('gives up after the configured limit, keeps the delivery as failed, and shows it in the delivery log', async () => {
    await db()
      .insertInto('settings')
      .values({ key: MAX_ATTEMPTS_SETTING, value: '3', updated_at: new Date().toISOString() })
      .execute();
    const noticeId = await insertNotice(ctx, {
      unitId: j.unitB.id,
      regionPath: j.countyB.path,
      officeRegionId: j.city.id,
      createdBy: creatorId,
    });
    await announce(noticeId, 'notice.issued');
    const robot = async () => (await deliveriesOf(noticeId)).find((d) => d.recipient === 'broken robot');
    const waits = [0, 61_000, 5 * 60_000 + 1000];
    for (const ms of waits) {
      ctx.clock.advance(ms);
      await ctx.services.notifications.send();
    }
    expect(await robot()).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
    ctx.clock.advance(24 * 3600_000);
    await ctx.services.notifications.send();
    expect((await robot())?.attempts).toBe(3);

    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/notices/${noticeId}/deliveries`,
      // A fresh session: the clock has moved past the earlier ones.
      headers: { cookie: await sessionCookie(ctx, admin) },
    });
    expect(res.statusCode).toBe(200);
    const failed = res.json().find((d: { recipient: string }) => d.recipient === 'broken robot');
    expect(failed).toMatchObject({ channel: 'wecom', status: 'failed', attempts: 3, topic: 'notice.issued' });
    expect(failed.lastError).toContain('errcode 93000');
  });
});
