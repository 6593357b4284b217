import type { Role } from '@shouwang/common';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A user who may receive personal notifications. */
export interface RecipientUser {
  id: number;
  username: string;
  email: string | null;
  locale: string | null;
}

/** The notice fields the dispatcher and the message templates need. */
export interface NoticeForMessage {
  id: number;
  docNumber: string | null;
  title: string;
  state: string;
  severity: string;
  unitId: number;
  unitName: string | null;
  regionPath: string;
  officeRegionId: number;
  createdBy: number;
  signDueAt: string | null;
  rectifyDueAt: string | null;
}

export interface FindingForMessage {
  id: number;
  title: string;
  severity: string;
  regionPath: string;
  unitId: number;
}

/** "/1/4/12/" -> ["/", "/1/", "/1/4/", "/1/4/12/"]: the paths of a region and its ancestors. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ['/', ...ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`)];
}

/** "/1/4/12/" -> [1, 4, 12]. */
export function ancestorIds(path: string): number[] {
  return path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n));
}

const userColumns = ['users.id', 'users.username', 'users.email', 'users.locale'] as const;

/** SQL of the dispatcher: the outbox, and who hears what. */
export const dispatchRepository = {
  async pendingOutboxIds(db: Q, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('notification_outbox')
      .select('id')
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * Marks the row dispatched if nobody has: the first statement of the dispatch transaction, so it also
   * takes the row lock (a second dispatcher on PostgreSQL waits, then finds it done).
   */
  async claimOutbox(trx: Q, id: number, at: string): Promise<boolean> {
    const result = await trx
      .updateTable('notification_outbox')
      .set({ dispatched_at: at })
      .where('id', '=', id)
      .where('dispatched_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async findOutbox(db: Q, id: number) {
    return db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findNotice(db: Q, id: number): Promise<NoticeForMessage | undefined> {
    return db
      .selectFrom('notices')
      .leftJoin('units', 'units.id', 'notices.unit_id')
      .select([
        'notices.id',
        'notices.doc_number as docNumber',
        'notices.title',
        'notices.state',
        'notices.severity',
        'notices.unit_id as unitId',
        'units.name as unitName',
        'notices.region_path as regionPath',
        'notices.office_region_id as officeRegionId',
        'notices.created_by as createdBy',
        'notices.sign_due_at as signDueAt',
        'notices.rectify_due_at as rectifyDueAt',
      ])
      .where('notices.id', '=', id)
      .executeTakeFirst();
  },

  async findFinding(db: Q, id: number): Promise<FindingForMessage | undefined> {
    return db
      .selectFrom('findings')
      .select(['id', 'title', 'severity', 'region_path as regionPath', 'unit_id as unitId'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async unitUsers(db: Q, unitId: number, roles: readonly Role[]): Promise<RecipientUser[]> {
    return db
      .selectFrom('users')
      .select(userColumns)
      .where('unit_id', '=', unitId)
      .where('role', 'in', [...roles])
      .where('disabled', '=', 0)
      .orderBy('id')
      .execute();
  },

  /** Office users whose jurisdiction covers the given region (their region is it or an ancestor). */
  async officeUsersCovering(db: Q, regionPath: string, roles: readonly Role[]): Promise<RecipientUser[]> {
    return db
      .selectFrom('users')
      .innerJoin('regions', 'regions.id', 'users.region_id')
      .select(userColumns)
      .where('regions.path', 'in', ancestorPaths(regionPath))
      .where('users.role', 'in', [...roles])
      .where('users.unit_id', 'is', null)
      .where('users.disabled', '=', 0)
      .orderBy('users.id')
      .execute();
  },

  async officeUsersOfRegion(db: Q, regionId: number, roles: readonly Role[]): Promise<RecipientUser[]> {
    return db
      .selectFrom('users')
      .select(userColumns)
      .where('region_id', '=', regionId)
      .where('role', 'in', [...roles])
      .where('unit_id', 'is', null)
      .where('disabled', '=', 0)
      .orderBy('id')
      .execute();
  },

  async usersByIds(db: Q, ids: number[]): Promise<RecipientUser[]> {
    if (ids.length === 0) return [];
    return db
      .selectFrom('users')
      .select(userColumns)
      .where('id', 'in', ids)
      .where('disabled', '=', 0)
      .orderBy('id')
      .execute();
  },

  async prefsOf(db: Q, userIds: number[]) {
    if (userIds.length === 0) return [];
    return db.selectFrom('notification_prefs').selectAll().where('user_id', 'in', userIds).execute();
  },

  /** Enabled channels of a region and its ancestors, nearest region first. */
  async channelsCovering(db: Q, regionPath: string) {
    const ids = ancestorIds(regionPath);
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('notification_channels')
      .innerJoin('regions', 'regions.id', 'notification_channels.region_id')
      .selectAll('notification_channels')
      .select('regions.path as regionPath')
      .where('notification_channels.region_id', 'in', ids)
      .where('notification_channels.enabled', '=', 1)
      .execute();
    return rows.sort((a, b) => b.regionPath.length - a.regionPath.length || a.id - b.id);
  },

  async insertDeliveries(
    trx: Q,
    rows: Array<{
      outbox_id: number;
      notice_id: number | null;
      channel: string;
      channel_id: number | null;
      recipient: string;
      target: string;
      user_id: number | null;
    }>,
    at: string,
    /** When the sender may first try them: now, or later for a message held for working hours. */
    firstAttemptAt: string = at,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await trx
      .insertInto('notification_deliveries')
      .values(
        rows.map((r) => ({
          ...r,
          status: 'queued',
          attempts: 0,
          last_error: null,
          next_attempt_at: firstAttemptAt,
          sent_at: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['outbox_id', 'channel', 'target']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? rows.length);
  },
};
