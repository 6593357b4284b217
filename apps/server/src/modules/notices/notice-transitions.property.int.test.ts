import {
  isUnitRole,
  NOTICE_ACTIONS,
  NOTICE_STATES,
  type NoticeAction,
  nextNoticeState,
  noticeActionNeedsReason,
} from '@shouwang/common';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';

const ACTIONS = NOTICE_ACTIONS.filter((a): a is Exclude<NoticeAction, 'edit'> => a !== 'edit');
const TOPIC_ACTIONS = new Set([
  'issue',
  'withdraw',
  'sign',
  'report_back',
  'approve_report',
  'close',
  'return',
  'reopen',
]);

interface Cast {
  actor: Actor;
  /** Whether the notice (in unit A, county A) is in this actor's jurisdiction. */
  inside: boolean;
}

describe(`notice state machine, property over random action sequences (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let cast: Cast[];
  let unitId: number;

  beforeAll(async () => {
    ctx = await createTestContext();
    const j = await buildJurisdiction(ctx);
    unitId = j.unitA.id;
    const member = async (
      role: Actor['role'],
      region: typeof j.countyA,
      unit: number | null,
      inside: boolean,
    ) => {
      const u = await buildUser(ctx, { role, region, unitId: unit });
      const actor: Actor = {
        userId: u.id,
        username: u.username,
        displayName: u.display_name,
        role,
        regionId: region.id,
        regionPath: region.path,
        unitId: unit,
        via: 'session',
        scopes: null,
        sessionId: null,
        ip: null,
        requestId: null,
        locale: 'en-US',
      };
      return { actor, inside };
    };
    cast = [
      await member('analyst', j.countyA, null, true),
      await member('office_admin', j.countyA, null, true),
      await member('system_admin', j.city, null, true),
      await member('auditor', j.countyA, null, true),
      await member('duty_officer', j.countyA, null, true),
      await member('unit_handler', j.countyA, j.unitA.id, true),
      await member('unit_leader', j.countyA, j.unitA.id, true),
      await member('analyst', j.countyB, null, false),
      await member('office_admin', j.countyB, null, false),
      await member('unit_handler', j.countyB, j.unitB.id, false),
    ];
  });
  afterAll(() => ctx.close());

  async function snapshot(id: number) {
    const { db } = ctx.services.database;
    const row = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('notice_events')
      .selectAll()
      .where('notice_id', '=', id)
      .orderBy('id')
      .execute();
    const audit = await db
      .selectFrom('audit_log')
      .select(['id', 'action'])
      .where('resource_type', '=', 'notice')
      .where('resource_id', '=', String(id))
      .orderBy('id')
      .execute();
    const outbox = await db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('notice_id', '=', id)
      .orderBy('id')
      .execute();
    return { row, events, audit, outbox };
  }

  const step = fc.record({
    guided: fc.nat(3),
    pick: fc.nat(1000),
    actor: fc.nat(100),
    action: fc.constantFrom(...ACTIONS),
    withReason: fc.boolean(),
    stale: fc.nat(9),
  });

  it('never reaches an illegal state; accepted steps leave one event, one audit entry and their outbox message; refused ones change nothing', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 25, size: 'max' }),
        async (leaderApproval, steps) => {
          const creator = cast[0];
          if (!creator) throw new Error('no cast');
          const id = await ctx.services.notices.create(creator.actor, {
            unitId,
            category: 'defacement',
            severity: 'II',
            title: 'Property notice',
            description: 'd',
            requiredActions: 'r',
            requiresLeaderApproval: leaderApproval,
          });
          for (const s of steps) {
            const before = await snapshot(id);
            const state = before.row.state as (typeof NOTICE_STATES)[number];
            const ctxOf = (c: Cast) => ({
              role: c.actor.role,
              requiresLeaderApproval: before.row.requires_leader_approval === 1,
            });
            // Three steps in four pick among the moves the state machine allows, so runs get deep into the loop.
            const legal = cast.flatMap((c) =>
              ACTIONS.filter((a) => c.inside && nextNoticeState(state, a, ctxOf(c)) !== null).map((a) => ({
                c,
                a,
              })),
            );
            const chosen =
              s.guided > 0 && legal.length > 0
                ? legal[s.pick % legal.length]
                : { c: cast[s.actor % cast.length], a: s.action };
            if (!chosen?.c) throw new Error('no actor');
            const { c, a } = chosen;
            const version = s.stale === 0 ? before.row.version - 1 : before.row.version;
            const reason = s.withReason ? 'because' : undefined;

            const visible =
              c.inside && (!isUnitRole(c.actor.role) || (state !== 'draft' && state !== 'withdrawn'));
            const to = nextNoticeState(state, a, ctxOf(c));
            const shouldPass =
              visible &&
              to !== null &&
              version === before.row.version &&
              (!noticeActionNeedsReason(a) || !!reason);

            let error: unknown = null;
            try {
              await ctx.services.notices.transition(c.actor, id, { action: a, version, reason });
            } catch (err) {
              error = err;
            }
            if (error !== null && !(error instanceof AppError)) throw error;
            const after = await snapshot(id);
            const label = `${c.actor.role}(${c.inside ? 'in' : 'out'}) ${a} from ${state} v${version}/${before.row.version}`;
            expect(NOTICE_STATES, label).toContain(after.row.state);
            reached.add(after.row.state);
            if (shouldPass) {
              expect(error, label).toBeNull();
              expect(after.row.state, label).toBe(to);
              expect(after.row.version, label).toBe(before.row.version + 1);
              expect(after.events.length, label).toBe(before.events.length + 1);
              expect(after.events.at(-1), label).toMatchObject({
                action: a,
                from_state: state,
                to_state: to,
              });
              expect(after.audit.length, label).toBe(before.audit.length + 1);
              expect(after.audit.at(-1)?.action, label).toBe(`notice.${a}`);
              expect(after.outbox.length, label).toBe(before.outbox.length + (TOPIC_ACTIONS.has(a) ? 1 : 0));
              if (a === 'issue') expect(after.row.doc_number, label).not.toBeNull();
            } else {
              expect(error, label).toBeInstanceOf(AppError);
              expect(after, label).toEqual(before);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
    // The runs must explore the loop, not stop at the draft: otherwise the property says little.
    expect([...reached].sort()).toEqual(
      expect.arrayContaining(['closed', 'issued', 'returned', 'signed', 'verifying']),
    );
  }, 240_000);
});
