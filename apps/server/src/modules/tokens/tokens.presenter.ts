import type { Actor } from '../../platform/http/actor.ts';
import { tokensPolicy } from './tokens.policy.ts';
import type { TokenWithOwner } from './tokens.repository.ts';
import { tokenScopes } from './tokens.service.ts';

/** A token as listed: never the hash, only the prefix the user saw when it was created. */
export function presentToken(actor: Actor, t: TokenWithOwner, at: Date) {
  const { token } = t;
  return {
    id: token.id,
    name: token.name,
    scopes: tokenScopes(token),
    prefix: token.prefix,
    userId: token.user_id,
    ownerUsername: t.ownerUsername,
    expiresAt: token.expires_at,
    expired: at.toISOString() >= token.expires_at,
    revokedAt: token.revoked_at,
    lastUsedAt: token.last_used_at,
    lastUsedIp: token.last_used_ip,
    createdAt: token.created_at,
    abilities: {
      revoke: token.revoked_at === null && tokensPolicy.canRevoke(actor, { userId: token.user_id, ...t }),
    },
  };
}
