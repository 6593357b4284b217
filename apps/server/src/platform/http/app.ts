import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LOCALES, type Locale, pickLocale } from '@shouwang/common';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';
import type { Actor, RouteAccess } from './actor.ts';
import { AppError } from './app-error.ts';
import { registerErrorHandler } from './error-handler.ts';
import { logRequest } from './log-redaction.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    /** Set when a password was accepted but the second factor is pending. */
    pendingUserId: number | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every /api/v1 route with its access rule, in registration order (read by the authorization matrix test). */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface AuthResult {
  actor: Actor | null;
  pendingUserId: number | null;
}

/** Resolves who is calling from a session cookie or an API token; supplied by the auth module. */
export interface Authenticator {
  authenticate(request: FastifyRequest, locale: Locale): Promise<AuthResult>;
}

export interface BuildAppOptions {
  config: Config;
  authenticator: Authenticator;
  registerRoutes: (app: App) => Promise<void>;
  logger?: boolean | object;
}

export const SESSION_COOKIE = 'sw_session';
export const LOCALE_COOKIE = 'sw_locale';

function requestLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const explicit = (typeof query?.lang === 'string' && query.lang) || request.cookies?.[LOCALE_COOKIE];
  if (explicit && (LOCALES as readonly string[]).includes(explicit)) return explicit as Locale;
  return pickLocale(request.headers['accept-language']);
}

/** Builds the Fastify app: plugins, OpenAPI, authentication hook, error handler, web assets. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, serializers: { req: logRequest } },
    genReqId: () => randomUUID(),
    // X-Forwarded-For only from the configured proxies: otherwise any client could claim any address
    // and walk around the per-client limits of the public page.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('actor', null);
  app.decorateRequest('pendingUserId', null);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shouwang API',
        version: '1',
        description:
          'Shouwang (守望) REST API. Authenticate with a session cookie (web app) or `Authorization: Bearer <API token>`. ' +
          'Errors are `{ error: { code, message, details }, requestId }`, with messages in the Accept-Language.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (sw_...)' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerErrorHandler(app, config.uploadMaxBytes);

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    // Refuse to start rather than serve a route nobody decided the access rule for.
    if (!access) throw new Error(`Route ${route.url} declares no config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    request.locale = requestLocale(request);
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  // onRequest, before the body is parsed or validated: an anonymous or out-of-scope caller learns nothing
  // from validation errors and costs us no upload parsing.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!request.url.startsWith('/api/v1/')) return;
    if (!access || access.kind === 'public') return;
    const result = await options.authenticator.authenticate(request, request.locale);
    request.actor = result.actor;
    request.pendingUserId = result.pendingUserId;
    if (access.kind === 'pending') {
      if (!result.actor && !result.pendingUserId) throw new AppError('unauthenticated');
      return;
    }
    if (!result.actor) {
      throw new AppError(result.pendingUserId ? 'totp_required' : 'unauthenticated');
    }
    if (result.actor.scopes) {
      if (!access.scope || !result.actor.scopes.includes(access.scope)) throw new AppError('token_scope');
    }
    if (result.actor.locale && !request.cookies?.[LOCALE_COOKIE] && !request.headers['accept-language']) {
      request.locale = result.actor.locale;
    }
  });

  await options.registerRoutes(app);

  if (existsSync(config.webDistDir)) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, maxAge: '1h' });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || request.method !== 'GET') {
        throw AppError.notFound();
      }
      // The web app routes on the client; every other GET gets its shell.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler(() => {
      throw AppError.notFound();
    });
  }
  return app;
}

/** The authenticated actor of a request on a 'user' route; the preHandler has already refused anonymous calls. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
