import { Type } from 'typebox';
import { API_SCOPES } from '../../platform/http/actor.ts';
import { Abilities, Nullable, StringEnum } from '../../platform/http/schemas.ts';

export const ApiToken = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    prefix: Type.String(),
    userId: Type.Integer(),
    ownerUsername: Type.String(),
    expiresAt: Type.String(),
    expired: Type.Boolean(),
    revokedAt: Nullable(Type.String()),
    lastUsedAt: Nullable(Type.String()),
    lastUsedIp: Nullable(Type.String()),
    createdAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'ApiToken' },
);

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    scopes: Type.Array(StringEnum(API_SCOPES), {
      minItems: 1,
      maxItems: API_SCOPES.length,
      uniqueItems: true,
    }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);

export const TokenCreated = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  prefix: Type.String(),
  expiresAt: Type.String(),
  token: Type.String({ description: 'The secret; shown once, never stored in clear.' }),
});

export const TokenListQuery = Type.Object({
  all: Type.Optional(StringEnum(['0', '1', 'true', 'false'] as const)),
});
