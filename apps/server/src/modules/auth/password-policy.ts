import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Locale } from '@shouwang/common';
import { AppError } from '../../platform/http/app-error.ts';
import { passwordRuleMessages } from './password-rules.i18n.ts';

export type PasswordRule = 'min_length' | 'char_classes' | 'contains_username';

export interface PasswordPolicy {
  minLength: number;
}

export interface PasswordProblem {
  rule: PasswordRule;
  params: Record<string, number | string>;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Every rule the password breaks (empty when it passes). Pure; the caller words it in its language. */
export function checkPasswordPolicy(
  password: string,
  username: string,
  policy: PasswordPolicy,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) {
    problems.push({ rule: 'min_length', params: { min: policy.minLength } });
  }
  if (CLASSES.filter((c) => c.test(password)).length < 3) {
    problems.push({ rule: 'char_classes', params: {} });
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ rule: 'contains_username', params: {} });
  }
  return problems;
}

export function describePasswordProblem(locale: Locale, problem: PasswordProblem): string {
  return passwordRuleMessages[locale][problem.rule].replace(/\{(\w+)\}/g, (_, k: string) =>
    String(problem.params[k] ?? ''),
  );
}

/** Throws password_too_weak naming the first broken rule in the caller's language; details list them all. */
export function assertPasswordPolicy(
  password: string,
  username: string,
  policy: PasswordPolicy,
  locale: Locale,
  field = 'password',
): void {
  const problems = checkPasswordPolicy(password, username, policy);
  const first = problems[0];
  if (!first) return;
  throw new AppError(
    'password_too_weak',
    { rule: describePasswordProblem(locale, first) },
    problems.map((p) => ({ field, rule: p.rule, message: describePasswordProblem(locale, p) })),
  );
}

// No look-alike characters (0/O, 1/l/I) so a one-time password can be read out over the phone.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.@#%+=';

function pick(alphabet: string): string {
  return alphabet.charAt(randomInt(alphabet.length));
}

/** A random one-time password that passes the policy: all four character classes, at least 16 characters. */
export function generatePassword(length = 16): string {
  const size = Math.max(length, 16);
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < size) chars.push(pick(all));
  // Fisher–Yates, so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

/** argon2id with the library's defaults (the algorithm @node-rs/argon2 uses unless told otherwise). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must not become a 500 on the login form.
    return false;
  }
}

// Verified against when the user does not exist, so unknown names take as long as wrong passwords.
let dummyHash: Promise<string> | null = null;
export async function verifyDummy(password: string): Promise<void> {
  dummyHash ??= hash('not-a-real-password-for-timing-only');
  await verifyPassword(await dummyHash, password);
}
