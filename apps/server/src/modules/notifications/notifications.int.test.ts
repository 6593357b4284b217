import { NOTIFICATION_TOPICS } from '@shouwang/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { type HttpReceiver, insertNotice, startHttpReceiver } from './notifications.test-support.ts';
import { appendOutbox } from './outbox.ts';

describe(`notifications API (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let http: HttpReceiver;
  let handler: string;
  let leader: string;
  let countyAdmin: string;
  let cityAdmin: string;
  let analyst: string;

  const call = (
    cookie: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    lang = 'en-US',
  ) =>
    ctx.app.inject({ method, url, payload: payload as object, headers: { cookie, 'accept-language': lang } });

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    http = await startHttpReceiver();
    const admin = await buildUser(ctx, { role: 'office_admin', region: j.countyA });
    countyAdmin = await sessionCookie(ctx, admin);
    cityAdmin = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    analyst = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
    handler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
    leader = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_leader', region: j.countyA, unitId: j.unitA.id }),
    );
    const noticeId = await insertNotice(ctx, {
      unitId: j.unitA.id,
      regionPath: j.countyA.path,
      officeRegionId: j.countyA.id,
      createdBy: admin.id,
    });
    const { db } = ctx.services.database;
    await appendOutbox(db, { topic: 'notice.issued', noticeId, payload: {} });
    await appendOutbox(db, { topic: 'notice.report_pending_approval', noticeId, payload: {} });
    await ctx.services.notifications.dispatch();
    await ctx.services.notifications.send();
  });
  afterAll(async () => {
    await http?.close();
    await ctx?.close();
  });

  it('shows each user only their own messages, counts and marks them read', async () => {
    const mine = await call(handler, 'GET', '/api/v1/inbox');
    expect(mine.json()).toMatchObject({ total: 1, items: [{ topic: 'notice.issued', readAt: null }] });
    expect(mine.json().items[0].title).toContain('江川网信通〔2026〕3号');
    expect(mine.json().items[0].link).toMatch(/^\/notices\/\d+$/);
    const leaders = await call(leader, 'GET', '/api/v1/inbox?unread=true');
    expect(leaders.json().total).toBe(2);
    expect((await call(leader, 'GET', '/api/v1/inbox/unread-count')).json()).toEqual({ count: 2 });

    // Someone else's message is not found, and stays unread.
    const foreignId = leaders.json().items[0].id;
    expect((await call(handler, 'POST', `/api/v1/inbox/${foreignId}/read`)).statusCode).toBe(404);
    expect((await call(leader, 'GET', '/api/v1/inbox/unread-count')).json()).toEqual({ count: 2 });

    const read = await call(leader, 'POST', `/api/v1/inbox/${foreignId}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    expect((await call(leader, 'POST', '/api/v1/inbox/read-all')).json()).toEqual({ count: 1 });
    expect((await call(leader, 'GET', '/api/v1/inbox/unread-count')).json()).toEqual({ count: 0 });
    expect((await call(handler, 'GET', '/api/v1/inbox/unread-count')).json()).toEqual({ count: 1 });
  });

  it('creates a channel with write-only secrets, audits it without them, and validates in the caller language', async () => {
    const body = {
      regionId: j.countyA.id,
      kind: 'webhook',
      name: 'SOC',
      config: { url: `${http.url}/soc/endpoint-token-1234`, secret: 'top-secret-key' },
    };
    const created = await call(countyAdmin, 'POST', '/api/v1/notification-channels', body);
    expect(created.statusCode).toBe(201);
    const channel = created.json();
    expect(channel.config.secret).toBe('********');
    expect(channel.config.url).toBe(`${http.url}/soc/****1234`);
    expect(created.body).not.toContain('top-secret-key');
    expect(created.body).not.toContain('endpoint-token');

    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'notification_channel.create')
      .executeTakeFirstOrThrow();
    expect(audit.resource_id).toBe(String(channel.id));
    expect(JSON.stringify(audit)).not.toContain('top-secret-key');

    // Sending back the masked values keeps the stored URL and secret.
    const renamed = await call(countyAdmin, 'PUT', `/api/v1/notification-channels/${channel.id}`, {
      name: 'SOC 2',
      config: channel.config,
    });
    expect(renamed.statusCode).toBe(200);
    const stored = await ctx.services.database.db
      .selectFrom('notification_channels')
      .select('config')
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.config)).toMatchObject({ url: body.config.url, secret: 'top-secret-key' });

    const test = await call(countyAdmin, 'POST', `/api/v1/notification-channels/${channel.id}/test`, {});
    expect(test.json()).toEqual({ ok: true, error: null });
    expect(http.requests.at(-1)?.headers['x-shouwang-event']).toBe('test');
    http.respond = () => ({ status: 503, body: 'down' });
    const failing = await call(countyAdmin, 'POST', `/api/v1/notification-channels/${channel.id}/test`, {});
    expect(failing.json()).toEqual({ ok: false, error: 'HTTP 503: down' });

    const bad = await call(countyAdmin, 'POST', '/api/v1/notification-channels', {
      ...body,
      config: { url: 'gopher://x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'config.url', message: 'must be a full URL starting with http:// or https://' },
      { field: 'config.secret', message: 'a webhook needs a signing secret' },
    ]);
    const zh = await call(
      countyAdmin,
      'POST',
      '/api/v1/notification-channels',
      { ...body, kind: 'email', config: {} },
      'zh-CN',
    );
    expect(zh.json().error.details.map((d: { message: string }) => d.message)).toContain(
      '必须填写 SMTP 服务器地址',
    );

    expect(
      (await call(countyAdmin, 'DELETE', `/api/v1/notification-channels/${channel.id}`)).statusCode,
    ).toBe(204);
    expect((await call(countyAdmin, 'GET', `/api/v1/notification-channels/${channel.id}`)).statusCode).toBe(
      404,
    );
  });

  it('keeps channels within the admin’s region and away from other roles', async () => {
    const city = await call(cityAdmin, 'POST', '/api/v1/notification-channels', {
      regionId: j.city.id,
      kind: 'dingtalk',
      name: 'City robot',
      config: { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SEC1' },
    });
    expect(city.statusCode).toBe(201);
    expect(
      (await call(countyAdmin, 'GET', `/api/v1/notification-channels/${city.json().id}`)).statusCode,
    ).toBe(404);
    expect((await call(countyAdmin, 'GET', '/api/v1/notification-channels')).json()).toEqual([]);
    expect(
      (await call(cityAdmin, 'GET', '/api/v1/notification-channels'))
        .json()
        .map((c: { name: string }) => c.name),
    ).toEqual(['City robot']);
    expect((await call(analyst, 'GET', '/api/v1/notification-channels')).statusCode).toBe(403);
  });

  it('reads and writes the caller’s preferences', async () => {
    const defaults = (await call(handler, 'GET', '/api/v1/me/notification-prefs')).json();
    // One preference per topic for each personal channel (in-app and e-mail).
    expect(defaults).toHaveLength(NOTIFICATION_TOPICS.length * 2);
    expect(defaults.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const put = await call(handler, 'PUT', '/api/v1/me/notification-prefs', [
      { channel: 'email', topic: '*', enabled: false },
      { channel: 'email', topic: 'notice.overdue', enabled: true },
    ]);
    expect(put.statusCode).toBe(200);
    const email = put.json().filter((p: { channel: string }) => p.channel === 'email');
    expect(
      email.filter((p: { enabled: boolean }) => p.enabled).map((p: { topic: string }) => p.topic),
    ).toEqual(['notice.overdue']);
    const otherUser = (await call(leader, 'GET', '/api/v1/me/notification-prefs')).json();
    expect(otherUser.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const bad = await call(handler, 'PUT', '/api/v1/me/notification-prefs', [
      { channel: 'email', topic: 'notice.nope', enabled: false },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: '0.topic', message: 'unknown notification topic: notice.nope' },
    ]);
  });
});
