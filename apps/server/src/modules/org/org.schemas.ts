import { REGION_LEVELS, UNIT_KINDS } from '@shouwang/common';
import { Type } from 'typebox';
import { Abilities, Nullable, PageQuery, StringEnum } from '../../platform/http/schemas.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const OptionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

export const Region = Type.Object(
  {
    id: Type.Integer(),
    parentId: Nullable(Type.Integer()),
    name: Type.String(),
    code: Nullable(Type.String()),
    level: StringEnum(REGION_LEVELS),
    path: Type.String(),
    abilities: Abilities,
  },
  { $id: 'Region' },
);

export const RegionCreate = Type.Object(
  { parentId: Type.Integer({ minimum: 1 }), name: Text(200), code: OptionalText(32) },
  { additionalProperties: false },
);
export const RegionUpdate = Type.Object(
  { name: Text(200), code: OptionalText(32) },
  { additionalProperties: false },
);

export const Unit = Type.Object(
  {
    id: Type.Integer(),
    regionId: Type.Integer(),
    regionName: Type.String(),
    name: Type.String(),
    creditCode: Nullable(Type.String()),
    kind: Type.String(),
    contactName: Nullable(Type.String()),
    contactPhone: Nullable(Type.String()),
    contactEmail: Nullable(Type.String()),
    leaderName: Nullable(Type.String()),
    isCii: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: Abilities,
  },
  { $id: 'Unit' },
);

export const UnitInput = Type.Object(
  {
    regionId: Type.Integer({ minimum: 1 }),
    name: Text(200),
    // 统一社会信用代码: 18 characters of digits and upper-case letters (checked fully in a later step).
    creditCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }))),
    kind: StringEnum(UNIT_KINDS),
    contactName: OptionalText(100),
    contactPhone: OptionalText(40),
    contactEmail: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    leaderName: OptionalText(100),
    isCii: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UnitListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  kind: Type.Optional(Type.String({ maxLength: 32 })),
  isCii: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('region'), Type.Literal('createdAt')])),
});
