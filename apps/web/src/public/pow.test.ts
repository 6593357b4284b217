import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, sha256Words, solve } from './sha256.ts';

const hex = (words: Uint32Array) => [...words].map((w) => w.toString(16).padStart(8, '0')).join('');

describe('proof-of-work SHA-256', () => {
  it('matches the platform digest for short and multi-block inputs', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), `${'q'.repeat(119)}.1a`]) {
      expect(hex(sha256Words(text))).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('finds a nonce the server accepts (the same leading-zero rule)', () => {
    const challenge = '1799999999.12.abc.def.sig';
    const nonce = solve(challenge, 12);
    const digest = createHash('sha256')
      .update(challenge + nonce)
      .digest();
    let bits = 0;
    for (const byte of digest) {
      if (byte === 0) bits += 8;
      else {
        bits += Math.clz32(byte) - 24;
        break;
      }
    }
    expect(bits).toBeGreaterThanOrEqual(12);
    expect(leadingZeroBits(sha256Words(challenge + nonce))).toBe(bits);
  });
});
