/**
 * A JSON text column holding a list of strings, as stored by both dialects; anything else (a damaged or
 * hand-edited value) reads as an empty list rather than failing the whole row.
 */
export function parseStringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
