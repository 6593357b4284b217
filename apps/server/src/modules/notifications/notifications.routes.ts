import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { presentChannel, presentDelivery, presentInbox } from './notifications.presenter.ts';
import {
  Channel,
  ChannelCreate,
  ChannelTestBody,
  ChannelTestResult,
  ChannelUpdate,
  Count,
  Delivery,
  InboxMessage,
  InboxQuery,
  PrefList,
} from './notifications.schemas.ts';
import type { NotificationsService } from './notifications.service.ts';

const read = { access: { kind: 'user', scope: 'notices:read' } } as const;
const write = { access: { kind: 'user', scope: 'notices:write' } } as const;
const tags = ['notifications'];

export async function notificationsRoutes(app: App, service: NotificationsService): Promise<void> {
  app.get(
    '/api/v1/inbox',
    {
      config: read,
      schema: {
        tags,
        summary: 'The caller’s own messages',
        querystring: InboxQuery,
        response: { 200: Paged(InboxMessage) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await service.listInbox(actorOf(req), {
        unread: req.query.unread,
        limit: p.limit,
        offset: p.offset,
      });
      return { items: items.map(presentInbox), total, page: p.page, pageSize: p.pageSize };
    },
  );
  app.get(
    '/api/v1/inbox/unread-count',
    { config: read, schema: { tags, response: { 200: Count } } },
    async (req) => ({ count: await service.unreadCount(actorOf(req)) }),
  );
  app.post(
    '/api/v1/inbox/read-all',
    { config: write, schema: { tags, response: { 200: Count } } },
    async (req) => ({ count: await service.readAll(actorOf(req)) }),
  );
  app.post(
    '/api/v1/inbox/:id/read',
    { config: write, schema: { tags, params: IdParams, response: { 200: InboxMessage } } },
    async (req) => presentInbox(await service.markRead(actorOf(req), req.params.id)),
  );

  app.get(
    '/api/v1/notices/:id/deliveries',
    {
      config: read,
      schema: {
        tags,
        summary: 'Delivery log of a notice’s notifications (office roles)',
        params: IdParams,
        response: { 200: Type.Array(Delivery) },
      },
    },
    async (req) => (await service.listDeliveries(actorOf(req), req.params.id)).map(presentDelivery),
  );

  app.get(
    '/api/v1/notification-channels',
    { config: read, schema: { tags, response: { 200: Type.Array(Channel) } } },
    async (req) => {
      const actor = actorOf(req);
      return (await service.listChannels(actor)).map((c) => presentChannel(actor, c));
    },
  );
  app.get(
    '/api/v1/notification-channels/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Channel } } },
    async (req) => presentChannel(actorOf(req), await service.getChannel(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/notification-channels',
    { config: write, schema: { tags, body: ChannelCreate, response: { 201: Channel } } },
    async (req, reply) => {
      const channel = await service.createChannel(actorOf(req), req.body);
      return reply.status(201).send(presentChannel(actorOf(req), channel));
    },
  );
  app.put(
    '/api/v1/notification-channels/:id',
    { config: write, schema: { tags, params: IdParams, body: ChannelUpdate, response: { 200: Channel } } },
    async (req) =>
      presentChannel(actorOf(req), await service.updateChannel(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/notification-channels/:id',
    { config: write, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await service.deleteChannel(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/notification-channels/:id/test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send a test message through the channel now',
        params: IdParams,
        body: Type.Optional(ChannelTestBody),
        response: { 200: ChannelTestResult },
      },
    },
    async (req) => service.testChannel(actorOf(req), req.params.id, req.body ?? {}),
  );

  app.get(
    '/api/v1/me/notification-prefs',
    { config: read, schema: { tags, response: { 200: PrefList } } },
    async (req) => service.getPrefs(actorOf(req)),
  );
  app.put(
    '/api/v1/me/notification-prefs',
    { config: write, schema: { tags, body: PrefList, response: { 200: PrefList } } },
    async (req) => service.putPrefs(actorOf(req), req.body),
  );
}
