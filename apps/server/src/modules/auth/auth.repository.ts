import type { Kysely, Transaction } from 'kysely';
import type { Database, UserRow } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface UserWithPlace {
  user: UserRow;
  regionPath: string;
  regionName: string;
  unitName: string | null;
}

/** SQL over the credential columns of users: failures, lockout, second factor, password, locale. */
export const authRepository = {
  async findByUsername(db: Q, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  },

  async findById(db: Q, id: number): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findWithPlace(db: Q, id: number): Promise<UserWithPlace | undefined> {
    const row = await db
      .selectFrom('users')
      .innerJoin('regions as r', 'r.id', 'users.region_id')
      .leftJoin('units as u', 'u.id', 'users.unit_id')
      .selectAll('users')
      .select(['r.path as regionPath', 'r.name as regionName', 'u.name as unitName'])
      .where('users.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { regionPath, regionName, unitName, ...user } = row;
    return { user, regionPath, regionName, unitName };
  },

  /** Adds one failure and returns the new count, atomically so parallel attempts are all counted. */
  async addFailure(db: Q, id: number, at: string): Promise<number> {
    const row = await db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: at }))
      .where('id', '=', id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    return row.failed_logins;
  },

  async lock(db: Q, id: number, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ locked_at: at, updated_at: at })
      .where('id', '=', id)
      .where('locked_at', 'is', null)
      .execute();
  },

  async recordPasswordSuccess(db: Q, id: number): Promise<void> {
    await db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', id).execute();
  },

  async recordLogin(db: Q, id: number, at: string): Promise<void> {
    await db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
  },

  async setPendingTotpSecret(db: Q, id: number, secret: string, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ totp_secret: secret, totp_enabled: 0, totp_last_step: null, updated_at: at })
      .where('id', '=', id)
      .where('totp_enabled', '=', 0)
      .execute();
  },

  /**
   * Records the time step a code was accepted for. Conditional, so two requests racing with the same code
   * cannot both succeed: the loser updates no row.
   */
  async useTotpStep(db: Q, id: number, step: number, enable: boolean, at: string): Promise<boolean> {
    const result = await db
      .updateTable('users')
      .set({ totp_last_step: step, ...(enable ? { totp_enabled: 1, updated_at: at } : {}) })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async setPassword(db: Q, id: number, passwordHash: string, at: string): Promise<void> {
    await db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: at, must_change_password: 0, updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  async setLocale(db: Q, id: number, locale: string, at: string): Promise<void> {
    await db.updateTable('users').set({ locale, updated_at: at }).where('id', '=', id).execute();
  },
};
