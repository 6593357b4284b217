import { LOCALES, ROLES } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';

export const USERNAME_PATTERN = '^[a-zA-Z0-9_.-]{3,64}$';

export const User = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    role: StringEnum(ROLES),
    regionId: Type.Integer(),
    regionName: Type.String(),
    unitId: Nullable(Type.Integer()),
    unitName: Nullable(Type.String()),
    locale: Nullable(StringEnum(LOCALES)),
    status: StringEnum(['active', 'locked', 'disabled'] as const),
    disabled: Type.Boolean(),
    lockedAt: Nullable(Type.String()),
    failedLogins: Type.Integer(),
    totpEnabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    passwordChangedAt: Type.String(),
    lastLoginAt: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'User' },
);

const editable = {
  displayName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  role: StringEnum(ROLES),
  regionId: Type.Integer({ minimum: 1 }),
  unitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() -]*$' }))),
};

export const UserCreateBody = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    ...editable,
    password: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 256 }))),
  },
  { additionalProperties: false },
);

export const UserUpdateBody = Type.Object(
  { ...editable, disabled: Type.Boolean() },
  { additionalProperties: false },
);

export const UserCreated = Type.Object({ user: User, initialPassword: Type.Optional(Type.String()) });

export const InitialPassword = Type.Object({ initialPassword: Type.String() });

export const UserListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Optional(StringEnum(ROLES)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(StringEnum(['active', 'locked', 'disabled'] as const)),
  sort: Type.Optional(StringEnum(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'] as const)),
});
