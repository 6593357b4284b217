import { hash } from '@node-rs/argon2';
import type { Role } from '@shouwang/common';
import { isUnitRole } from '@shouwang/common';
import { nowIso } from '../src/platform/db/database.ts';
import type { RegionRow, UserRow } from '../src/platform/db/schema.ts';
import { SESSION_COOKIE } from '../src/platform/http/app.ts';
import type { TestContext } from './harness.ts';

let seq = 0;
const next = () => ++seq;

export async function buildRegion(
  ctx: TestContext,
  overrides: { parent?: RegionRow | null; name?: string; level?: string } = {},
): Promise<RegionRow> {
  const { db } = ctx.services.database;
  const now = nowIso();
  const parent = overrides.parent ?? null;
  const level = overrides.level ?? (parent ? (parent.level === 'city' ? 'county' : 'town') : 'city');
  const inserted = await db
    .insertInto('regions')
    .values({
      parent_id: parent?.id ?? null,
      name: overrides.name ?? `Region ${next()}`,
      code: null,
      level,
      path: '/',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${inserted.id}/`;
  await db.updateTable('regions').set({ path }).where('id', '=', inserted.id).execute();
  return db.selectFrom('regions').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
}

export async function buildUnit(
  ctx: TestContext,
  region: RegionRow,
  overrides: { name?: string; kind?: string; isCii?: boolean } = {},
) {
  const { db } = ctx.services.database;
  const now = nowIso();
  const row = await db
    .insertInto('units')
    .values({
      region_id: region.id,
      name: overrides.name ?? `Unit ${next()}`,
      credit_code: null,
      kind: overrides.kind ?? 'government',
      contact_name: 'Contact',
      contact_phone: '13800000000',
      contact_email: null,
      leader_name: null,
      is_cii: overrides.isCii ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'region_id', 'name'])
    .executeTakeFirstOrThrow();
  return row;
}

// Hashing is slow by design; tests share one hash of the default password.
let defaultHash: Promise<string> | null = null;
export const DEFAULT_PASSWORD = 'Correct-Horse-9';

export async function buildUser(
  ctx: TestContext,
  overrides: {
    role: Role;
    region: RegionRow;
    unitId?: number | null;
    username?: string;
    totpSecret?: string | null;
  },
): Promise<UserRow> {
  const { db } = ctx.services.database;
  defaultHash ??= hash(DEFAULT_PASSWORD);
  const now = nowIso();
  if (isUnitRole(overrides.role) && !overrides.unitId) throw new Error('unit roles need a unitId');
  const row = await db
    .insertInto('users')
    .values({
      username: overrides.username ?? `user${next()}`,
      display_name: `User ${seq}`,
      email: null,
      phone: null,
      role: overrides.role,
      region_id: overrides.region.id,
      unit_id: overrides.unitId ?? null,
      password_hash: await defaultHash,
      password_changed_at: now,
      must_change_password: 0,
      totp_secret: overrides.totpSecret ?? null,
      totp_enabled: overrides.totpSecret ? 1 : 0,
      totp_last_step: null,
      failed_logins: 0,
      locked_at: null,
      disabled: 0,
      locale: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db.selectFrom('users').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

/** A fully signed-in session for a user, as a Cookie header value, skipping the login flow. */
export async function sessionCookie(ctx: TestContext, user: UserRow): Promise<string> {
  const token = await ctx.services.sessions.start(user.id, 'full', '127.0.0.1', 'vitest');
  return `${SESSION_COOKIE}=${token}`;
}

/** A small jurisdiction: a city with two counties, a town in county A, and a unit in each county. */
export async function buildJurisdiction(ctx: TestContext) {
  const city = await buildRegion(ctx, { name: 'City' });
  const countyA = await buildRegion(ctx, { parent: city, name: 'County A' });
  const countyB = await buildRegion(ctx, { parent: city, name: 'County B' });
  const townA = await buildRegion(ctx, { parent: countyA, name: 'Town A1' });
  const unitA = await buildUnit(ctx, countyA, { name: 'Unit A' });
  const unitB = await buildUnit(ctx, countyB, { name: 'Unit B' });
  return { city, countyA, countyB, townA, unitA, unitB };
}
