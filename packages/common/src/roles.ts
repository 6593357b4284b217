/** Roles a user can hold. Office roles act over a region subtree; unit roles over one unit. */
export const ROLES = [
  'system_admin',
  'office_admin',
  'analyst',
  'duty_officer',
  'auditor',
  'unit_leader',
  'unit_handler',
] as const;
export type Role = (typeof ROLES)[number];

export const OFFICE_ROLES: readonly Role[] = [
  'system_admin',
  'office_admin',
  'analyst',
  'duty_officer',
  'auditor',
];
export const UNIT_ROLES: readonly Role[] = ['unit_leader', 'unit_handler'];

export function isUnitRole(role: Role): boolean {
  return UNIT_ROLES.includes(role);
}

/** Roles that may change the organisation: regions, units, users. */
export function canAdministerOrg(role: Role): boolean {
  return role === 'system_admin' || role === 'office_admin';
}

/** Roles that may register or edit assets inside their jurisdiction. */
export function canEditAssets(role: Role): boolean {
  return role === 'system_admin' || role === 'office_admin' || role === 'analyst';
}

/** Verifying walks the whole chain (every jurisdiction), so only those who answer for the log may. */
export function canVerifyAudit(role: Role): boolean {
  return role === 'system_admin' || role === 'auditor';
}

/** Roles that may read the audit log of their jurisdiction. */
export function canReadAudit(role: Role): boolean {
  return role === 'system_admin' || role === 'office_admin' || role === 'auditor';
}
