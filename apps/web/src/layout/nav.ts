import type { Me } from '../api/types.ts';
import type { MessageKey } from '../i18n/catalogs.ts';

/** What the signed-in user may do, as the server says in GET /auth/me (generated type, never hand-written). */
export type MeAbilities = Me['abilities'];

export type NavIcon =
  | 'home'
  | 'eventSources'
  | 'rawEvents'
  | 'org'
  | 'users'
  | 'assets'
  | 'tokens'
  | 'audit'
  | 'account'
  | 'inbox'
  | 'notices'
  | 'findings'
  | 'settings'
  | 'monitoring'
  | 'topics'
  | 'alerts'
  | 'indicators'
  | 'cases'
  | 'myCases'
  | 'casesDashboard'
  | 'casesSettings';

export interface NavEntry {
  path: string;
  label: MessageKey;
  icon: NavIcon;
  /** The ability the page needs; entries without one are for every signed-in user. */
  ability?: keyof MeAbilities;
}

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.home', icon: 'home' },
  { path: '/my-notices', label: 'nav.inbox', icon: 'inbox', ability: 'unitInbox' },
  { path: '/notices', label: 'nav.notices', icon: 'notices', ability: 'officeNotices' },
  { path: '/my-cases', label: 'nav.myCases', icon: 'myCases', ability: 'unitInbox' },
  { path: '/cases', label: 'nav.cases', icon: 'cases', ability: 'officeNotices' },
  { path: '/cases/dashboard', label: 'nav.casesDashboard', icon: 'casesDashboard', ability: 'officeNotices' },
  { path: '/cases/settings', label: 'nav.casesSettings', icon: 'casesSettings', ability: 'officeNotices' },
  { path: '/findings', label: 'nav.findings', icon: 'findings', ability: 'readFindings' },
  { path: '/monitoring', label: 'nav.monitoring', icon: 'monitoring' },
  { path: '/events', label: 'nav.alerts', icon: 'alerts', ability: 'readFindings' },
  { path: '/events/sources', label: 'nav.eventSources', icon: 'eventSources' },
  { path: '/events/raw', label: 'nav.rawEvents', icon: 'rawEvents' },
  { path: '/events/indicators', label: 'nav.indicators', icon: 'indicators', ability: 'readFindings' },
  { path: '/topics', label: 'nav.topics', icon: 'topics', ability: 'officeNotices' },
  { path: '/assets', label: 'nav.assets', icon: 'assets' },
  { path: '/org', label: 'nav.org', icon: 'org' },
  { path: '/users', label: 'nav.users', icon: 'users', ability: 'manageUsers' },
  { path: '/tokens', label: 'nav.tokens', icon: 'tokens', ability: 'manageTokens' },
  { path: '/audit', label: 'nav.audit', icon: 'audit', ability: 'readAudit' },
  { path: '/settings', label: 'nav.settings', icon: 'settings', ability: 'manageSettings' },
  { path: '/account', label: 'nav.account', icon: 'account' },
];

/** The menu entries this user may open. */
export function navFor(abilities: MeAbilities): NavEntry[] {
  return NAV.filter((entry) => !entry.ability || abilities[entry.ability]);
}

/** The menu entry a location belongs to (`/assets?page=2` → `/assets`), for highlighting. */
export function selectedNav(pathname: string): string {
  const match = NAV.filter(
    (e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(`${e.path}/`)),
  );
  // The longest match wins, so a nested entry (/events/sources) beats its group's (/events).
  match.sort((a, b) => b.path.length - a.path.length);
  return match[0]?.path ?? '/';
}
