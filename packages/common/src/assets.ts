export const ASSET_KINDS = ['website', 'system', 'cii'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const MLPS_LEVELS = [1, 2, 3, 4, 5] as const;
export const REGION_LEVELS = ['city', 'county', 'town'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const UNIT_KINDS = [
  'government',
  'township',
  'school',
  'hospital',
  'enterprise',
  'cii_operator',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
