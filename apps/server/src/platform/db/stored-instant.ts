/**
 * Timestamps are stored as ISO 8601 UTC with milliseconds (`2026-11-21T08:00:00.000Z`) and compared as text, which
 * orders them correctly only when both sides have that exact form: `…T08:00:00Z` sorts after `…T08:00:00.000Z`,
 * and `…T16:00:00+08:00` is compared character by character. Bounds that come from outside pass through here first.
 */
export function storedInstant(iso: string): string;
export function storedInstant(iso: string | undefined): string | undefined;
export function storedInstant(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  // The request schemas validate the format; an unparseable value is left for them to have refused.
  return Number.isNaN(t) ? iso : new Date(t).toISOString();
}
