import { isUnitRole } from '@shouwang/common';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface ChannelWithRegion {
  id: number;
  regionId: number;
  regionName: string;
  regionPath: string;
  kind: string;
  name: string;
  config: string;
  enabled: number;
  createdAt: string;
  updatedAt: string;
}

function channelSelect(db: Q) {
  return db
    .selectFrom('notification_channels as c')
    .innerJoin('regions as r', 'r.id', 'c.region_id')
    .select([
      'c.id',
      'c.region_id as regionId',
      'r.name as regionName',
      'r.path as regionPath',
      'c.kind',
      'c.name',
      'c.config',
      'c.enabled',
      'c.created_at as createdAt',
      'c.updated_at as updatedAt',
    ]);
}

/** SQL of channel administration and personal preferences. */
export const channelsRepository = {
  /** Channels of the actor's region and below (the jurisdiction rule of channel administration). */
  async listVisibleTo(db: Q, actor: Actor): Promise<ChannelWithRegion[]> {
    return channelSelect(db)
      .where('r.path', 'like', `${actor.regionPath}%`)
      .orderBy('r.path')
      .orderBy('c.id')
      .execute();
  },

  async find(db: Q, id: number): Promise<ChannelWithRegion | undefined> {
    return channelSelect(db).where('c.id', '=', id).executeTakeFirst();
  },

  async insert(
    db: Q,
    v: { regionId: number; kind: string; name: string; config: string; enabled: boolean },
    now: string,
  ): Promise<number> {
    const row = await db
      .insertInto('notification_channels')
      .values({
        region_id: v.regionId,
        kind: v.kind,
        name: v.name,
        config: v.config,
        enabled: v.enabled ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async update(
    db: Q,
    id: number,
    v: { name: string; config: string; enabled: boolean },
    now: string,
  ): Promise<void> {
    await db
      .updateTable('notification_channels')
      .set({ name: v.name, config: v.config, enabled: v.enabled ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  },

  async delete(db: Q, id: number): Promise<void> {
    await db.deleteFrom('notification_channels').where('id', '=', id).execute();
  },

  async findRegion(db: Q, id: number) {
    return db.selectFrom('regions').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
  },

  async userEmail(db: Q, userId: number): Promise<string | null> {
    const row = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    return row?.email ?? null;
  },

  async prefsOf(db: Q, userId: number) {
    return db
      .selectFrom('notification_prefs')
      .select(['channel', 'topic', 'enabled'])
      .where('user_id', '=', userId)
      .execute();
  },

  async upsertPref(db: Q, userId: number, p: { channel: string; topic: string; enabled: boolean }) {
    await db
      .insertInto('notification_prefs')
      .values({ user_id: userId, channel: p.channel, topic: p.topic, enabled: p.enabled ? 1 : 0 })
      .onConflict((oc) =>
        oc.columns(['user_id', 'channel', 'topic']).doUpdateSet({ enabled: p.enabled ? 1 : 0 }),
      )
      .execute();
  },

  /**
   * The SQL form of "may see this notice" (the same condition as noticeVisibleTo in the notices module):
   * office roles in their jurisdiction, unit roles their own unit's notices except drafts and withdrawn ones.
   */
  async findNoticeVisibleTo(db: Q, actor: Actor, id: number) {
    return db
      .selectFrom('notices')
      .select(['id', 'region_path', 'unit_id'])
      .where('id', '=', id)
      .where((eb) =>
        isUnitRole(actor.role)
          ? eb.and([eb('unit_id', '=', actor.unitId ?? -1), eb('state', 'not in', ['draft', 'withdrawn'])])
          : eb('region_path', 'like', `${actor.regionPath}%`),
      )
      .executeTakeFirst();
  },
};
