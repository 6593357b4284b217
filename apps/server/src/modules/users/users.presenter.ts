import type { Role } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';
import { storedLocale } from '../auth/auth.presenter.ts';
import { userAbilities } from './users.policy.ts';
import type { UserWithPlace } from './users.repository.ts';
import { targetOf } from './users.service.ts';

/** A user as the API shows it: never the password hash or the TOTP secret. */
export function presentUser(actor: Actor, found: UserWithPlace) {
  const { user } = found;
  const locked = user.locked_at !== null;
  const totpEnabled = user.totp_enabled === 1;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    phone: user.phone,
    // Only ROLES values are ever written (the schemas and the CLI validate them).
    role: user.role as Role,
    regionId: user.region_id,
    regionName: found.regionName,
    unitId: user.unit_id,
    unitName: found.unitName,
    locale: storedLocale(user.locale),
    status: user.disabled === 1 ? ('disabled' as const) : locked ? ('locked' as const) : ('active' as const),
    disabled: user.disabled === 1,
    lockedAt: user.locked_at,
    failedLogins: user.failed_logins,
    totpEnabled,
    mustChangePassword: user.must_change_password === 1,
    passwordChangedAt: user.password_changed_at,
    lastLoginAt: user.last_login_at,
    createdAt: user.created_at,
    updatedAt: user.updated_at,
    abilities: userAbilities(actor, { ...targetOf(found), locked, totpEnabled }),
  };
}
