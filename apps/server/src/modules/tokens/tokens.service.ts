import type { Locale } from '@shouwang/common';
import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ApiTokenRow } from '../../platform/db/schema.ts';
import type { Actor, ApiScope } from '../../platform/http/actor.ts';
import type { AuthResult } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { TokenResolver } from '../auth/authenticator.ts';
import { actorFromUser, hashSecret, newSecretToken } from '../auth/session.ts';
import { tokensPolicy } from './tokens.policy.ts';
import { tokensRepository as repo, type TokenWithOwner } from './tokens.repository.ts';

export const TOKEN_PREFIX = 'sw_';
/** How much of the secret is kept in clear, so a user can tell their tokens apart. */
const SHOWN_PREFIX_LENGTH = 11;
const TOUCH_INTERVAL_MS = 60_000;

export interface TokenInput {
  name: string;
  scopes: ApiScope[];
  expiresInDays: number;
}

export function tokenScopes(row: Pick<ApiTokenRow, 'scopes'>): string[] {
  try {
    const parsed: unknown = JSON.parse(row.scopes);
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function createTokensService(db: Db, now: () => Date) {
  const resolver: TokenResolver = {
    async resolve(request: FastifyRequest, token: string): Promise<AuthResult> {
      if (!token.startsWith(TOKEN_PREFIX)) throw new AppError('token_invalid');
      const found = await repo.findByHashWithUser(db, hashSecret(token));
      const at = now();
      if (
        !found ||
        found.token.revoked_at !== null ||
        at.toISOString() >= found.token.expires_at ||
        found.user.disabled === 1 ||
        found.user.locked_at !== null
      ) {
        throw new AppError('token_invalid');
      }
      const last = found.token.last_used_at ? new Date(found.token.last_used_at).getTime() : 0;
      // Recording every call would turn every read into a write; a minute's resolution is enough.
      if (at.getTime() - last >= TOUCH_INTERVAL_MS) {
        await repo.touch(db, found.token.id, at.toISOString(), request.ip);
      }
      const locale: Locale = request.locale;
      const actor = actorFromUser(found.user, found.regionPath, {
        via: 'token',
        scopes: tokenScopes(found.token),
        sessionId: null,
        ip: request.ip,
        requestId: request.id,
        locale,
      });
      return { actor, pendingUserId: null };
    },
  };

  async function loadReadable(actor: Actor, id: number): Promise<TokenWithOwner> {
    const t = await repo.find(db, id);
    if (!t || !tokensPolicy.canRead(actor, { userId: t.token.user_id, ...t })) throw AppError.notFound();
    return t;
  }

  return {
    resolver,

    async list(actor: Actor, all: boolean): Promise<TokenWithOwner[]> {
      if (all && !tokensPolicy.canListAll(actor)) throw AppError.forbidden();
      return repo.list(db, actor, all);
    },

    /** Creates a token for the caller; the secret is returned here once and only its hash is kept. */
    async create(actor: Actor, input: TokenInput): Promise<{ row: ApiTokenRow; secret: string }> {
      const secret = newSecretToken(TOKEN_PREFIX);
      const at = now();
      const scopes = [...new Set(input.scopes)].sort();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await repo.insert(trx, {
          userId: actor.userId,
          name: input.name.trim(),
          tokenHash: hashSecret(secret),
          prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
          scopes,
          expiresAt: new Date(at.getTime() + input.expiresInDays * 86_400_000).toISOString(),
          at: at.toISOString(),
        });
        await appendAudit(trx, actor, {
          action: 'token.create',
          resourceType: 'api_token',
          resourceId: inserted.id,
          regionPath: actor.regionPath,
          after: { name: inserted.name, scopes, prefix: inserted.prefix, expiresAt: inserted.expires_at },
        });
        return inserted;
      });
      return { row, secret };
    },

    async revoke(actor: Actor, id: number): Promise<void> {
      const t = await loadReadable(actor, id);
      if (!tokensPolicy.canRevoke(actor, { userId: t.token.user_id, ...t })) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        // Revoking twice is harmless and leaves one audit record.
        if (!(await repo.revoke(trx, id, now().toISOString()))) return;
        await appendAudit(trx, actor, {
          action: 'token.revoke',
          resourceType: 'api_token',
          resourceId: id,
          regionPath: t.ownerRegionPath,
          before: { name: t.token.name, owner: t.ownerUsername, prefix: t.token.prefix },
        });
      });
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
