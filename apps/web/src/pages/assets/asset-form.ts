/** Splits a textarea into list items: one per line (commas and semicolons also separate), blanks dropped. */
export function linesToList(text: string | undefined | null): string[] {
  if (!text) return [];
  return text
    .split(/[\n,;，；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function listToLines(list: readonly string[] | null | undefined): string {
  return (list ?? []).join('\n');
}

export interface AssetFormValues {
  name: string;
  kind: 'website' | 'system' | 'cii';
  unitId: number;
  domains?: string;
  urls?: string;
  ips?: string;
  mlpsLevel?: number | null;
  isCii: boolean;
  contactName?: string;
  contactPhone?: string;
  tags?: string[];
  notes?: string;
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** The API body for the asset form. A CII-kind asset is always flagged CII (the server insists too). */
export function assetBody(v: AssetFormValues) {
  return {
    name: v.name.trim(),
    kind: v.kind,
    unitId: v.unitId,
    domains: linesToList(v.domains),
    urls: linesToList(v.urls),
    ips: linesToList(v.ips),
    mlpsLevel: v.mlpsLevel ?? null,
    isCii: v.kind === 'cii' ? true : v.isCii,
    contactName: orNull(v.contactName),
    contactPhone: orNull(v.contactPhone),
    tags: (v.tags ?? []).map((t) => t.trim()).filter(Boolean),
    notes: orNull(v.notes),
  };
}
