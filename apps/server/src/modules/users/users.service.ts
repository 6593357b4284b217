import type { Role } from '@shouwang/common';
import type { Transaction } from 'kysely';
import type { Config } from '../../config/config.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../auth/password-policy.ts';
import type { Sessions } from '../auth/session.ts';
import type { OrgService } from '../org/org.service.ts';
import { assignmentRuleMessages } from './users.i18n.ts';
import { type Assignment, type UserTarget, usersPolicy } from './users.policy.ts';
import {
  usersRepository as repo,
  type UserFilter,
  type UserValues,
  type UserWithPlace,
} from './users.repository.ts';

export interface UserCreateInput extends Omit<UserValues, 'role'> {
  username: string;
  role: Role;
  password?: string | null;
}

export interface UserUpdateInput extends Omit<UserValues, 'role'> {
  role: Role;
  disabled: boolean;
}

export function targetOf(u: UserWithPlace): UserTarget {
  return { id: u.user.id, role: u.user.role, regionPath: u.regionPath, unitId: u.user.unit_id };
}

/** What the audit log keeps of a user: never the password hash or TOTP secret. */
function auditView(u: UserWithPlace) {
  const { password_hash: _p, totp_secret: _t, ...rest } = u.user;
  return rest;
}

export function createUsersService(
  db: Db,
  config: Config,
  sessions: Sessions,
  org: OrgService,
  now: () => Date,
) {
  async function loadReadable(actor: Actor, id: number): Promise<UserWithPlace> {
    const u = await repo.find(db, id);
    if (!u || !usersPolicy.canRead(actor, targetOf(u))) throw AppError.notFound();
    return u;
  }

  async function loadWritable(actor: Actor, id: number): Promise<UserWithPlace> {
    const u = await loadReadable(actor, id);
    if (!usersPolicy.canWrite(actor, targetOf(u))) throw AppError.forbidden();
    return u;
  }

  /** Loads the region and unit through the org service (404 outside the jurisdiction), then applies the policy. */
  async function authorizeAssignment(actor: Actor, role: Role, regionId: number, unitId: number | null) {
    const region = await org.getRegion(actor, regionId);
    const unit = unitId === null ? null : await org.getUnit(actor, unitId);
    const assignment: Assignment = {
      role,
      region: { id: region.id, path: region.path },
      unit: unit ? { id: unit.id, regionId: unit.regionId, regionPath: unit.regionPath } : null,
    };
    const problem = usersPolicy.checkAssignment(actor, assignment);
    if (!problem) return;
    if (problem.kind === 'forbidden') throw AppError.forbidden();
    if (problem.kind === 'not_found') throw AppError.notFound();
    throw AppError.invalid([
      { field: problem.field, message: assignmentRuleMessages[actor.locale][problem.rule] },
    ]);
  }

  /** Runs one change to a user and its audit record in one transaction. */
  async function audited(
    actor: Actor,
    action: string,
    u: UserWithPlace,
    work: (trx: Transaction<Database>, at: string) => Promise<void>,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await work(trx, now().toISOString());
      await appendAudit(trx, actor, {
        action,
        resourceType: 'user',
        resourceId: u.user.id,
        regionPath: u.regionPath,
        before: auditView(u),
      });
    });
  }

  return {
    list: (actor: Actor, filter: UserFilter) => repo.listVisibleTo(db, actor, filter),
    get: loadReadable,

    /** Creates a user who must change the password at first sign-in; returns the one-time password if generated. */
    async create(
      actor: Actor,
      input: UserCreateInput,
    ): Promise<{ user: UserWithPlace; initialPassword: string | null }> {
      await authorizeAssignment(actor, input.role, input.regionId, input.unitId);
      const supplied = input.password ?? null;
      if (supplied) {
        assertPasswordPolicy(supplied, input.username, { minLength: config.passwordMinLength }, actor.locale);
      }
      const password = supplied ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const user = await db.transaction().execute(async (trx) => {
        if (await repo.findByUsername(trx, input.username)) throw AppError.conflict({ field: 'username' });
        const id = await repo.insert(trx, { ...input, passwordHash, at: now().toISOString() });
        const created = await repo.find(trx, id);
        if (!created) throw new Error(`user ${id} vanished inside its own transaction`);
        await appendAudit(trx, actor, {
          action: 'user.create',
          resourceType: 'user',
          resourceId: id,
          regionPath: created.regionPath,
          after: { ...auditView(created), passwordGenerated: !supplied },
        });
        return created;
      });
      return { user, initialPassword: supplied ? null : password };
    },

    async update(actor: Actor, id: number, input: UserUpdateInput): Promise<UserWithPlace> {
      const before = await loadWritable(actor, id);
      if (usersPolicy.isRefusedSelfChange(actor, targetOf(before), input)) {
        throw new AppError('self_change_refused', {}, undefined, 403);
      }
      await authorizeAssignment(actor, input.role, input.regionId, input.unitId);
      const after = await db.transaction().execute(async (trx) => {
        await repo.update(trx, id, { ...input, at: now().toISOString() });
        const changed = await repo.find(trx, id);
        if (!changed) throw new Error(`user ${id} vanished inside its own transaction`);
        await appendAudit(trx, actor, {
          action: 'user.update',
          resourceType: 'user',
          resourceId: id,
          regionPath: changed.regionPath,
          before: auditView(before),
          after: auditView(changed),
        });
        return changed;
      });
      if (input.disabled && before.user.disabled === 0) await sessions.endAllFor(id);
      return after;
    },

    async unlock(actor: Actor, id: number): Promise<UserWithPlace> {
      const u = await loadWritable(actor, id);
      await audited(actor, 'user.unlock', u, (trx, at) => repo.unlock(trx, id, at));
      return loadReadable(actor, id);
    },

    /** Sets a new one-time password and signs the user out everywhere. */
    async resetPassword(actor: Actor, id: number): Promise<string> {
      const u = await loadWritable(actor, id);
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      await audited(actor, 'user.reset_password', u, (trx, at) =>
        repo.resetPassword(trx, id, passwordHash, at),
      );
      await sessions.endAllFor(id);
      return password;
    },

    /** Removes the second factor; a role that requires one enrols again at next sign-in. */
    async resetTotp(actor: Actor, id: number): Promise<UserWithPlace> {
      const u = await loadWritable(actor, id);
      await audited(actor, 'user.reset_totp', u, (trx, at) => repo.resetTotp(trx, id, at));
      await sessions.endAllFor(id);
      return loadReadable(actor, id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
