import type { NotificationTopic } from '@shouwang/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { insertChannel, insertNotice } from './notifications.test-support.ts';
import { appendOutbox } from './outbox.ts';

describe(`notification dispatcher (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  const u: Record<string, Awaited<ReturnType<typeof buildUser>>> = {};
  let noticeId: number;

  const db = () => ctx.services.database.db;

  /** Writes one outbox row and dispatches; returns the delivery targets as "channel:username|channel name". */
  async function recipientsOf(
    topic: NotificationTopic,
    payload: Record<string, unknown> = {},
    id = noticeId,
  ) {
    const row = await db()
      .insertInto('notification_outbox')
      .values({
        topic,
        notice_id: topic.startsWith('finding.') ? null : id,
        payload: JSON.stringify(payload),
        dedup_key: null,
        created_at: new Date().toISOString(),
        dispatched_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.services.notifications.dispatch();
    const rows = await db()
      .selectFrom('notification_deliveries')
      .select(['channel', 'recipient'])
      .where('outbox_id', '=', row.id)
      .orderBy('channel')
      .orderBy('recipient')
      .execute();
    return rows.map((r) => `${r.channel}:${r.recipient}`);
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    const make = async (
      name: string,
      role: Parameters<typeof buildUser>[1]['role'],
      region = j.countyA,
      unitId: number | null = null,
    ) => {
      u[name] = await buildUser(ctx, { role, region, unitId, username: name });
    };
    await make('creator', 'analyst', j.countyA);
    await make('cityadmin', 'office_admin', j.city);
    await make('countyanalyst', 'analyst', j.countyA);
    await make('countyadmin', 'office_admin', j.countyA);
    await make('duty', 'duty_officer', j.countyA);
    await make('banalyst', 'analyst', j.countyB);
    await make('handler', 'unit_handler', j.countyA, j.unitA.id);
    await make('leader', 'unit_leader', j.countyA, j.unitA.id);
    await make('gone', 'unit_handler', j.countyA, j.unitA.id);
    await make('bhandler', 'unit_handler', j.countyB, j.unitB.id);
    await db().updateTable('users').set({ disabled: 1 }).where('username', '=', 'gone').execute();
    await db().updateTable('users').set({ email: 'h@a.cn' }).where('username', '=', 'handler').execute();
    await db().updateTable('users').set({ email: 'l@a.cn' }).where('username', '=', 'leader').execute();
    noticeId = await insertNotice(ctx, {
      unitId: j.unitA.id,
      regionPath: j.countyA.path,
      officeRegionId: j.countyA.id,
      createdBy: u.creator?.id ?? 0,
    });
  });
  afterAll(() => ctx.close());

  it('sends unit topics to the unit’s active handlers and leaders, in-app only while no e-mail channel exists', async () => {
    expect(await recipientsOf('notice.issued')).toEqual(['inapp:handler', 'inapp:leader']);
    expect(await recipientsOf('notice.report_pending_approval')).toEqual(['inapp:leader']);
  });

  it('sends the unit’s answers to the creator and the office desk covering the notice', async () => {
    expect(await recipientsOf('notice.signed')).toEqual([
      'inapp:cityadmin',
      'inapp:countyadmin',
      'inapp:countyanalyst',
      'inapp:creator',
    ]);
  });

  it('follows the supervision ladder and sends findings to analysts and duty officers', async () => {
    expect(await recipientsOf('notice.supervised', { level: 1 })).toEqual(['inapp:handler', 'inapp:leader']);
    expect(await recipientsOf('notice.supervised', { level: 2 })).toEqual(['inapp:leader']);
    expect(await recipientsOf('notice.supervised', { level: 3 })).toEqual(['inapp:countyadmin']);
    expect(await recipientsOf('finding.raised', { regionPath: j.townA.path, title: 'x' })).toEqual([
      'inapp:countyanalyst',
      'inapp:creator',
      'inapp:duty',
    ]);
  });

  it('adds e-mail for users with an address once the office has an e-mail channel, and respects preferences', async () => {
    await insertChannel(ctx, {
      regionId: j.city.id,
      kind: 'email',
      config: { host: '127.0.0.1', port: 9, from: 'a@b.cn' },
    });
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'wecom',
      name: 'robot',
      config: { url: 'http://127.0.0.1:9/x' },
    });
    await insertChannel(ctx, {
      regionId: j.countyB.id,
      kind: 'wecom',
      name: 'other county robot',
      config: { url: 'http://127.0.0.1:9/y' },
    });
    await insertChannel(ctx, {
      regionId: j.countyA.id,
      kind: 'wecom',
      name: 'disabled robot',
      config: { url: 'http://127.0.0.1:9/z' },
      enabled: false,
    });
    expect(await recipientsOf('notice.issued')).toEqual([
      'email:h@a.cn',
      'email:l@a.cn',
      'inapp:handler',
      'inapp:leader',
      'wecom:robot',
    ]);
    const prefs = [
      { user_id: u.handler?.id ?? 0, channel: 'email', topic: '*', enabled: 0 },
      { user_id: u.leader?.id ?? 0, channel: 'inapp', topic: 'notice.closed', enabled: 0 },
    ];
    await db().insertInto('notification_prefs').values(prefs).execute();
    expect(await recipientsOf('notice.issued')).toEqual([
      'email:l@a.cn',
      'inapp:handler',
      'inapp:leader',
      'wecom:robot',
    ]);
    expect(await recipientsOf('notice.closed')).toEqual(['email:l@a.cn', 'inapp:handler', 'wecom:robot']);
  });

  it('loses nothing and sends nothing twice when the dispatcher crashes mid-way', async () => {
    const notice2 = await insertNotice(ctx, {
      unitId: j.unitA.id,
      regionPath: j.countyA.path,
      officeRegionId: j.countyA.id,
      createdBy: u.creator?.id ?? 0,
      state: 'draft',
    });
    // The state change and its two notifications commit together.
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('notices').set({ state: 'issued' }).where('id', '=', notice2).execute();
        await appendOutbox(trx, {
          topic: 'notice.issued',
          noticeId: notice2,
          payload: {},
          dedupKey: `issued:${notice2}`,
        });
        await appendOutbox(trx, {
          topic: 'notice.reminder',
          noticeId: notice2,
          payload: {},
          dedupKey: `rem:${notice2}`,
        });
      });
    const outbox = await db()
      .selectFrom('notification_outbox')
      .select('id')
      .where('notice_id', '=', notice2)
      .orderBy('id')
      .execute();
    const second = outbox[1]?.id;
    const errors: unknown[] = [];
    const crashed = await ctx.services.notifications.dispatch({
      afterDeliveriesWritten: async (id) => {
        if (id === second) throw new Error('worker killed');
      },
      onError: (err) => errors.push(err),
    });
    expect(crashed).toMatchObject({ dispatched: 1, failed: 1 });
    expect(errors).toHaveLength(1);
    const countFor = async (outboxId: number | undefined) =>
      (
        await db()
          .selectFrom('notification_deliveries')
          .select('id')
          .where('outbox_id', '=', outboxId ?? -1)
          .execute()
      ).length;
    expect(await countFor(second)).toBe(0);
    const pending = await db()
      .selectFrom('notification_outbox')
      .select('id')
      .where('dispatched_at', 'is', null)
      .execute();
    expect(pending.map((p) => p.id)).toEqual([second]);

    // Run again, twice at once: each row is dispatched exactly once.
    await Promise.all([ctx.services.notifications.dispatch(), ctx.services.notifications.dispatch()]);
    await ctx.services.notifications.dispatch();
    expect(await countFor(outbox[0]?.id)).toBe(await countFor(second));
    expect(await countFor(second)).toBe(4);

    // And the sender writes one inbox message per user and row, even when run twice.
    await Promise.all([ctx.services.notifications.send(), ctx.services.notifications.send()]);
    await ctx.services.notifications.send();
    const inbox = await db()
      .selectFrom('inbox_messages')
      .select(['user_id', 'topic'])
      .where('notice_id', '=', notice2)
      .orderBy('topic')
      .orderBy('user_id')
      .execute();
    expect(inbox).toEqual([
      { user_id: u.handler?.id, topic: 'notice.issued' },
      { user_id: u.leader?.id, topic: 'notice.issued' },
      { user_id: u.handler?.id, topic: 'notice.reminder' },
      { user_id: u.leader?.id, topic: 'notice.reminder' },
    ]);
  });
  it('holds a message marked outside working hours until payload.notBefore', async () => {
    const notBefore = new Date(ctx.clock.now().getTime() + 3 * 3600_000).toISOString();
    await appendOutbox(db(), {
      topic: 'notice.overdue',
      noticeId,
      payload: { level: 1, deadline: 'sign', notBefore },
    });
    await ctx.services.notifications.dispatch();
    const held = await db()
      .selectFrom('notification_deliveries as d')
      .innerJoin('notification_outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.channel', 'd.next_attempt_at', 'd.status'])
      .where('o.topic', '=', 'notice.overdue')
      .where('d.channel', '=', 'inapp')
      .execute();
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((d) => d.next_attempt_at === notBefore)).toBe(true);
    const inboxCount = async () =>
      (await db().selectFrom('inbox_messages').select('id').where('topic', '=', 'notice.overdue').execute())
        .length;
    await ctx.services.notifications.send();
    expect(await inboxCount()).toBe(0);
    ctx.clock.advance(3 * 3600_000 + 1000);
    await ctx.services.notifications.send();
    expect(await inboxCount()).toBe(held.length);
  });
});
