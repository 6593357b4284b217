import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { presentToken } from './tokens.presenter.ts';
import { ApiToken, TokenCreateBody, TokenCreated, TokenListQuery } from './tokens.schemas.ts';
import { type TokensService, tokenScopes } from './tokens.service.ts';

// Managing tokens needs a signed-in browser session: no scope, so a token can never mint or revoke tokens.
const sessionOnly = { access: { kind: 'user' } } as const;
const tags = ['tokens'];

export async function tokensRoutes(app: App, tokens: TokensService, now: () => Date): Promise<void> {
  app.get(
    '/api/v1/tokens',
    {
      config: sessionOnly,
      schema: {
        tags,
        summary: 'The caller’s API tokens; ?all=1 lets admins see tokens of users in their jurisdiction',
        querystring: TokenListQuery,
        response: { 200: Type.Object({ items: Type.Array(ApiToken) }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const all = req.query.all === '1' || req.query.all === 'true';
      const at = now();
      return { items: (await tokens.list(actor, all)).map((t) => presentToken(actor, t, at)) };
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      config: sessionOnly,
      schema: {
        tags,
        summary: 'Create an API token (shown once)',
        body: TokenCreateBody,
        response: { 201: TokenCreated },
      },
    },
    async (req, reply) => {
      const { row, secret } = await tokens.create(actorOf(req), req.body);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({
        id: row.id,
        name: row.name,
        scopes: tokenScopes(row),
        prefix: row.prefix,
        expiresAt: row.expires_at,
        token: secret,
      });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { config: sessionOnly, schema: { tags, summary: 'Revoke an API token', params: IdParams } },
    async (req, reply) => {
      await tokens.revoke(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
