import type { Kysely, Transaction } from 'kysely';
import type { ApiTokenRow, Database, UserRow } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface TokenWithOwner {
  token: ApiTokenRow;
  ownerUsername: string;
  ownerRole: string;
  ownerRegionPath: string;
}

function tokenSelect(db: Q) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users as o', 'o.id', 'api_tokens.user_id')
    .innerJoin('regions as r', 'r.id', 'o.region_id')
    .selectAll('api_tokens')
    .select(['o.username as ownerUsername', 'o.role as ownerRole', 'r.path as ownerRegionPath']);
}

function split(row: ApiTokenRow & { ownerUsername: string; ownerRole: string; ownerRegionPath: string }) {
  const { ownerUsername, ownerRole, ownerRegionPath, ...token } = row;
  return { token, ownerUsername, ownerRole, ownerRegionPath };
}

export const tokensRepository = {
  async insert(
    db: Q,
    values: {
      userId: number;
      name: string;
      tokenHash: string;
      prefix: string;
      scopes: string[];
      expiresAt: string;
      at: string;
    },
  ): Promise<ApiTokenRow> {
    const row = await db
      .insertInto('api_tokens')
      .values({
        user_id: values.userId,
        name: values.name,
        token_hash: values.tokenHash,
        prefix: values.prefix,
        scopes: JSON.stringify(values.scopes),
        expires_at: values.expiresAt,
        last_used_at: null,
        last_used_ip: null,
        revoked_at: null,
        created_at: values.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return db.selectFrom('api_tokens').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  },

  async find(db: Q, id: number): Promise<TokenWithOwner | undefined> {
    const row = await tokenSelect(db).where('api_tokens.id', '=', id).executeTakeFirst();
    return row ? split(row) : undefined;
  },

  /** The caller's own tokens, or (all) every token whose owner lies in the caller's region subtree. */
  async list(db: Q, actor: Actor, all: boolean): Promise<TokenWithOwner[]> {
    let q = tokenSelect(db);
    q = all
      ? q.where('r.path', 'like', `${actor.regionPath}%`)
      : q.where('api_tokens.user_id', '=', actor.userId);
    const rows = await q.orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id', 'desc').execute();
    return rows.map(split);
  },

  async findByHashWithUser(
    db: Q,
    tokenHash: string,
  ): Promise<{ token: ApiTokenRow; user: UserRow; regionPath: string } | undefined> {
    const token = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return undefined;
    const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
    if (!user) return undefined;
    const region = await db
      .selectFrom('regions')
      .select('path')
      .where('id', '=', user.region_id)
      .executeTakeFirst();
    return { token, user, regionPath: region?.path ?? '/none/' };
  },

  async revoke(db: Q, id: number, at: string): Promise<boolean> {
    const r = await db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async touch(db: Q, id: number, at: string, ip: string | null): Promise<void> {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: at, last_used_ip: ip })
      .where('id', '=', id)
      .execute();
  },
};
