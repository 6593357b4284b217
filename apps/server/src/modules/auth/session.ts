import { createHash, randomBytes } from 'node:crypto';
import type { Locale, Role } from '@shouwang/common';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { UserRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { sessionRepository } from './session.repository.ts';

/** Session stages: a password alone gives a pending session until the second factor is done. */
export type SessionStage = 'full' | 'totp' | 'totp_enrol';

function toStage(value: string): SessionStage {
  // Anything unrecognised stays pending rather than granting a full session.
  return value === 'full' || value === 'totp_enrol' ? value : 'totp';
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function actorFromUser(
  user: UserRow,
  regionPath: string,
  meta: Pick<Actor, 'via' | 'scopes' | 'sessionId' | 'ip' | 'requestId'> & { locale: Locale },
): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role as Role,
    regionId: user.region_id,
    regionPath,
    unitId: user.unit_id,
    ...meta,
  };
}

export interface SessionCheck {
  status: 'none' | 'expired' | 'pending' | 'full';
  user?: UserRow;
  regionPath?: string;
  sessionId?: string;
  stage?: SessionStage;
}

/** Creates, checks and ends browser sessions with idle and absolute expiry. */
export function createSessions(db: Db, config: Config, now: () => Date = () => new Date()) {
  return {
    /** Starts a session; returns the cookie value (only its hash is stored). */
    async start(
      userId: number,
      stage: SessionStage,
      ip: string | null,
      userAgent: string | null,
    ): Promise<string> {
      const token = newSecretToken();
      const at = now();
      await sessionRepository.insert(db, {
        id: hashSecret(token),
        user_id: userId,
        stage,
        created_at: at.toISOString(),
        last_seen_at: at.toISOString(),
        expires_at: new Date(at.getTime() + config.sessionAbsoluteHours * 3600_000).toISOString(),
        ip,
        user_agent: userAgent?.slice(0, 400) ?? null,
      });
      return token;
    },

    async check(token: string | undefined): Promise<SessionCheck> {
      if (!token) return { status: 'none' };
      const id = hashSecret(token);
      const found = await sessionRepository.findWithUser(db, id);
      if (!found) return { status: 'none' };
      const at = now();
      const idleLimit = new Date(found.session.last_seen_at).getTime() + config.sessionIdleMinutes * 60_000;
      const pendingLimit = new Date(found.session.created_at).getTime() + 10 * 60_000;
      const expired =
        at.toISOString() >= found.session.expires_at ||
        at.getTime() >= idleLimit ||
        (found.session.stage !== 'full' && at.getTime() >= pendingLimit) ||
        found.user.disabled === 1 ||
        found.user.locked_at !== null;
      if (expired) {
        await sessionRepository.delete(db, id);
        return { status: 'expired' };
      }
      // Writing last_seen on every request would make every read a write; a minute's granularity is enough.
      if (at.getTime() - new Date(found.session.last_seen_at).getTime() > 60_000) {
        await sessionRepository.touch(db, id, at.toISOString());
      }
      return {
        status: found.session.stage === 'full' ? 'full' : 'pending',
        user: found.user,
        regionPath: found.regionPath,
        sessionId: id,
        stage: toStage(found.session.stage),
      };
    },

    async promote(sessionId: string): Promise<void> {
      await sessionRepository.setStage(db, sessionId, 'full');
    },
    async end(sessionId: string): Promise<void> {
      await sessionRepository.delete(db, sessionId);
    },
    async endAllFor(userId: number, exceptSessionId?: string): Promise<void> {
      await sessionRepository.deleteForUser(db, userId, exceptSessionId);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
