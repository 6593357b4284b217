import { generate } from 'otplib';

const PERIOD_SECONDS = 30;

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at a time; spaces in the secret are ignored. */
export function totpCode(secret: string, atMs: number = Date.now()): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, '').toUpperCase(), epoch: Math.floor(atMs / 1000) });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An authenticator app for one secret. The server refuses a code whose time step was already used
 * (replay protection), so each call waits, when needed, for a step this device has not used yet, and
 * never hands out a code in the last two seconds of its step.
 */
export class TotpDevice {
  readonly secret: string;
  private lastStep = -1;

  constructor(secret: string) {
    this.secret = secret;
  }

  async nextCode(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const step = Math.floor(now / 1000 / PERIOD_SECONDS);
      const msLeftInStep = (step + 1) * PERIOD_SECONDS * 1000 - now;
      if (step > this.lastStep && msLeftInStep > 2_000) {
        this.lastStep = step;
        return totpCode(this.secret, now);
      }
      await sleep(msLeftInStep + 50);
    }
  }
}
