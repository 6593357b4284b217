export interface DiffRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as one readable line: strings as they are, everything else as JSON, absent as ''. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The field-by-field comparison of an audit entry's before and after snapshots. Fields come in the order
 * they first appear (after's order wins for new fields); changed fields are flagged. A snapshot that is not
 * an object (e.g. a bare value) is shown as a single row named "value".
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before == null && after == null) return [];
    const b = showValue(before);
    const a = showValue(after);
    return [{ field: 'value', before: b, after: a, changed: b !== a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => {
    const bv = showValue(b[field]);
    const av = showValue(a[field]);
    return { field, before: bv, after: av, changed: bv !== av };
  });
}
