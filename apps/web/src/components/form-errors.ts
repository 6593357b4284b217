import type { ApiErrorDetail } from '../api/errors.ts';

export interface FieldErrors {
  /**
   * Messages per form field, for `form.setFields`: a top-level field by its name, a nested one by its
   * path (`['handleDeadlines', 'help']`).
   */
  fields: { name: string | string[]; errors: string[] }[];
  /** Messages that belong to no field the form shows; display them together. */
  other: string[];
}

/**
 * Sorts server validation details onto the form's fields, given as dotted paths (`name`,
 * `handleDeadlines.help`). A detail goes to the longest field path that is its field or a parent of it, so
 * `domains.2` belongs to the `domains` field; `rename` maps a server field to the form field that shows it
 * under another name (`uploads.maxFileBytes` edited as `uploads.maxFileMb`). A detail for a field the form
 * does not have goes to `other` with its field name.
 */
export function fieldErrorsFor(
  details: readonly ApiErrorDetail[],
  formFields: readonly string[],
  rename: Readonly<Record<string, string>> = {},
): FieldErrors {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const detail of details) {
    const path = detail.field ? (rename[detail.field] ?? detail.field) : undefined;
    const owner = path ? owningField(path, formFields) : undefined;
    if (owner) {
      const list = byField.get(owner) ?? [];
      list.push(detail.message);
      byField.set(owner, list);
    } else {
      other.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
    }
  }
  return {
    fields: [...byField].map(([key, errors]) => {
      const parts = key.split('.');
      return { name: parts.length === 1 ? key : parts, errors };
    }),
    other,
  };
}

/** The longest of the form's field paths that is `path` itself or one of its parents. */
function owningField(path: string, formFields: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of formFields) {
    if ((path === f || path.startsWith(`${f}.`)) && (!best || f.length > best.length)) best = f;
  }
  return best;
}
