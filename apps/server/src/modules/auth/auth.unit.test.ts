import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';
import { checkPasswordPolicy, describePasswordProblem, generatePassword } from './password-policy.ts';
import { matchTotpStep, totpCodeForStep, totpStep } from './totp.ts';

describe('password policy', () => {
  const policy = { minLength: 10 };
  it('needs the minimum length, three character classes and no user name', () => {
    expect(checkPasswordPolicy('Good-Pass-2026', 'wang', policy)).toEqual([]);
    expect(checkPasswordPolicy('Ab1-', 'wang', policy).map((p) => p.rule)).toEqual(['min_length']);
    expect(checkPasswordPolicy('alllowercase', 'wang', policy).map((p) => p.rule)).toEqual(['char_classes']);
    expect(checkPasswordPolicy('lower-and-symbols', 'wang', policy).map((p) => p.rule)).toEqual([
      'char_classes',
    ]);
    expect(checkPasswordPolicy('Lower-and-symbols', 'wang', policy)).toEqual([]);
    expect(checkPasswordPolicy('Hi-WANG-2026xx', 'wang', policy).map((p) => p.rule)).toEqual([
      'contains_username',
    ]);
  });
  it('counts characters, not UTF-16 units, and words rules per language', () => {
    expect(checkPasswordPolicy('😀😀😀😀😀Aa1-', 'x', { minLength: 10 }).map((p) => p.rule)).toEqual([
      'min_length',
    ]);
    const [problem] = checkPasswordPolicy('Ab1-', 'x', policy);
    if (!problem) throw new Error('expected a problem');
    expect(describePasswordProblem('en-US', problem)).toBe('at least 10 characters');
    expect(describePasswordProblem('zh-CN', problem)).toBe('长度至少 10 个字符');
  });
  it('generates passwords that pass the policy and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(checkPasswordPolicy(p, 'someone', { minLength: 16 })).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('TOTP steps', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const at = new Date('2026-11-21T08:00:10Z');
  it('accepts the current step and one either side, reporting which step matched', async () => {
    const now = totpStep(at);
    for (const offset of [-1, 0, 1]) {
      expect(await matchTotpStep(secret, await totpCodeForStep(secret, now + offset), at)).toBe(now + offset);
    }
    expect(await matchTotpStep(secret, await totpCodeForStep(secret, now + 2), at)).toBeNull();
    expect(await matchTotpStep(secret, await totpCodeForStep(secret, now - 2), at)).toBeNull();
    expect(await matchTotpStep(secret, 'abcdef', at)).toBeNull();
  });
  it('matches RFC 6238 for the SHA-1 test vector', async () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits), 287082 in 6.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await totpCodeForStep(rfcSecret, 1)).toBe('287082');
  });
});

describe('login throttle', () => {
  it('blocks a key after the limit until the window passes', () => {
    let t = 0;
    const throttle = createLoginThrottle({ limit: 3, windowMs: 60_000 }, () => new Date(t));
    for (let i = 0; i < 3; i++) {
      expect(throttle.check(['u'])).toMatchObject({ allowed: true });
      throttle.fail(['u']);
    }
    expect(throttle.check(['u'])).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(throttle.check(['other'])).toMatchObject({ allowed: true });
    t = 30_000;
    expect(throttle.check(['u'])).toEqual({ allowed: false, retryAfterSeconds: 30 });
    t = 60_001;
    expect(throttle.check(['u'])).toMatchObject({ allowed: true });
    throttle.fail(['u']);
    throttle.clear(['u']);
    expect(throttle.check(['u'])).toMatchObject({ allowed: true });
  });
});
