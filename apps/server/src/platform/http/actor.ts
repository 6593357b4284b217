import type { Locale, Role } from '@shouwang/common';

/** Who is acting, from where. Services take it first and authorize against it. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** The root of the actor's jurisdiction (their unit's region for unit roles). */
  regionId: number;
  /** Materialised path of that region, e.g. "/1/4/": what the actor may see is under it. */
  regionPath: string;
  unitId: number | null;
  via: 'session' | 'token' | 'system';
  /** Token scopes; null for sessions and the system, which are not scope-limited. */
  scopes: readonly string[] | null;
  sessionId: string | null;
  ip: string | null;
  requestId: string | null;
  locale: Locale;
}

/** The actor used by the CLI and by jobs: the whole tree, audited as "system". */
export function systemActor(rootRegionPath = '/', name = 'system'): Actor {
  return {
    userId: 0,
    username: name,
    displayName: name,
    role: 'system_admin',
    regionId: 0,
    regionPath: rootRegionPath,
    unitId: null,
    via: 'system',
    scopes: null,
    sessionId: null,
    ip: null,
    requestId: null,
    locale: 'zh-CN',
  };
}

/** How a route may be reached. Every route declares one; the authorization matrix test reads them. */
export type RouteAccess =
  /** No sign-in needed. */
  | { kind: 'public' }
  /** Signed in with a password but the second factor is still pending (TOTP verify / enrolment). */
  | { kind: 'pending' }
  /** Fully signed in by session; API tokens may call it only when `scope` is set and granted. */
  | { kind: 'user'; scope?: string };

export const API_SCOPES = [
  'org:read',
  'org:write',
  'users:read',
  'users:write',
  'assets:read',
  'assets:write',
  'audit:read',
  'notices:read',
  'notices:write',
  'monitoring:read',
  'monitoring:write',
  'intake:read',
  'intake:write',
  'topics:read',
  'topics:write',
  'events:read',
  'events:write',
  /** Only for a source's own token: POST /api/v1/events/ingest. */
  'events:ingest',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];
