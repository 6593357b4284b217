/**
 * A positive number (or zero, with `allowZero`) from the environment, or `fallback` when unset. Anything else stops
 * the benchmark with the variable's name, instead of running with NaN (a NaN rate sends nothing and reports
 * nonsense).
 */
export function numberFromEnv(name: string, fallback: number, options: { allowZero?: boolean } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !options.allowZero))
    throw new Error(
      `${name} must be a ${options.allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`,
    );
  return value;
}
