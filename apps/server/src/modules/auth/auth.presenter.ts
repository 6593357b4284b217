import {
  canAdministerOrg,
  canEditAssets,
  canReadAudit,
  canVerifyAudit,
  isUnitRole,
  LOCALES,
  type Locale,
  nextNoticeState,
  type Role,
} from '@shouwang/common';
import type { UserWithPlace } from './auth.repository.ts';

function isLocale(value: string | null): value is Locale {
  return LOCALES.some((l) => l === value);
}

/** A stored locale preference, or null when unset or no longer supported. */
export function storedLocale(value: string | null): Locale | null {
  return isLocale(value) ? value : null;
}

/** The signed-in user as the web app sees it, with what the UI may offer them. */
export function presentMe(found: UserWithPlace & { passwordExpired: boolean }) {
  const { user } = found;
  // Only ROLES values are ever written (schemas and the CLI validate them).
  const role = user.role as Role;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role,
    regionId: user.region_id,
    regionName: found.regionName,
    unitId: user.unit_id,
    unitName: found.unitName,
    locale: storedLocale(user.locale),
    totpEnabled: user.totp_enabled === 1,
    mustChangePassword: user.must_change_password === 1,
    passwordExpired: found.passwordExpired,
    abilities: {
      administerOrg: canAdministerOrg(role),
      editAssets: canEditAssets(role),
      readAudit: canReadAudit(role),
      verifyAudit: canVerifyAudit(role),
      manageUsers: canAdministerOrg(role),
      // Every signed-in user may hold API tokens of their own; scopes never exceed their role.
      manageTokens: true,
      // The office works notices and findings across its jurisdiction; a unit works its own inbox.
      officeNotices: !isUnitRole(role),
      unitInbox: isUnitRole(role),
      createNotices: nextNoticeState('draft', 'edit', { role, requiresLeaderApproval: false }) !== null,
      readFindings: !isUnitRole(role),
      manageSettings: canAdministerOrg(role),
    },
  };
}
