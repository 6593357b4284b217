import { canAdministerOrg, isUnitRole, type Role } from '@shouwang/common';
import type { Me } from '../api/types.ts';
import type { MessageKey } from '../i18n/catalogs.ts';

/** What the signed-in user may do, as the server says in GET /auth/me (generated type, never hand-written). */
export type MeAbilities = Me['abilities'];

export type NavIcon =
  | 'home'
  | 'org'
  | 'users'
  | 'assets'
  | 'tokens'
  | 'audit'
  | 'account'
  | 'inbox'
  | 'notices'
  | 'findings'
  | 'settings';

export interface NavEntry {
  path: string;
  label: MessageKey;
  icon: NavIcon;
  /** The ability the page needs; entries without one are for every signed-in user. */
  ability?: keyof MeAbilities;
  /** Roles the page is for (the server enforces access either way). */
  roles?: (role: Role) => boolean;
}

const officeRole = (role: Role) => !isUnitRole(role);

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.home', icon: 'home' },
  { path: '/my-notices', label: 'nav.inbox', icon: 'inbox', roles: isUnitRole },
  { path: '/notices', label: 'nav.notices', icon: 'notices', roles: officeRole },
  { path: '/findings', label: 'nav.findings', icon: 'findings', roles: officeRole },
  { path: '/assets', label: 'nav.assets', icon: 'assets' },
  { path: '/org', label: 'nav.org', icon: 'org' },
  { path: '/users', label: 'nav.users', icon: 'users', ability: 'manageUsers' },
  { path: '/tokens', label: 'nav.tokens', icon: 'tokens', ability: 'manageTokens' },
  { path: '/audit', label: 'nav.audit', icon: 'audit', ability: 'readAudit' },
  { path: '/settings', label: 'nav.settings', icon: 'settings', roles: canAdministerOrg },
  { path: '/account', label: 'nav.account', icon: 'account' },
];

/** The menu entries this user may open. */
export function navFor(abilities: MeAbilities, role?: Role): NavEntry[] {
  return NAV.filter(
    (entry) => (!entry.ability || abilities[entry.ability]) && (!entry.roles || (role && entry.roles(role))),
  );
}

/** The menu entry a location belongs to (`/assets?page=2` → `/assets`), for highlighting. */
export function selectedNav(pathname: string): string {
  const match = NAV.filter(
    (e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(`${e.path}/`)),
  );
  return match[0]?.path ?? '/';
}
