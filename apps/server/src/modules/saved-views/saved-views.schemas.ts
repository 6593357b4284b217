import { Type } from 'typebox';

/**
 * A view's query: the list page's filter and sort values, by name. Free-form (Unknown, so nothing is
 * coerced); the service bounds its size.
 */
export const ViewQuery = Type.Record(Type.String({ maxLength: 50 }), Type.Unknown(), { maxProperties: 40 });

export const SavedView = Type.Object(
  {
    id: Type.Integer(),
    page: Type.String(),
    name: Type.String(),
    query: ViewQuery,
    createdAt: Type.String(),
  },
  { $id: 'SavedView' },
);

export const SavedViewCreate = Type.Object(
  {
    page: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_.-]*$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    query: ViewQuery,
  },
  { additionalProperties: false },
);

export const SavedViewListQuery = Type.Object({
  page: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
