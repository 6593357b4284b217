import type { paths } from './schema.d.ts';

// Resource types are read off the generated path types, so they follow the server's route schemas.
type Method = 'get' | 'post' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Success<R> = R extends { 200: infer X } ? X : R extends { 201: infer X } ? X : never;
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body a route answers with on success. */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends {
    responses: infer R;
  }
    ? Json<Success<R>>
    : never;

/** The JSON body a route accepts. */
export type RequestOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends {
    requestBody?: infer B;
  }
    ? Json<NonNullable<B>>
    : never;

/** The query parameters a route accepts. */
export type QueryOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends {
    parameters: { query?: infer Q };
  }
    ? NonNullable<Q>
    : never;

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

export type Me = ResponseOf<'/api/v1/auth/me', 'get'>;
export type Region = ResponseOf<'/api/v1/regions/{id}', 'get'>;
export type Unit = ResponseOf<'/api/v1/units/{id}', 'get'>;
export type UnitInput = RequestOf<'/api/v1/units', 'post'>;
export type UnitQuery = QueryOf<'/api/v1/units', 'get'>;
export type User = ItemOf<ResponseOf<'/api/v1/users', 'get'>>;
export type UserQuery = QueryOf<'/api/v1/users', 'get'>;
export type Asset = ItemOf<ResponseOf<'/api/v1/assets', 'get'>>;
export type AssetQuery = QueryOf<'/api/v1/assets', 'get'>;
export type AssetInput = RequestOf<'/api/v1/assets', 'post'>;
export type AssetStats = ResponseOf<'/api/v1/assets/stats', 'get'>;
export type ImportPreview = ResponseOf<'/api/v1/assets/import', 'post'>;
export type ApiToken = ItemOf<ResponseOf<'/api/v1/tokens', 'get'>>;
export type ApiScope = RequestOf<'/api/v1/tokens', 'post'>['scopes'][number];
export type AuditEntry = ItemOf<ResponseOf<'/api/v1/audit', 'get'>>;
export type AuditQuery = QueryOf<'/api/v1/audit', 'get'>;
