import { parseInstant } from '@shouwang/common/calendar/index';
import { buildJurisdiction, buildUser } from '../../../../test/factories.ts';
import type { TestContext } from '../../../../test/harness.ts';

/** An instant from China wall time, e.g. '2026-12-01T09:30' (throws on a typo, so tests fail loudly). */
export function at(text: string): Date {
  const d = parseInstant(text);
  if (!d) throw new Error(`bad instant in test: ${text}`);
  return d;
}

/** Moves the test clock to an instant (MutableClock only advances, so by the difference from now). */
export function setClock(ctx: TestContext, to: Date): Date {
  ctx.clock.advance(to.getTime() - ctx.clock.now().getTime());
  return to;
}

export interface SweepWorld {
  j: Awaited<ReturnType<typeof buildJurisdiction>>;
  creatorId: number;
}

export async function buildSweepWorld(ctx: TestContext): Promise<SweepWorld> {
  const j = await buildJurisdiction(ctx);
  const creator = await buildUser(ctx, { role: 'analyst', region: j.city });
  return { j, creatorId: creator.id };
}

/**
 * A notice row in a given state with given deadlines, written straight to the table: the sweep reads
 * only the row, so tests control every deadline without going through the issue flow.
 */
export async function insertNotice(
  ctx: TestContext,
  w: SweepWorld,
  o: {
    state: string;
    signDueAt?: Date | null;
    rectifyDueAt?: Date | null;
    issuedAt?: Date;
    officeRegionId?: number;
    overdue?: { since: Date; level: number };
    provisional?: boolean;
  },
): Promise<number> {
  const { db } = ctx.services.database;
  const now = ctx.clock.now().toISOString();
  const row = await db
    .insertInto('notices')
    .values({
      office_region_id: o.officeRegionId ?? w.j.city.id,
      doc_year: null,
      doc_seq: null,
      doc_number: null,
      unit_id: w.j.unitA.id,
      asset_id: null,
      region_path: w.j.countyA.path,
      category: 'defacement',
      severity: 'III',
      title: 'Homepage defaced',
      description: 'd',
      required_actions: 'r',
      tlp: 'AMBER',
      state: o.state,
      source: 'manual',
      requires_leader_approval: 0,
      sign_due_at: o.signDueAt?.toISOString() ?? null,
      rectify_due_at: o.rectifyDueAt?.toISOString() ?? null,
      deadline_provisional: o.provisional ? 1 : 0,
      deadline_reason: null,
      overdue: o.overdue ? 1 : 0,
      overdue_since: o.overdue?.since.toISOString() ?? null,
      supervision_level: o.overdue?.level ?? 0,
      last_reminder_at: null,
      return_count: 0,
      reopen_count: 0,
      signed_on_time: null,
      rectified_on_time: null,
      created_by: w.creatorId,
      issued_at: (o.issuedAt ?? new Date(Date.parse('2026-01-01T00:00:00Z'))).toISOString(),
      signed_at: null,
      reported_at: null,
      closed_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function noticeRow(ctx: TestContext, id: number) {
  return ctx.services.database.db
    .selectFrom('notices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The system's timeline entries of one notice, oldest first. */
export async function timeline(ctx: TestContext, id: number) {
  const rows = await ctx.services.database.db
    .selectFrom('notice_events')
    .select(['action', 'data', 'at'])
    .where('notice_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {},
  }));
}

export async function outbox(ctx: TestContext, id: number) {
  const rows = await ctx.services.database.db
    .selectFrom('notification_outbox')
    .select(['topic', 'payload', 'dedup_key'])
    .where('notice_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    topic: r.topic,
    dedupKey: r.dedup_key,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
}
