import { isUnitRole } from '@shouwang/common';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database, UserRow } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/text-search.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface UserWithPlace {
  user: UserRow;
  regionPath: string;
  regionName: string;
  unitName: string | null;
}

export type UserStatus = 'active' | 'locked' | 'disabled';

export interface UserFilter {
  q?: string;
  role?: string;
  unitId?: number;
  regionId?: number;
  status?: UserStatus;
  sort?: 'username' | 'displayName' | 'role' | 'createdAt' | 'lastLoginAt';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface UserValues {
  displayName: string;
  role: string;
  regionId: number;
  unitId: number | null;
  email: string | null;
  phone: string | null;
}

/** The read rule as SQL: the same rule as usersPolicy.canRead. */
export function userVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { r: Database['regions'] }, 'users' | 'r'>) =>
    isUnitRole(actor.role)
      ? eb.or([eb('users.unit_id', '=', actor.unitId ?? -1), eb('users.id', '=', actor.userId)])
      : eb.or([inRegionSubtree('r.path', actor.regionPath), eb('users.id', '=', actor.userId)]);
}

function placeSelect(db: Q) {
  return db
    .selectFrom('users')
    .innerJoin('regions as r', 'r.id', 'users.region_id')
    .leftJoin('units as u', 'u.id', 'users.unit_id')
    .selectAll('users')
    .select(['r.path as regionPath', 'r.name as regionName', 'u.name as unitName']);
}

function split(
  row: UserRow & { regionPath: string; regionName: string; unitName: string | null },
): UserWithPlace {
  const { regionPath, regionName, unitName, ...user } = row;
  return { user, regionPath, regionName, unitName };
}

const SORTS = {
  username: 'users.username',
  displayName: 'users.display_name',
  role: 'users.role',
  createdAt: 'users.created_at',
  lastLoginAt: 'users.last_login_at',
} as const;

export const usersRepository = {
  async find(db: Q, id: number): Promise<UserWithPlace | undefined> {
    const row = await placeSelect(db).where('users.id', '=', id).executeTakeFirst();
    return row ? split(row) : undefined;
  },

  /** Case-insensitive, so "Admin" and "admin" cannot both exist. */
  async findByUsername(db: Q, username: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
  },

  async listVisibleTo(
    db: Q,
    actor: Actor,
    f: UserFilter,
  ): Promise<{ items: UserWithPlace[]; total: number }> {
    let q = placeSelect(db).where(userVisibleTo(actor));
    if (f.q) {
      const text = f.q;
      q = q.where((eb) =>
        eb.or([
          containsText('users.username', text),
          containsText('users.display_name', text),
          containsText('users.email', text),
          containsText('users.phone', text),
        ]),
      );
    }
    if (f.role) q = q.where('users.role', '=', f.role);
    if (f.unitId !== undefined) q = q.where('users.unit_id', '=', f.unitId);
    if (f.regionId !== undefined) {
      const region = await db
        .selectFrom('regions')
        .select('path')
        .where('id', '=', f.regionId)
        .executeTakeFirst();
      q = q.where(inRegionSubtree('r.path', region?.path ?? '/none/'));
    }
    if (f.status === 'disabled') q = q.where('users.disabled', '=', 1);
    if (f.status === 'locked') q = q.where('users.locked_at', 'is not', null);
    if (f.status === 'active') q = q.where('users.disabled', '=', 0).where('users.locked_at', 'is', null);
    const counted = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy(SORTS[f.sort ?? 'username'], f.order ?? 'asc')
      .orderBy('users.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items: rows.map(split), total: Number(counted.n) };
  },

  async insert(
    db: Q,
    v: UserValues & { username: string; passwordHash: string; at: string },
  ): Promise<number> {
    const row = await db
      .insertInto('users')
      .values({
        username: v.username,
        display_name: v.displayName,
        email: v.email,
        phone: v.phone,
        role: v.role,
        region_id: v.regionId,
        unit_id: v.unitId,
        password_hash: v.passwordHash,
        password_changed_at: v.at,
        must_change_password: 1,
        totp_secret: null,
        totp_enabled: 0,
        totp_last_step: null,
        failed_logins: 0,
        locked_at: null,
        disabled: 0,
        locale: null,
        last_login_at: null,
        created_at: v.at,
        updated_at: v.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async update(db: Q, id: number, v: UserValues & { disabled: boolean; at: string }): Promise<void> {
    await db
      .updateTable('users')
      .set({
        display_name: v.displayName,
        role: v.role,
        region_id: v.regionId,
        unit_id: v.unitId,
        email: v.email,
        phone: v.phone,
        disabled: v.disabled ? 1 : 0,
        updated_at: v.at,
      })
      .where('id', '=', id)
      .execute();
  },

  async unlock(db: Q, id: number, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ locked_at: null, failed_logins: 0, updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  /** An administrator's reset: the user must choose a new password at next sign-in. */
  async resetPassword(db: Q, id: number, passwordHash: string, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: at, must_change_password: 1, updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  async resetTotp(db: Q, id: number, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ totp_secret: null, totp_enabled: 0, totp_last_step: null, updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  async countUsers(db: Q): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
