import { timingSafeEqual } from 'node:crypto';
import { generate, generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'Shouwang';
const PERIOD_SECONDS = 30;
/** Steps either side of now that still count, for phones whose clock drifts. */
const DRIFT_STEPS = 1;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

/** The code for a given time step (used by the tests to act as the phone). */
export function totpCodeForStep(secret: string, step: number): Promise<string> {
  return generate({ secret, epoch: step * PERIOD_SECONDS });
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The time step a code belongs to, within ±1 step of `at`, or null when it matches none.
 * The caller rejects steps at or before the last one used, so a code cannot be replayed.
 */
export async function matchTotpStep(secret: string, code: string, at: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const now = totpStep(at);
  for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
    if (sameCode(await totpCodeForStep(secret, step), code)) return step;
  }
  return null;
}

export async function totpEnrolment(secret: string, username: string) {
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  return { secret, otpauthUrl, qrDataUrl };
}
