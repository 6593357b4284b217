export type Params = Record<string, string | number>;

/** Fills {placeholders} in a message; an unknown placeholder is left visible so it is noticed. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** The {placeholder} names a message uses, sorted; the catalog test compares them across languages. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
