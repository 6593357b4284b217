import { errorMessage, type Locale } from '@shouwang/common';
import type { Transaction } from 'kysely';
import type { Config } from '../../config/config.ts';
import { type AuditEvent, appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database, UserRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { authRepository as repo } from './auth.repository.ts';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';
import { assertPasswordPolicy, hashPassword, verifyDummy, verifyPassword } from './password-policy.ts';
import { actorFromUser, type SessionStage, type Sessions } from './session.ts';
import { matchTotpStep, newTotpSecret, totpEnrolment } from './totp.ts';

/** Where a sign-in request comes from; the routes fill it from the request. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
  locale: Locale;
}

type Trx = Transaction<Database>;

export type LoginNext = 'done' | 'totp' | 'totp_enrol';

export interface ThrottleLimits {
  perUsername: number;
  perIp: number;
  windowMs: number;
}

const DEFAULT_LIMITS: ThrottleLimits = { perUsername: 10, perIp: 30, windowMs: 5 * 60_000 };

function throttled(retryAfterSeconds: number): AppError {
  return new AppError('too_many_attempts', {}, { retryAfterSeconds });
}

/** Password age rule: 0 days means passwords never expire. */
export function isPasswordExpired(user: Pick<UserRow, 'password_changed_at'>, maxAgeDays: number, at: Date) {
  if (maxAgeDays <= 0) return false;
  return at.getTime() - new Date(user.password_changed_at).getTime() > maxAgeDays * 86_400_000;
}

export function createAuthService(
  db: Db,
  config: Config,
  sessions: Sessions,
  now: () => Date,
  limits: ThrottleLimits = DEFAULT_LIMITS,
) {
  // Per-username and per-IP windows are separate throttles so a shared office IP gets a larger budget.
  const byUser: LoginThrottle = createLoginThrottle(
    { limit: limits.perUsername, windowMs: limits.windowMs },
    now,
  );
  const byIp: LoginThrottle = createLoginThrottle({ limit: limits.perIp, windowMs: limits.windowMs }, now);

  function guard(userKey: string, ip: string): void {
    const a = byUser.check([userKey]);
    const b = byIp.check([ip]);
    if (!a.allowed || !b.allowed) throw throttled(Math.max(a.retryAfterSeconds, b.retryAfterSeconds));
  }
  function fail(userKey: string, ip: string): void {
    byUser.fail([userKey]);
    byIp.fail([ip]);
  }

  async function placeOf(userId: number): Promise<{ user: UserRow; regionPath: string }> {
    const found = await repo.findWithPlace(db, userId);
    if (!found) throw new AppError('unauthenticated');
    return found;
  }

  function actorFor(user: UserRow, regionPath: string, meta: RequestMeta, sessionId: string | null): Actor {
    return actorFromUser(user, regionPath, {
      via: 'session',
      scopes: null,
      sessionId,
      ip: meta.ip,
      requestId: meta.requestId,
      locale: meta.locale,
    });
  }

  function stageFor(user: UserRow): SessionStage {
    if (user.totp_enabled === 1) return 'totp';
    if (config.totpRequiredRoles.some((r) => r === user.role)) return 'totp_enrol';
    return 'full';
  }

  /** Loads the session behind a cookie for the second-factor steps. */
  async function secondFactorSession(token: string | undefined) {
    const check = await sessions.check(token);
    if (check.status === 'expired') throw new AppError('session_expired');
    if (!check.user || !check.sessionId || check.status === 'none') throw new AppError('unauthenticated');
    const { user, regionPath } = await placeOf(check.user.id);
    return { user, regionPath, sessionId: check.sessionId, stage: check.stage ?? 'totp' };
  }

  /** Swaps a pending session for a full one under a new cookie value, so the pre-2FA value is useless. */
  async function promote(sessionId: string, user: UserRow, meta: RequestMeta): Promise<string> {
    const token = await sessions.start(user.id, 'full', meta.ip, meta.userAgent);
    await sessions.end(sessionId);
    return token;
  }

  async function recordFullLogin(
    trx: Trx,
    user: UserRow,
    regionPath: string,
    meta: RequestMeta,
    factor: string,
  ) {
    await repo.recordLogin(trx, user.id, now().toISOString());
    await appendAudit(trx, actorFor(user, regionPath, meta, null), {
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      regionPath,
      after: { secondFactor: factor },
    });
  }

  /** An audit record on its own; always in a transaction, which the hash chain's lock needs. */
  async function auditAlone(actor: Actor, event: AuditEvent) {
    await db.transaction().execute((trx) => appendAudit(trx, actor, event).then(() => undefined));
  }

  async function auditFailure(user: UserRow, regionPath: string, meta: RequestMeta, reason: string) {
    await auditAlone(actorFor(user, regionPath, meta, null), {
      action: 'auth.login_failed',
      resourceType: 'user',
      resourceId: user.id,
      regionPath,
      after: { reason },
    });
  }

  /**
   * Checks a code against the user's secret and, in the same transaction, runs `then`. Wrong and replayed
   * codes count toward the throttle and are audited as failed sign-ins.
   */
  async function acceptCode(
    s: { user: UserRow; regionPath: string },
    code: string,
    enable: boolean,
    meta: RequestMeta,
    then: (trx: Trx) => Promise<void>,
  ) {
    const key = `totp:${s.user.id}`;
    guard(key, meta.ip);
    const { user } = s;
    const step = user.totp_secret ? await matchTotpStep(user.totp_secret, code, now()) : null;
    const fresh = step !== null && (user.totp_last_step === null || step > user.totp_last_step);
    const accepted =
      fresh &&
      (await db.transaction().execute(async (trx) => {
        if (!(await repo.useTotpStep(trx, user.id, step, enable, now().toISOString()))) return false;
        await then(trx);
        return true;
      }));
    if (!accepted) {
      fail(key, meta.ip);
      await auditFailure(user, s.regionPath, meta, step === null ? 'totp_invalid' : 'totp_replayed');
      throw new AppError('totp_invalid');
    }
    byUser.clear([key]);
  }

  return {
    async login(meta: RequestMeta, input: { username: string; password: string }) {
      const userKey = `user:${input.username.toLowerCase()}`;
      guard(userKey, meta.ip);
      const user = await repo.findByUsername(db, input.username);
      if (!user) {
        await verifyDummy(input.password);
        fail(userKey, meta.ip);
        throw new AppError('invalid_credentials');
      }
      const { regionPath } = await placeOf(user.id);
      const ok = await verifyPassword(user.password_hash, input.password);
      if (user.locked_at !== null) {
        fail(userKey, meta.ip);
        await auditFailure(user, regionPath, meta, 'locked');
        throw new AppError('account_locked');
      }
      if (!ok) {
        fail(userKey, meta.ip);
        const locked = await db.transaction().execute(async (trx) => {
          const at = now().toISOString();
          const failures = await repo.addFailure(trx, user.id, at);
          const actor = actorFor(user, regionPath, meta, null);
          await appendAudit(trx, actor, {
            action: 'auth.login_failed',
            resourceType: 'user',
            resourceId: user.id,
            regionPath,
            after: { reason: 'invalid_password', failures },
          });
          if (failures < config.loginMaxFailures) return false;
          await repo.lock(trx, user.id, at);
          await appendAudit(trx, actor, {
            action: 'auth.locked',
            resourceType: 'user',
            resourceId: user.id,
            regionPath,
            after: { failures },
          });
          return true;
        });
        throw new AppError(locked ? 'account_locked' : 'invalid_credentials');
      }
      if (user.disabled === 1) {
        await auditFailure(user, regionPath, meta, 'disabled');
        throw new AppError('account_disabled');
      }
      byUser.clear([userKey]);
      await repo.recordPasswordSuccess(db, user.id);
      const stage = stageFor(user);
      const token = await sessions.start(user.id, stage, meta.ip, meta.userAgent);
      if (stage === 'full') {
        await db.transaction().execute((trx) => recordFullLogin(trx, user, regionPath, meta, 'none'));
      }
      const next: LoginNext = stage === 'full' ? 'done' : stage;
      return { token, next };
    },

    async startEnrolment(meta: RequestMeta, cookie: string | undefined) {
      const s = await secondFactorSession(cookie);
      if (s.stage === 'totp') throw new AppError('totp_required');
      if (s.user.totp_enabled === 1) throw AppError.conflict({ reason: 'totp_enabled' });
      let secret = s.user.totp_secret;
      if (!secret) {
        secret = newTotpSecret();
        const fresh = secret;
        await db.transaction().execute(async (trx) => {
          await repo.setPendingTotpSecret(trx, s.user.id, fresh, now().toISOString());
          await appendAudit(trx, actorFor(s.user, s.regionPath, meta, s.sessionId), {
            action: 'auth.totp_enrolment_started',
            resourceType: 'user',
            resourceId: s.user.id,
            regionPath: s.regionPath,
          });
        });
      }
      return totpEnrolment(secret, s.user.username);
    },

    /** Enables TOTP; a pending session becomes a full one (new cookie value in `token`). */
    async completeEnrolment(meta: RequestMeta, cookie: string | undefined, code: string) {
      const s = await secondFactorSession(cookie);
      if (s.stage === 'totp') throw new AppError('totp_required');
      if (s.user.totp_enabled === 1) throw AppError.conflict({ reason: 'totp_enabled' });
      if (!s.user.totp_secret) throw new AppError('totp_enrolment_required');
      await acceptCode(s, code, true, meta, async (trx) => {
        await appendAudit(trx, actorFor(s.user, s.regionPath, meta, null), {
          action: 'auth.totp_enrolled',
          resourceType: 'user',
          resourceId: s.user.id,
          regionPath: s.regionPath,
        });
        if (s.stage !== 'full') await recordFullLogin(trx, s.user, s.regionPath, meta, 'totp');
      });
      if (s.stage === 'full') return { token: null, next: 'done' as const };
      return { token: await promote(s.sessionId, s.user, meta), next: 'done' as const };
    },

    async verifyTotp(meta: RequestMeta, cookie: string | undefined, code: string) {
      const s = await secondFactorSession(cookie);
      if (s.stage !== 'totp') throw AppError.conflict({ reason: `stage_${s.stage}` });
      await acceptCode(s, code, false, meta, (trx) =>
        recordFullLogin(trx, s.user, s.regionPath, meta, 'totp'),
      );
      return { token: await promote(s.sessionId, s.user, meta), next: 'done' as const };
    },

    async logout(meta: RequestMeta, cookie: string | undefined): Promise<void> {
      const check = await sessions.check(cookie);
      if (!check.sessionId || !check.user) return;
      await sessions.end(check.sessionId);
      const { user, regionPath } = await placeOf(check.user.id);
      await auditAlone(actorFor(user, regionPath, meta, null), {
        action: 'auth.logout',
        resourceType: 'user',
        resourceId: user.id,
        regionPath,
      });
    },

    async me(actor: Actor) {
      const found = await repo.findWithPlace(db, actor.userId);
      if (!found) throw new AppError('unauthenticated');
      return { ...found, passwordExpired: isPasswordExpired(found.user, config.passwordMaxAgeDays, now()) };
    },

    async setLocale(actor: Actor, locale: Locale): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.setLocale(trx, actor.userId, locale, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'auth.locale_changed',
          resourceType: 'user',
          resourceId: actor.userId,
          regionPath: actor.regionPath,
          after: { locale },
        });
      });
    },

    /** Changes the caller's password and ends their other sessions. */
    async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }) {
      const key = `password:${actor.userId}`;
      guard(key, actor.ip ?? 'unknown');
      const user = await repo.findById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated');
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        fail(key, actor.ip ?? 'unknown');
        throw new AppError(
          'invalid_credentials',
          {},
          [{ field: 'currentPassword', message: errorMessage(actor.locale, 'invalid_credentials') }],
          400,
        );
      }
      assertPasswordPolicy(
        input.newPassword,
        user.username,
        { minLength: config.passwordMinLength },
        actor.locale,
        'newPassword',
      );
      if (await verifyPassword(user.password_hash, input.newPassword)) throw new AppError('password_reused');
      const passwordHash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, user.id, passwordHash, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'auth.password_changed',
          resourceType: 'user',
          resourceId: user.id,
          regionPath: actor.regionPath,
        });
      });
      byUser.clear([key]);
      await sessions.endAllFor(user.id, actor.sessionId ?? undefined);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
