import type { FormInstance } from 'antd';
import { ApiError } from '../../api/errors.ts';
import { formNameOf } from './settings-logic.ts';

/**
 * Puts a refused save's field messages (already in the user's language) under the nested fields they
 * name — `handleDeadlines.help`, `uploads.maxTotalBytes` — which the shared handler cannot place, since
 * it knows only top-level names. Returns false when nothing could be placed, for the caller's fallback.
 */
export function placeFieldErrors(
  err: unknown,
  form: FormInstance,
  known: readonly string[],
  rename: Readonly<Record<string, string>> = {},
): boolean {
  if (!(err instanceof ApiError) || err.details.length === 0) return false;
  const placed = new Map<string, { name: string[]; errors: string[] }>();
  for (const detail of err.details) {
    const name = formNameOf(detail.field, known, rename);
    if (!name) return false;
    const key = name.join('.');
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    placed.set(key, entry);
  }
  form.setFields([...placed.values()]);
  return true;
}
