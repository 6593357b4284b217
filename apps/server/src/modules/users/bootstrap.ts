import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database, RegionRow } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/http/actor.ts';
import {
  checkPasswordPolicy,
  describePasswordProblem,
  generatePassword,
  hashPassword,
} from '../auth/password-policy.ts';
import { usersRepository } from './users.repository.ts';
import { USERNAME_PATTERN } from './users.schemas.ts';

export class BootstrapError extends Error {}

export interface FirstAdminOptions {
  username: string;
  displayName?: string;
  /** When absent, a strong one-time password is generated and returned. */
  password?: string;
  /** The region the admin's jurisdiction starts at; defaults to the root region. */
  regionId?: number;
  /** Creates the root region with this name when the database has no region at all (a fresh install). */
  rootRegionName?: string;
  passwordMinLength?: number;
}

export interface FirstAdmin {
  userId: number;
  username: string;
  regionId: number;
  /** Set only when the password was generated: print it once, it is stored only as a hash. */
  generatedPassword: string | null;
}

async function rootRegion(
  db: Kysely<Database> | Transaction<Database>,
  options: FirstAdminOptions,
): Promise<RegionRow | undefined> {
  if (options.regionId !== undefined) {
    return db.selectFrom('regions').selectAll().where('id', '=', options.regionId).executeTakeFirst();
  }
  return db.selectFrom('regions').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
}

/**
 * Creates a system administrator (for `shouwang create-admin` and for the first start of a fresh install).
 * The user must change the password at first sign-in and enrol a second factor if the role requires it.
 */
export async function createFirstAdmin(db: Db, options: FirstAdminOptions): Promise<FirstAdmin> {
  if (!new RegExp(USERNAME_PATTERN).test(options.username)) {
    throw new BootstrapError('The user name must be 3-64 letters, digits, "_", "." or "-".');
  }
  if (options.password) {
    const problems = checkPasswordPolicy(options.password, options.username, {
      minLength: options.passwordMinLength ?? 10,
    });
    if (problems.length > 0) {
      throw new BootstrapError(
        `The password is too weak: ${problems.map((p) => describePasswordProblem('en-US', p)).join('; ')}`,
      );
    }
  }
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (await usersRepository.findByUsername(trx, options.username)) {
      throw new BootstrapError(`The user name "${options.username}" is already taken.`);
    }
    let region = await rootRegion(trx, options);
    if (!region && options.regionId !== undefined)
      throw new BootstrapError(`No region with id ${options.regionId}.`);
    const actor = systemActor('/', 'bootstrap');
    if (!region) {
      if (!options.rootRegionName) {
        throw new BootstrapError(
          'The database has no region yet: name the root region (--root-region-name) to create it.',
        );
      }
      const at = new Date().toISOString();
      const inserted = await trx
        .insertInto('regions')
        .values({
          parent_id: null,
          name: options.rootRegionName,
          code: null,
          level: 'city',
          path: '/',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('regions')
        .set({ path: `/${inserted.id}/` })
        .where('id', '=', inserted.id)
        .execute();
      region = await trx
        .selectFrom('regions')
        .selectAll()
        .where('id', '=', inserted.id)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, actor, {
        action: 'region.create',
        resourceType: 'region',
        resourceId: region.id,
        regionPath: region.path,
        after: region,
      });
    }
    const userId = await usersRepository.insert(trx, {
      username: options.username,
      displayName: options.displayName ?? options.username,
      role: 'system_admin',
      regionId: region.id,
      unitId: null,
      email: null,
      phone: null,
      passwordHash,
      at: new Date().toISOString(),
    });
    await appendAudit(trx, actor, {
      action: 'user.create',
      resourceType: 'user',
      resourceId: userId,
      regionPath: region.path,
      after: {
        username: options.username,
        role: 'system_admin',
        regionId: region.id,
        passwordGenerated: !options.password,
      },
    });
    return {
      userId,
      username: options.username,
      regionId: region.id,
      generatedPassword: options.password ? null : password,
    };
  });
}

/** Whether the database has no user yet (first start). */
export async function hasNoUsers(db: Db): Promise<boolean> {
  return (await usersRepository.countUsers(db)) === 0;
}
