import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read over the phone or copied by hand survives. */
export const QUERY_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const QUERY_CODE_LENGTH = 12;

/** A random query code: 25^12 ≈ 6e16 codes (55 bits), from the CSPRNG. */
export function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++)
    code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}

/** Canonical form of what a citizen typed: upper case, separators and spaces dropped. */
export function canonicalQueryCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== QUERY_CODE_LENGTH) return null;
  for (const c of code) if (!QUERY_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** Codes are stored hashed: the database alone does not let anyone read a citizen's case. */
export function queryCodeHash(code: string): string {
  return createHash('sha256').update(`intake-query-code:${code}`).digest('hex');
}

export function newPin(): string {
  return String(randomInt(10_000)).padStart(4, '0');
}

/** Constant-time comparison of the four digits (both sides hashed so lengths always match). */
export function digitsMatch(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** "张三丰" → "张**", "138****5678". */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  if (phone.length < 8) return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
