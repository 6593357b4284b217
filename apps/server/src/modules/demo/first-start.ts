import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { hashPassword } from '../auth/password-policy.ts';
import { orgRepository } from '../org/org.repository.ts';
import { BootstrapError, createFirstAdmin, hasNoUsers } from '../users/bootstrap.ts';
import { usersRepository } from '../users/users.repository.ts';
import { DEFAULT_ROOT_REGION_NAME, DEMO_USERS } from './demo-data.ts';
import { type DemoSeedResult, seedDemoJurisdiction } from './demo-seed.ts';

export interface FirstStartOptions {
  /** `serve --demo`: load the demo jurisdiction and demo users, but only into an empty database. */
  demo: boolean;
  port: number;
  passwordMinLength: number;
  /** Where the one-time login box goes (stdout in main.ts). */
  print: (text: string) => void;
  /** Asset name → local demo website URL, for the demo assets standing in for them. */
  demoSiteUrls?: ReadonlyMap<string, string>;
}

export interface FirstStartResult {
  adminUsername: string | null;
  demo: DemoSeedResult | null;
  demoUsers: string[];
}

export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * The first start of a fresh install: with --demo and an empty database, loads the demo jurisdiction;
 * when there is no user yet, creates the first system administrator (and with the demo, one user per
 * role) and prints the login once. On any later start it changes nothing and prints nothing.
 */
export async function runFirstStart(db: Db, options: FirstStartOptions): Promise<FirstStartResult> {
  const nothing: FirstStartResult = { adminUsername: null, demo: null, demoUsers: [] };
  if (!(await hasNoUsers(db))) return nothing;
  const demo =
    options.demo && !(await orgRepository.findRootRegion(db))
      ? await seedDemoJurisdiction(db, options.demoSiteUrls ? { siteUrls: options.demoSiteUrls } : {})
      : null;

  let admin: Awaited<ReturnType<typeof createFirstAdmin>>;
  try {
    admin = await createFirstAdmin(db, {
      username: FIRST_ADMIN_USERNAME,
      rootRegionName: DEFAULT_ROOT_REGION_NAME,
      passwordMinLength: options.passwordMinLength,
    });
  } catch (err) {
    // Another process starting at the same moment created it first; it prints the login.
    if (err instanceof BootstrapError) return { ...nothing, demo };
    throw err;
  }
  const password = admin.generatedPassword;
  if (!password) throw new Error('first administrator created without a generated password');
  const demoUsers = demo ? await createDemoUsers(db, demo, password) : [];
  options.print(loginBox(options.port, admin.username, password, demoUsers));
  return { adminUsername: admin.username, demo, demoUsers };
}

async function createDemoUsers(db: Db, demo: DemoSeedResult, password: string): Promise<string[]> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const actor = systemActor('/', 'demo');
    const names: string[] = [];
    for (const u of DEMO_USERS) {
      const regionId = u.at === 'city' ? demo.cityId : demo.countyId;
      const region = await orgRepository.findRegion(trx, regionId);
      if (!region) throw new Error(`demo region ${regionId} is missing`);
      const id = await usersRepository.insert(trx, {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionId,
        unitId: u.at === 'unit' ? demo.unitId : null,
        email: null,
        phone: null,
        passwordHash,
        at: new Date().toISOString(),
      });
      await appendAudit(trx, actor, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: id,
        regionPath: region.path,
        after: { username: u.username, role: u.role, regionId, unitId: u.at === 'unit' ? demo.unitId : null },
      });
      names.push(u.username);
    }
    return names;
  });
}

/** The one-time login notice, boxed so it stands out in a log. */
export function loginBox(port: number, username: string, password: string, demoUsers: string[]): string {
  const lines = [
    'Shouwang 守望 is ready. First sign-in (shown only this once):',
    '',
    `  URL:       http://localhost:${port}`,
    `  User:      ${username}`,
    `  Password:  ${password}`,
    '',
    'You will be asked to change the password and enrol an authenticator app.',
  ];
  if (demoUsers.length > 0) {
    lines.push('', `Demo users, same password: ${demoUsers.join(', ')}`);
  }
  // CJK characters take two columns in a terminal.
  const width = (s: string) =>
    [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const inner = Math.max(...lines.map(width)) + 2;
  const border = '═'.repeat(inner);
  return [
    `╔${border}╗`,
    ...lines.map((l) => `║ ${l}${' '.repeat(inner - 1 - width(l))}║`),
    `╚${border}╝`,
  ].join('\n');
}
