import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas.ts';

/**
 * Request and response shapes of the report categories. Bounds here are loose on purpose: the service
 * trims and checks the code and names, and names each bad field in the caller's language.
 */
export const CategoryParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });

export const CategoryBody = Type.Object(
  {
    /** 2–64 lower-case letters, digits or underscores; not a shipped category's code. */
    code: Type.String({ maxLength: 100 }),
    nameZh: Type.String({ maxLength: 400 }),
    nameEn: Type.String({ maxLength: 400 }),
  },
  { additionalProperties: false },
);

export const CategoryChangeBody = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ maxLength: 400 })),
    nameEn: Type.Optional(Type.String({ maxLength: 400 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const B = Type.Boolean();
export const Category = Type.Object(
  {
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    /** The name in the caller's language. */
    name: Type.String(),
    /** Shipped with the platform: read-only. */
    shipped: B,
    /** Offered on the public form; a deactivated one stays on its cases and in the staff filters. */
    active: B,
    /** A case or a routing rule names it (always true for the shipped ones): it cannot be deleted. */
    inUse: B,
    createdAt: Nullable(Type.String()),
    abilities: Type.Object({ update: B, delete: B }),
  },
  { $id: 'IntakeCategory' },
);

export const CategoryList = Type.Object({
  items: Type.Array(Category),
  abilities: Type.Object({ create: B }),
});
