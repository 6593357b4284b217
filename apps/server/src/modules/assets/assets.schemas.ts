import { ASSET_KINDS } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { ASSET_LIMITS } from './asset-values.ts';

const StringList = (maxLength: number, maxItems: number, description: string) =>
  Type.Array(Type.String({ maxLength }), { maxItems, description });

export const Asset = Type.Object(
  {
    id: Type.Integer(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    regionId: Type.Integer(),
    regionName: Type.String(),
    kind: StringEnum(ASSET_KINDS),
    name: Type.String(),
    domains: Type.Array(Type.String()),
    urls: Type.Array(Type.String()),
    ips: Type.Array(Type.String()),
    mlpsLevel: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    isCii: Type.Boolean(),
    contactName: Nullable(Type.String()),
    contactPhone: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    notes: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'Asset' },
);

export const AssetInput = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1, description: 'Owner unit (责任单位); must be in your jurisdiction.' }),
    kind: StringEnum(ASSET_KINDS),
    name: Type.String({ minLength: 1, maxLength: ASSET_LIMITS.name }),
    domains: Type.Optional(
      StringList(253, ASSET_LIMITS.listItems, 'Hostnames; internationalised names (e.g. 政府.cn) allowed.'),
    ),
    urls: Type.Optional(StringList(ASSET_LIMITS.url, ASSET_LIMITS.listItems, 'Absolute http(s) URLs.')),
    ips: Type.Optional(StringList(64, ASSET_LIMITS.listItems, 'IPv4/IPv6 addresses or CIDR ranges.')),
    mlpsLevel: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, maximum: 5, description: '等保 level 1-5' })),
    ),
    isCii: Type.Optional(
      Type.Boolean({ description: 'CII flag; defaults to true for kind "cii", which must not be false.' }),
    ),
    contactName: Type.Optional(Nullable(Type.String({ maxLength: ASSET_LIMITS.contactName }))),
    contactPhone: Type.Optional(Nullable(Type.String({ maxLength: ASSET_LIMITS.contactPhone }))),
    tags: Type.Optional(StringList(ASSET_LIMITS.tag, ASSET_LIMITS.tags, 'Free tags.')),
    notes: Type.Optional(Nullable(Type.String({ maxLength: ASSET_LIMITS.notes }))),
  },
  { additionalProperties: false },
);

export const ASSET_SORTS = ['name', 'unit', 'kind', 'mlpsLevel', 'updatedAt'] as const;

const filters = {
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Contained in the name, a domain, URL, IP or tag.' }),
  ),
  kind: Type.Optional(StringEnum(ASSET_KINDS)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1, description: 'Units in this region or below it.' })),
  isCii: Type.Optional(Type.Boolean()),
  mlpsLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  tag: Type.Optional(Type.String({ maxLength: ASSET_LIMITS.tag, description: 'Has exactly this tag.' })),
  sort: Type.Optional(StringEnum(ASSET_SORTS, { default: 'name' })),
  order: PageQuery.order,
};

export const AssetListQuery = Type.Object({ ...PageQuery, ...filters });
export const AssetExportQuery = Type.Object(filters);

export const AssetStats = Type.Object({
  total: Type.Integer(),
  byKind: Type.Object({ website: Type.Integer(), system: Type.Integer(), cii: Type.Integer() }),
  cii: Type.Integer({ description: 'Assets flagged CII' }),
  byMlps: Type.Object({
    '1': Type.Integer(),
    '2': Type.Integer(),
    '3': Type.Integer(),
    '4': Type.Integer(),
    '5': Type.Integer(),
    none: Type.Integer(),
  }),
  byRegion: Type.Array(
    Type.Object({ regionId: Type.Integer(), regionName: Type.String(), count: Type.Integer() }),
    {
      description:
        'Counts rolled up to the regions directly below the caller’s jurisdiction root; assets of units ' +
        'registered at the root itself count under the root.',
    },
  ),
});

export const ImportQuery = Type.Object({
  mode: Type.Optional(
    StringEnum(['create', 'upsert'] as const, {
      default: 'create',
      description:
        '"create" (default): a row whose unit already has an asset of the same name is an error ' +
        '("already exists"). "upsert": such a row updates that asset on confirm.',
    }),
  ),
});

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'Spreadsheet row number; the header is row 1.' }),
  field: Type.String(),
  message: Type.String(),
});

export const ImportPreview = Type.Object(
  {
    previewId: Type.String(),
    fileName: Type.String(),
    totalRows: Type.Integer(),
    validRows: Type.Integer(),
    errors: Type.Array(ImportRowError),
    expiresAt: Type.String(),
  },
  { $id: 'AssetImportPreview' },
);

export const PreviewParams = Type.Object({
  previewId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
});
