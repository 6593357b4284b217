import { generate } from 'otplib';
import type { TestContext } from '../../../test/harness.ts';
import { SESSION_COOKIE } from '../../platform/http/app.ts';

let ipSeq = 0;
/** A distinct client address per caller, so the in-memory throttle of one test does not leak into another. */
export function nextIp(): string {
  ipSeq += 1;
  return `10.9.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`;
}

/** Posts a login and returns the response with the session cookie it set, as a Cookie header value. */
export async function postLogin(ctx: TestContext, username: string, password: string, ip = nextIp()) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    headers: { 'x-forwarded-for': ip, 'accept-language': 'en-US' },
  });
  const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { res, cookie: set ? `${SESSION_COOKIE}=${set.value}` : undefined, setCookie: set, ip };
}

/** The cookie a response set, or the one passed in when it set none. */
export function cookieFrom(res: { cookies: { name: string; value: string }[] }, fallback: string): string {
  const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return set ? `${SESSION_COOKIE}=${set.value}` : fallback;
}

/** What the user's phone shows at the test clock's time, shifted by whole 30-second steps. */
export function totpCode(ctx: TestContext, secret: string, stepOffset = 0): Promise<string> {
  const epoch = Math.floor(ctx.clock.now().getTime() / 1000) + stepOffset * 30;
  return generate({ secret, epoch });
}
