import type { ApiErrorDetail } from '../api/errors.ts';

export interface FieldErrors {
  /** Messages per form field, for `form.setFields`. */
  fields: { name: string; errors: string[] }[];
  /** Messages that belong to no field the form shows; display them together. */
  other: string[];
}

/**
 * Sorts server validation details onto the form's fields. A detail for `domains.2` belongs to the
 * `domains` field; a detail for a field the form does not have goes to `other` with its field name.
 */
export function fieldErrorsFor(
  details: readonly ApiErrorDetail[],
  formFields: readonly string[],
): FieldErrors {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const detail of details) {
    const top = detail.field?.split('.')[0];
    if (top && formFields.includes(top)) {
      const list = byField.get(top) ?? [];
      list.push(detail.message);
      byField.set(top, list);
    } else {
      other.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
    }
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
