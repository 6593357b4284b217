import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { solveChallenge } from './abuse-guard.ts';

const beijingDate = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe(`citizen intake (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let ip = 0;
  const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
  });
  afterAll(() => ctx.close());

  async function submitMessage(body: Record<string, unknown>, remoteAddress = nextIp(), headers = {}) {
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress,
      headers,
      payload: {
        type: 'complaint',
        topic: 'roads',
        regionId: j.countyA.id,
        title: 'Pothole',
        content: 'There is a deep pothole outside the school gate.',
        publishable: false,
        ...body,
      },
    });
  }

  async function submitReport(body: Record<string, unknown>) {
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      remoteAddress: nextIp(),
      payload: { category: 'gambling', description: 'An online casino.', ...body },
    });
  }

  async function caseIdOf(title: string): Promise<number> {
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('offers the shipped categories, message types and regions to anyone', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/public/intake/options',
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.categories.map((c: { code: string }) => c.code)).toContain('cyberbullying');
    expect(body.categories.find((c: { code: string }) => c.code === 'fraud').name).toBe('诈骗');
    expect(body.messageTypes).toEqual(['complaint', 'help', 'suggestion', 'enquiry']);
    expect(body.regions.map((r: { name: string }) => r.name)).toContain('County A');
  });

  it('gives a query code that shows the case only with the right four digits', async () => {
    const res = await submitMessage({ title: 'Lookup me', contactPhone: '13800135678' });
    expect(res.statusCode).toBe(201);
    const { queryCode, pin } = res.json();
    expect(queryCode).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{12}$/);
    expect(pin).toBeNull();
    const right = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${queryCode}?phoneLast4=5678`,
      remoteAddress: nextIp(),
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ status: 'received', title: 'Lookup me', reply: null });
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${queryCode}?phoneLast4=5679`,
      remoteAddress: nextIp(),
    });
    expect(wrong.statusCode).toBe(404);
    const badCode = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/public/cases/AAAAAAAAAAAA?phoneLast4=5678',
      remoteAddress: nextIp(),
    });
    expect(badCode.statusCode).toBe(404);
  });

  it('takes the four digits from the X-Phone-Last4 header, and still from the query parameter', async () => {
    const { queryCode } = (
      await submitMessage({ title: 'Header lookup', contactPhone: '13800132468' })
    ).json();
    const get = (url: string, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'GET', url, headers, remoteAddress: nextIp() });
    const byHeader = await get(`/api/v1/public/cases/${queryCode}`, { 'x-phone-last4': '2468' });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.json()).toMatchObject({ title: 'Header lookup' });
    expect((await get(`/api/v1/public/cases/${queryCode}`, { 'x-phone-last4': '2467' })).statusCode).toBe(
      404,
    );
    // The header wins over a query parameter, so a stale link cannot override what the page sends.
    expect(
      (await get(`/api/v1/public/cases/${queryCode}?phoneLast4=2468`, { 'x-phone-last4': '1111' }))
        .statusCode,
    ).toBe(404);
    expect((await get(`/api/v1/public/cases/${queryCode}?phoneLast4=2468`)).statusCode).toBe(200);
    const malformed = await get(`/api/v1/public/cases/${queryCode}`, { 'x-phone-last4': '24a8' });
    expect(malformed.statusCode).toBe(400);
    const missing = await get(`/api/v1/public/cases/${queryCode}`, { 'accept-language': 'en-US' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { field: 'phoneLast4', message: 'give the last four digits of your phone or your PIN' },
    ]);
  });

  it('issues a PIN as the second factor when no phone was left', async () => {
    const res = await submitMessage({ title: 'No phone' });
    const { queryCode, pin } = res.json();
    expect(pin).toMatch(/^\d{4}$/);
    const ok = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${queryCode}?phoneLast4=${pin}`,
      remoteAddress: nextIp(),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('locks a query code after ten wrong digits, whatever address they come from', async () => {
    const { queryCode, pin } = (await submitMessage({ title: 'Guessed at' })).json();
    const other = (await submitMessage({ title: 'Not guessed at' })).json();
    const look = (code: string, digits: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/v1/public/cases/${code}?phoneLast4=${digits}`,
        remoteAddress: nextIp(),
      });
    const wrong = pin === '0000' ? '0001' : '0000';
    for (let i = 0; i < 10; i++) expect((await look(queryCode, wrong)).statusCode).toBe(404);
    const locked = await look(queryCode, pin);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect((await look(other.queryCode, other.pin)).statusCode).toBe(200);
  });

  it('refuses oversized fields and unknown categories with field errors', async () => {
    expect((await submitMessage({ content: 'x'.repeat(5001) })).statusCode).toBe(400);
    const unknown = await submitReport({ category: 'politics', urls: ['http://a.example'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe('category');
    expect((await submitReport({ urls: [] })).statusCode).toBe(400);
  });

  it('challenges a flooding client while another still submits, and accepts a solved challenge', async () => {
    ctx.services.intakeGuard.configure({ difficulty: 8, maxDifficulty: 10 });
    const flooder = '192.0.2.66';
    const statuses: number[] = [];
    let challenge: { challenge: string; difficulty: number } | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await submitMessage({ title: `Flood ${i}` }, flooder);
      statuses.push(res.statusCode);
      if (res.statusCode === 429) challenge = res.json().error.details;
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect((await submitMessage({ title: 'Other client' }, '192.0.2.77')).statusCode).toBe(201);
    if (!challenge) throw new Error('no challenge issued');
    const nonce = solveChallenge(challenge.challenge, challenge.difficulty);
    const headers = { 'x-intake-challenge': challenge.challenge, 'x-intake-nonce': nonce };
    expect((await submitMessage({ title: 'Solved' }, flooder, headers)).statusCode).toBe(201);
    // A solution is spent once, and is bound to the client that was challenged.
    expect((await submitMessage({ title: 'Replayed' }, flooder, headers)).statusCode).toBe(429);
    const fresh = (await submitMessage({ title: 'Again' }, flooder)).json().error.details;
    const other = {
      'x-intake-challenge': fresh.challenge,
      'x-intake-nonce': solveChallenge(fresh.challenge, fresh.difficulty),
    };
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 0, refillSeconds: 3600 }, lookup: { burst: 20, refillSeconds: 15 } },
    });
    expect((await submitMessage({ title: 'Stolen' }, '192.0.2.88', other)).statusCode).toBe(429);
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
  });

  it('groups reports of the same URL and suggests near-identical texts, not different ones', async () => {
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
    await submitReport({
      urls: ['https://www.Casino.example/play?utm_source=x&b=2&a=1#top'],
      description: 'Casino one',
    });
    await submitReport({ urls: ['http://casino.example/play/?a=1&b=2'], description: 'Casino two' });
    const first = await caseIdOf('Casino one');
    const second = await caseIdOf('Casino two');
    const { db } = ctx.services.database;
    const groups = await db
      .selectFrom('intake_cases')
      .select(['id', 'group_id'])
      .where('id', 'in', [first, second])
      .execute();
    expect(groups.map((g) => g.group_id)).toEqual([first, first]);

    const original =
      '本人于昨日在某购物平台购买商品后，收到自称客服的电话，对方以退款为由诱导我下载会议软件并共享屏幕，随后我的银行卡被转走三千元，请求有关部门尽快调查处理。';
    const chars = [...original];
    // About 10% of the characters changed: substitutions, a deletion and an insertion.
    for (const i of [5, 17, 29, 41, 53]) chars[i] = '某';
    chars.splice(60, 1);
    chars.splice(20, 0, '了');
    const edited = chars.join('');
    const unrelated =
      '建议在城区主干道增设非机动车道，并在学校周边增加交通信号灯和减速带，保障学生上下学的出行安全，同时加强早晚高峰时段的交通疏导工作。';
    await submitMessage({ title: 'Original text', content: original });
    await submitMessage({ title: 'Edited text', content: edited });
    await submitMessage({ title: 'Unrelated text', content: unrelated });
    const [a, b, c] = [
      await caseIdOf('Original text'),
      await caseIdOf('Edited text'),
      await caseIdOf('Unrelated text'),
    ];
    const links = await db
      .selectFrom('intake_links')
      .selectAll()
      .where('reason', '=', 'similar_text')
      .execute();
    expect(links.some((l) => l.case_id === b && l.other_case_id === a)).toBe(true);
    expect(links.some((l) => l.case_id === c || l.other_case_id === c)).toBe(false);

    const admin = await buildUser(ctx, { role: 'office_admin', region: j.city });
    const cookie = await sessionCookie(ctx, admin);
    const detail = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${a}`,
      headers: { cookie },
    });
    expect(detail.json().related).toEqual([
      expect.objectContaining({ caseId: b, reason: 'similar_text', direction: 'from' }),
    ]);
  });

  it('dispatches on the working calendar, reassigns with a count, and keeps cases in jurisdiction', async () => {
    // Wednesday 30 September 2026, 10:00 in Beijing: the National Day holiday runs 1–7 October.
    ctx.clock.advance(new Date('2026-09-30T02:00:00Z').getTime() - ctx.clock.now().getTime());
    await submitMessage({
      title: 'Enquiry case',
      type: 'enquiry',
      contactName: '张三丰',
      contactPhone: '13912345678',
    });
    const id = await caseIdOf('Enquiry case');
    const analyst = await buildUser(ctx, { role: 'analyst', region: j.countyA });
    const cookie = await sessionCookie(ctx, analyst);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/cases/${id}/dispatch`,
      headers: { cookie },
      payload: { unitId: j.unitA.id },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.state).toBe('dispatched');
    expect(beijingDate(body.signDueAt)).toBe('2026-10-08');
    expect(beijingDate(body.handleDueAt)).toBe('2026-10-09');
    expect(body.contactName).toBe('张**');
    expect(body.contactPhone).toBe('139****5678');
    const outbox = await ctx.services.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('topic', '=', 'intake.dispatched')
      .execute();
    expect(outbox.some((o) => JSON.parse(o.payload).caseId === id)).toBe(true);

    const noReason = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/cases/${id}/reassign`,
      headers: { cookie },
      payload: { unitId: j.unitA.id, reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    const outside = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/cases/${id}/reassign`,
      headers: { cookie },
      payload: { unitId: j.unitB.id, reason: 'x' },
    });
    expect(outside.statusCode).toBe(404);

    const countyB = await buildUser(ctx, { role: 'office_admin', region: j.countyB });
    const bCookie = await sessionCookie(ctx, countyB);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/intake/cases/${id}`,
          headers: { cookie: bCookie },
        })
      ).statusCode,
    ).toBe(404);
    const bList = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/intake/cases',
      headers: { cookie: bCookie },
    });
    expect(bList.json().items.map((c: { id: number }) => c.id)).not.toContain(id);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/intake/cases?status=dispatched&kind=message',
      headers: { cookie },
    });
    expect(list.json().items.map((c: { id: number }) => c.id)).toEqual([id]);
  });

  it('shows contact details only to roles that need them, and audits each view', async () => {
    const id = await caseIdOf('Enquiry case');
    const handler = await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id });
    const duty = await buildUser(ctx, { role: 'duty_officer', region: j.countyA });
    const hCookie = await sessionCookie(ctx, handler);
    const reveal = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${id}/contact`,
      headers: { cookie: hCookie },
    });
    expect(reveal.json()).toEqual({ contactName: '张三丰', contactPhone: '13912345678' });
    const denied = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${id}/contact`,
      headers: { cookie: await sessionCookie(ctx, duty) },
    });
    expect(denied.statusCode).toBe(403);
    const audits = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'intake.contact_view')
      .execute();
    expect(audits.map((a) => [a.actor_user_id, a.resource_id])).toEqual([[handler.id, String(id)]]);
  });
});
