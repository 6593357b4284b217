import type { FastifyRequest } from 'fastify';
import type { Authenticator, AuthResult } from '../../platform/http/app.ts';
import { SESSION_COOKIE } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { actorFromUser, type Sessions } from './session.ts';

export interface TokenResolver {
  /** Resolves a bearer token into an actor, or throws token_invalid. */
  resolve(request: FastifyRequest, token: string): Promise<AuthResult>;
}

/** Session cookie first; a bearer token when the Authorization header carries one. */
export function createAuthenticator(sessions: Sessions, tokens: TokenResolver | null): Authenticator {
  return {
    async authenticate(request, locale): Promise<AuthResult> {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        if (!tokens) throw new AppError('token_invalid');
        return tokens.resolve(request, header.slice(7).trim());
      }
      const check = await sessions.check(request.cookies[SESSION_COOKIE]);
      if (check.status === 'expired') throw new AppError('session_expired');
      if (check.status === 'none' || !check.user || !check.sessionId)
        return { actor: null, pendingUserId: null };
      if (check.status === 'pending') return { actor: null, pendingUserId: check.user.id };
      const actor = actorFromUser(check.user, check.regionPath ?? '/none/', {
        via: 'session',
        scopes: null,
        sessionId: check.sessionId,
        ip: request.ip,
        requestId: request.id,
        locale,
      });
      return { actor, pendingUserId: null };
    },
  };
}
