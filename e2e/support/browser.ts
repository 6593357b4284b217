import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from './server.ts';
import type { TotpDevice } from './totp.ts';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export interface PageOptions {
  /** The browser's language; the web app picks its locale from it (default zh-CN). */
  locale?: 'zh-CN' | 'en-US';
  /** The window size (default 1366 × 900, a laptop); e.g. { width: 390, height: 844 } for a phone. */
  viewport?: { width: number; height: number };
  /** A touch-screen phone (isMobile + hasTouch), for phone-sized flows. */
  mobile?: boolean;
}

/** A page in a new browser context (own cookies and storage) whose relative URLs resolve against baseURL. */
export async function newPage(browser: Browser, baseURL: string, options: PageOptions = {}): Promise<Page> {
  const locale = options.locale ?? 'zh-CN';
  const context = await browser.newContext({
    baseURL,
    locale,
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport ?? { width: 1366, height: 900 },
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
    extraHTTPHeaders: { 'accept-language': locale },
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  return context.newPage();
}

/** Saves a full-page screenshot into test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Signs in on the login page with a password and, when the account has an authenticator, the next code
 * from `device` (an office account). Where the app lands next differs by role; the caller waits for it.
 */
export async function signIn(
  page: Page,
  username: string,
  password: string,
  device?: TotpDevice | null,
): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (device === undefined) return;
  await page.getByTestId('totp-code').fill((await device?.nextCode()) ?? '');
  await page.getByTestId('totp-submit').click();
}
