import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUnit, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

const beijingDate = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe(`case workflow (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let office: string;
  let handler: string;
  let leader: string;
  let otherUnitHandler: string;
  let ip = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    ctx.services.intakeGuard.configure({
      limits: { submit: { burst: 1000, refillSeconds: 1 }, lookup: { burst: 1000, refillSeconds: 1 } },
    });
    // Monday 2 November 2026, 10:00 in Beijing.
    ctx.clock.advance(new Date('2026-11-02T02:00:00Z').getTime() - ctx.clock.now().getTime());
    office = await sessionCookie(ctx, await buildUser(ctx, { role: 'office_admin', region: j.city }));
    handler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
    );
    leader = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_leader', region: j.countyA, unitId: j.unitA.id }),
    );
    otherUnitHandler = await sessionCookie(
      ctx,
      await buildUser(ctx, { role: 'unit_handler', region: j.countyB, unitId: j.unitB.id }),
    );
  });
  afterAll(() => ctx.close());

  async function message(title: string, extra: Record<string, unknown> = {}) {
    const submitted = await ctx.services.intakePublic.submitMessage(
      { ip: `10.9.0.${++ip}`, locale: 'en-US', solution: null },
      {
        type: 'complaint',
        topic: 'roads',
        regionId: j.countyA.id,
        title,
        content: `Content of ${title}: the road outside number ${ip} has a deep pothole.`,
        contactPhone: '13800001234',
        publishable: true,
        ...extra,
      },
    );
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return { id: row.id, queryCode: submitted.queryCode };
  }

  async function report(description: string, url: string) {
    await ctx.services.intakePublic.submitReport(
      { ip: `10.9.1.${++ip}`, locale: 'en-US', solution: null },
      { category: 'fraud', urls: [url], description, regionId: j.countyA.id },
    );
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('content', '=', description)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function get(cookie: string, id: number) {
    return ctx.app.inject({ method: 'GET', url: `/api/v1/intake/cases/${id}`, headers: { cookie } });
  }

  async function act(cookie: string, id: number, body: Record<string, unknown>) {
    const version = body.version ?? (await get(office, id)).json().version;
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/intake/cases/${id}/transition`,
      headers: { cookie, 'accept-language': 'en-US' },
      payload: { ...body, version },
    });
  }

  async function ok(cookie: string, id: number, body: Record<string, unknown>) {
    const res = await act(cookie, id, body);
    if (res.statusCode !== 200) throw new Error(`${body.action}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  it('runs a message from dispatch to close: sign, reply, office approval, publication, citizen sees it', async () => {
    const { id, queryCode } = await message('Full loop');
    await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    const signed = await ok(handler, id, { action: 'sign' });
    expect(signed.state).toBe('signed');
    expect(signed.abilities.actions).toContain('submit_reply');
    const drafted = await ok(handler, id, {
      action: 'submit_reply',
      reply: 'The pothole was filled on Tuesday.',
    });
    // No two-step approval by default: the reply goes straight to the office.
    expect(drafted.state).toBe('reply_review');
    expect(drafted.replyDraft).toBe('The pothole was filled on Tuesday.');
    const approved = await ok(office, id, { action: 'approve_reply', publish: true });
    expect(approved).toMatchObject({ state: 'replied', reply: 'The pothole was filled on Tuesday.' });
    expect(approved.publishedAt).not.toBeNull();
    const lookup = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${queryCode}?phoneLast4=1234`,
      remoteAddress: '10.9.9.1',
    });
    expect(lookup.json()).toMatchObject({
      status: 'replied',
      reply: 'The pothole was filled on Tuesday.',
      transferredTo: null,
      ratable: true,
    });
    const followed = await ok(office, id, {
      action: 'follow_up',
      note: 'Called back; fixed.',
      rating: 'satisfied',
    });
    expect(followed).toMatchObject({
      state: 'replied',
      followUpNote: 'Called back; fixed.',
      rating: 'satisfied',
    });
    const closed = await ok(office, id, { action: 'close' });
    expect(closed.state).toBe('closed');
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'dispatch',
      'sign',
      'submit_reply',
      'approve_reply',
      'follow_up',
      'close',
    ]);
    const audits = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_type', '=', 'intake_case')
      .where('resource_id', '=', String(id))
      .execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['intake.dispatch', 'intake.sign', 'intake.approve_reply', 'intake.close']),
    );
  });

  it('does not publish a reply the citizen did not allow to be published', async () => {
    const { id } = await message('Private one', { publishable: false });
    await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    await ok(handler, id, { action: 'sign' });
    await ok(handler, id, { action: 'submit_reply', reply: 'Answered privately.' });
    const approved = await ok(office, id, { action: 'approve_reply', publish: true });
    expect(approved.publishedAt).toBeNull();
  });

  it('answers 409 with the allowed next states, 409 on a stale version, 403 for the wrong side', async () => {
    const { id } = await message('Wrong moves');
    const wrong = await act(office, id, { action: 'close' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error).toMatchObject({
      code: 'intake_transition_invalid',
      details: { state: 'received', action: 'close' },
    });
    expect(wrong.json().error.details.allowedNext).toEqual([
      'dispatched',
      'forwarded',
      'transferred',
      'merged',
    ]);
    await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    const stale = await act(handler, id, { action: 'sign', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    // A unit cannot approve; the office cannot sign for the unit.
    expect((await act(handler, id, { action: 'approve_reply' })).statusCode).toBe(403);
    expect((await act(office, id, { action: 'sign' })).statusCode).toBe(403);
    // Another unit does not even see the case.
    expect((await act(otherUnitHandler, id, { action: 'sign', version: 2 })).statusCode).toBe(404);
    // A reason is required where the machine says so.
    await ok(handler, id, { action: 'sign' });
    await ok(handler, id, { action: 'submit_reply', reply: 'Draft' });
    const noReason = await act(office, id, { action: 'return_reply' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('reason');
    const returned = await ok(office, id, { action: 'return_reply', reason: 'Say when it was fixed.' });
    expect(returned).toMatchObject({ state: 'signed', returnCount: 1 });
  });

  it('sends a handler reply to the unit leader first when the office requires two-step approval', async () => {
    const put = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/intake/settings?regionId=${j.countyA.id}`,
      headers: { cookie: office },
      payload: {
        signDeadline: '1wd',
        handleDeadlines: {
          enquiry: '2wd',
          help: '10wd',
          suggestion: '10wd',
          complaint: '5wd',
          report: '15wd',
        },
        maxExtension: '5wd',
        requireLeaderApproval: true,
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ inheritedFromRegionId: j.countyA.id, requireLeaderApproval: true });
    const { id } = await message('Two step');
    const dispatched = await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    // The office's complaint deadline (5 working days) applies: Monday 2 Nov → Monday 9 Nov.
    expect(beijingDate(dispatched.handleDueAt)).toBe('2026-11-09');
    await ok(handler, id, { action: 'sign' });
    const waiting = await ok(handler, id, { action: 'submit_reply', reply: 'First draft' });
    expect(waiting.state).toBe('leader_review');
    expect((await act(office, id, { action: 'approve_reply' })).statusCode).toBe(409);
    expect((await act(handler, id, { action: 'leader_approve' })).statusCode).toBe(403);
    const back = await ok(leader, id, { action: 'leader_return', reason: 'Too short' });
    expect(back.state).toBe('signed');
    await ok(handler, id, { action: 'submit_reply', reply: 'Second draft, longer' });
    const up = await ok(leader, id, { action: 'leader_approve' });
    expect(up.state).toBe('reply_review');
    const done = await ok(office, id, { action: 'approve_reply', reply: 'Edited by the office' });
    expect(done).toMatchObject({ state: 'replied', reply: 'Edited by the office' });
    // Back to the defaults for the other tests.
    await ctx.services.database.db.deleteFrom('settings').where('key', 'like', 'intake.workflow:%').execute();
  });

  it('moves the deadline on the working calendar only when the office approves an extension', async () => {
    const { id } = await message('Extend me');
    const d = await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    await ok(handler, id, { action: 'sign' });
    const handleDue = d.handleDueAt as string;
    const tooFar = await act(handler, id, {
      action: 'request_extension',
      reason: 'Needs a contractor',
      extensionDueAt: new Date(Date.parse(handleDue) + 60 * 24 * 3600_000).toISOString(),
    });
    expect(tooFar.statusCode).toBe(400);
    const wanted = new Date(Date.parse(handleDue) + 7 * 24 * 3600_000).toISOString();
    const asked = await ok(handler, id, {
      action: 'request_extension',
      reason: 'Needs a contractor',
      extensionDueAt: wanted,
    });
    expect(asked).toMatchObject({ handleDueAt: handleDue, extensionDueAt: wanted });
    expect((await act(handler, id, { action: 'approve_extension' })).statusCode).toBe(403);
    const approved = await ok(office, id, { action: 'approve_extension' });
    expect(approved).toMatchObject({ handleDueAt: wanted, extensionDueAt: null, extensionCount: 1 });
    const none = await act(office, id, { action: 'reject_extension', reason: 'x' });
    expect(none.statusCode).toBe(400);
  });

  it('re-handles a dissatisfied case (counted) and refuses to re-handle a satisfied one', async () => {
    const { id, queryCode } = await message('Unhappy');
    await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    await ok(handler, id, { action: 'sign' });
    await ok(handler, id, { action: 'submit_reply', reply: 'Nothing to do.' });
    await ok(office, id, { action: 'approve_reply' });
    expect((await act(office, id, { action: 'rehandle', reason: 'x' })).statusCode).toBe(400);
    await ctx.services.intakePublic.rate({ ip: '10.9.8.1', locale: 'en-US', solution: null }, queryCode, {
      phoneLast4: '1234',
      rating: 'dissatisfied',
    });
    const again = await ok(office, id, { action: 'rehandle', reason: 'Citizen says still broken' });
    expect(again).toMatchObject({ state: 'dispatched', rehandleCount: 1, rating: null, unitId: j.unitA.id });
    expect(again.events.at(-1)).toMatchObject({
      action: 'rehandle',
      data: { previousRating: 'dissatisfied' },
    });
  });

  it('stores one rating when two arrive at once, and the timeline shows only that one', async () => {
    const { id, queryCode } = await message('Rated twice');
    await ok(office, id, { action: 'dispatch', unitId: j.unitA.id });
    await ok(handler, id, { action: 'sign' });
    await ok(handler, id, { action: 'submit_reply', reply: 'Done.' });
    await ok(office, id, { action: 'approve_reply' });
    const rate = (rating: 'satisfied' | 'dissatisfied', ip: string) =>
      ctx.services.intakePublic.rate({ ip, locale: 'en-US', solution: null }, queryCode, {
        phoneLast4: '1234',
        rating,
      });
    const outcomes = await Promise.allSettled([
      rate('satisfied', '10.9.7.1'),
      rate('dissatisfied', '10.9.7.2'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rateEvents = await ctx.services.database.db
      .selectFrom('intake_events')
      .select('data')
      .where('case_id', '=', id)
      .where('action', '=', 'rate')
      .execute();
    expect(rateEvents).toHaveLength(1);
    const stored = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('rating')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(rateEvents[0]?.data ?? '{}').rating).toBe(stored.rating);
  });

  it('answers and transfers an out-of-jurisdiction case, which the citizen then sees', async () => {
    const { id, queryCode } = await message('Not ours');
    const res = await act(office, id, { action: 'transfer', reason: 'This is a provincial matter.' });
    expect(res.statusCode).toBe(400);
    const done = await ok(office, id, {
      action: 'transfer',
      reason: 'This is a provincial matter.',
      transferTo: 'Provincial transport department',
    });
    expect(done).toMatchObject({ state: 'transferred', transferredTo: 'Provincial transport department' });
    const lookup = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${queryCode}?phoneLast4=1234`,
      remoteAddress: '10.9.9.2',
    });
    // The citizen is told where the case went and why, and is not offered a rating of the office's answer.
    expect(lookup.json()).toMatchObject({
      status: 'closed',
      transferredTo: 'Provincial transport department',
      reply: 'This is a provincial matter.',
      ratable: false,
    });
    expect(lookup.json().repliedAt).toEqual(expect.any(String));
    expect(lookup.json().timeline.map((e: { action: string }) => e.action)).toContain('transfer');
    const rating = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/cases/${queryCode}/rating`,
      remoteAddress: '10.9.9.2',
      payload: { phoneLast4: '1234', rating: 'satisfied' },
    });
    expect(rating.statusCode).toBe(400);
  });

  it('forwards a report to the platform operator with the outcome, and refuses it for a message', async () => {
    const id = await report('A fake shop selling phones', 'https://fake-shop.example/phones');
    const fwd = await ok(office, id, {
      action: 'forward',
      forwardTarget: 'platform_operator',
      forwardTo: 'Example Mall trust & safety',
    });
    expect(fwd).toMatchObject({ state: 'forwarded', forwardTarget: 'platform_operator' });
    const out = await ok(office, id, {
      action: 'record_outcome',
      outcome: 'The shop was taken down on 3 Nov.',
    });
    expect(out).toMatchObject({ state: 'replied', forwardOutcome: 'The shop was taken down on 3 Nov.' });
    const { id: msg } = await message('Cannot forward');
    const refused = await act(office, msg, {
      action: 'forward',
      forwardTarget: 'authority',
      forwardTo: 'Police',
    });
    expect(refused.statusCode).toBe(400);
  });

  it('turns a report about a unit’s site into a notice, linked both ways', async () => {
    const id = await report('Gambling ads injected on the county portal', 'https://portal.county-a.example/');
    const done = await ok(office, id, { action: 'to_notice', unitId: j.unitA.id, severity: 'III' });
    expect(done.state).toBe('forwarded');
    expect(done.noticeId).toBeGreaterThan(0);
    const notice = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/notices/${done.noticeId}`,
      headers: { cookie: office },
    });
    expect(notice.statusCode).toBe(200);
    expect(notice.json()).toMatchObject({ unitId: j.unitA.id, severity: 'III', state: 'draft' });
    expect(JSON.stringify(notice.json())).toContain(`"caseId":${id}`);
  });

  it('merges a near-duplicate into another case with back-links, and unmerges it', async () => {
    const { id: a } = await message('Merge target');
    const { id: b } = await message('Merge source');
    const merged = await ok(office, b, { action: 'merge', intoCaseId: a });
    expect(merged).toMatchObject({ state: 'merged', mergedInto: a });
    const target = (await get(office, a)).json();
    expect(target.related).toContainEqual(
      expect.objectContaining({ caseId: b, reason: 'merged', direction: 'from' }),
    );
    expect(target.events.at(-1)).toMatchObject({ action: 'merged_in', data: { caseId: b } });
    expect((await act(office, a, { action: 'merge', intoCaseId: a })).statusCode).toBe(400);
    const back = await ok(office, b, { action: 'unmerge' });
    expect(back).toMatchObject({ state: 'received', mergedInto: null });
    expect((await get(office, a)).json().related.some((r: { reason: string }) => r.reason === 'merged')).toBe(
      false,
    );
  });

  it('suggests the unit by ordered routing rules, shows it in the inbox, and bulk-dispatches to it', async () => {
    const roadsUnit = await buildUnit(ctx, j.countyA, { name: 'Roads bureau' });
    const create = (payload: Record<string, unknown>) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/intake/routing-rules',
        headers: { cookie: office },
        payload,
      });
    const general = await create({ regionId: j.countyA.id, unitId: j.unitA.id });
    const roads = await create({
      regionId: j.countyA.id,
      messageType: 'complaint',
      topic: 'ROAD',
      unitId: roadsUnit.id,
    });
    expect(general.statusCode).toBe(201);
    // Handler roles may not edit rules.
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/intake/routing-rules',
          headers: { cookie: handler },
          payload: { unitId: j.unitA.id },
        })
      ).statusCode,
    ).toBe(403);
    const { id: c1 } = await message('Route me', { topic: 'Roads and bridges' });
    const { id: c2 } = await message('Route me too', { type: 'help', topic: 'roads' });
    // The general rule comes first: both go to unit A.
    let inbox = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/intake/cases?status=received&q=Route',
      headers: { cookie: office },
    });
    const sugg = (list: { id: number; suggestion: { unitId: number } | null }[], id: number) =>
      list.find((c) => c.id === id)?.suggestion?.unitId;
    expect(sugg(inbox.json().items, c1)).toBe(j.unitA.id);
    const order = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/intake/routing-rules/order',
      headers: { cookie: office },
      payload: { ids: [roads.json().id, general.json().id] },
    });
    expect(order.statusCode).toBe(204);
    inbox = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/intake/cases?status=received&q=Route',
      headers: { cookie: office },
    });
    expect(sugg(inbox.json().items, c1)).toBe(roadsUnit.id);
    expect(sugg(inbox.json().items, c2)).toBe(j.unitA.id);
    const bulk = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/intake/cases/bulk-dispatch',
      headers: { cookie: office },
      payload: { ids: [c1, c2, 999999] },
    });
    expect(bulk.json().results).toEqual([
      { id: c1, ok: true, unitId: roadsUnit.id },
      { id: c2, ok: true, unitId: j.unitA.id },
      { id: 999999, ok: false, error: 'not_found' },
    ]);
    expect((await get(office, c1)).json()).toMatchObject({ state: 'dispatched', unitId: roadsUnit.id });
  });
});
