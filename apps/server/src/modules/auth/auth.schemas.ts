import { LOCALES, ROLES } from '@shouwang/common';
import { Type } from 'typebox';
import { Nullable, StringEnum } from '../../platform/http/schemas.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const LoginResult = Type.Object({ next: StringEnum(['done', 'totp', 'totp_enrol'] as const) });

export const TotpCodeBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);

export const TotpEnrolment = Type.Object({
  secret: Type.String(),
  otpauthUrl: Type.String(),
  qrDataUrl: Type.String(),
});

export const Me = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: StringEnum(ROLES),
    regionId: Type.Integer(),
    regionName: Type.String(),
    unitId: Nullable(Type.Integer()),
    unitName: Nullable(Type.String()),
    locale: Nullable(StringEnum(LOCALES)),
    totpEnabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    passwordExpired: Type.Boolean(),
    abilities: Type.Object({
      administerOrg: Type.Boolean(),
      editAssets: Type.Boolean(),
      readAudit: Type.Boolean(),
      verifyAudit: Type.Boolean(),
      manageUsers: Type.Boolean(),
      manageTokens: Type.Boolean(),
      officeNotices: Type.Boolean(),
      unitInbox: Type.Boolean(),
      createNotices: Type.Boolean(),
      readFindings: Type.Boolean(),
      manageSettings: Type.Boolean(),
    }),
  },
  { $id: 'Me' },
);

export const LocaleBody = Type.Object({ locale: StringEnum(LOCALES) }, { additionalProperties: false });

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
