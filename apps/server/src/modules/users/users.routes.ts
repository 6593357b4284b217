import type { Static } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { presentUser } from './users.presenter.ts';
import {
  InitialPassword,
  User,
  UserCreateBody,
  UserCreated,
  UserListQuery,
  UserUpdateBody,
} from './users.schemas.ts';
import type { UsersService } from './users.service.ts';

const read = { access: { kind: 'user', scope: 'users:read' } } as const;
const write = { access: { kind: 'user', scope: 'users:write' } } as const;
const tags = ['users'];

function values(body: Static<typeof UserUpdateBody> | Static<typeof UserCreateBody>) {
  return {
    displayName: body.displayName.trim(),
    role: body.role,
    regionId: body.regionId,
    unitId: body.unitId ?? null,
    email: body.email || null,
    phone: body.phone || null,
  };
}

export async function usersRoutes(app: App, users: UsersService): Promise<void> {
  app.get(
    '/api/v1/users',
    {
      config: read,
      schema: {
        tags,
        summary: 'Users visible to the caller',
        querystring: UserListQuery,
        response: { 200: Paged(User) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const { items, total } = await users.list(actor, { ...req.query, limit: p.limit, offset: p.offset });
      return { items: items.map((u) => presentUser(actor, u)), total, page: p.page, pageSize: p.pageSize };
    },
  );

  app.get(
    '/api/v1/users/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: User } } },
    async (req) => presentUser(actorOf(req), await users.get(actorOf(req), req.params.id)),
  );

  app.post(
    '/api/v1/users',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a user; a one-time password is generated when none is given',
        body: UserCreateBody,
        response: { 201: UserCreated },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { user, initialPassword } = await users.create(actor, {
        ...values(req.body),
        username: req.body.username,
        password: req.body.password ?? null,
      });
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ user: presentUser(actor, user), ...(initialPassword ? { initialPassword } : {}) });
    },
  );

  app.put(
    '/api/v1/users/:id',
    { config: write, schema: { tags, params: IdParams, body: UserUpdateBody, response: { 200: User } } },
    async (req) => {
      const actor = actorOf(req);
      return presentUser(
        actor,
        await users.update(actor, req.params.id, { ...values(req.body), disabled: req.body.disabled }),
      );
    },
  );

  app.post(
    '/api/v1/users/:id/unlock',
    {
      config: write,
      schema: { tags, summary: 'Unlock after failed sign-ins', params: IdParams, response: { 200: User } },
    },
    async (req) => presentUser(actorOf(req), await users.unlock(actorOf(req), req.params.id)),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set a new one-time password',
        params: IdParams,
        response: { 200: InitialPassword },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { initialPassword: await users.resetPassword(actorOf(req), req.params.id) };
    },
  );

  app.post(
    '/api/v1/users/:id/reset-totp',
    {
      config: write,
      schema: { tags, summary: 'Remove the second factor', params: IdParams, response: { 200: User } },
    },
    async (req) => presentUser(actorOf(req), await users.resetTotp(actorOf(req), req.params.id)),
  );
}
