import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';
import { type App, actorOf, SESSION_COOKIE } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { presentMe } from './auth.presenter.ts';
import {
  LocaleBody,
  LoginBody,
  LoginResult,
  Me,
  PasswordChangeBody,
  TotpCodeBody,
  TotpEnrolment,
} from './auth.schemas.ts';
import type { AuthService, RequestMeta } from './auth.service.ts';

const tags = ['auth'];
const publicAccess = { access: { kind: 'public' } } as const;
const pending = { access: { kind: 'pending' } } as const;
// Session only: no scope, so API tokens cannot call these.
const signedIn = { access: { kind: 'user' } } as const;

function metaOf(req: FastifyRequest): RequestMeta {
  return {
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? null,
    requestId: req.id,
    locale: req.locale,
  };
}

/** A throttled answer carries Retry-After, in seconds, as well as the JSON error. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const details = err instanceof AppError && err.code === 'too_many_attempts' ? err.details : undefined;
    if (details && !Array.isArray(details) && typeof details.retryAfterSeconds === 'number') {
      reply.header('retry-after', String(Math.max(1, details.retryAfterSeconds)));
    }
    throw err;
  }
}

export async function authRoutes(app: App, auth: AuthService, config: Config): Promise<void> {
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
    });

  app.post(
    '/api/v1/auth/login',
    {
      config: publicAccess,
      schema: { tags, summary: 'Sign in with a password', body: LoginBody, response: { 200: LoginResult } },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const { token, next } = await auth.login(metaOf(req), req.body);
        setSession(reply, token);
        return { next };
      }),
  );

  app.get(
    '/api/v1/auth/totp/enrolment',
    {
      config: pending,
      schema: { tags, summary: 'Start enrolling an authenticator app', response: { 200: TotpEnrolment } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return auth.startEnrolment(metaOf(req), req.cookies[SESSION_COOKIE]);
    },
  );

  app.post(
    '/api/v1/auth/totp/enrolment',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Confirm enrolment with a first code',
        body: TotpCodeBody,
        response: { 200: LoginResult },
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const result = await auth.completeEnrolment(metaOf(req), req.cookies[SESSION_COOKIE], req.body.code);
        if (result.token) setSession(reply, result.token);
        return { next: result.next };
      }),
  );

  app.post(
    '/api/v1/auth/totp',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Second factor: authenticator code',
        body: TotpCodeBody,
        response: { 200: LoginResult },
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const result = await auth.verifyTotp(metaOf(req), req.cookies[SESSION_COOKIE], req.body.code);
        setSession(reply, result.token);
        return { next: result.next };
      }),
  );

  app.post(
    '/api/v1/auth/logout',
    { config: publicAccess, schema: { tags, summary: 'Sign out' } },
    async (req, reply) => {
      await auth.logout(metaOf(req), req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: signedIn, schema: { tags, summary: 'The signed-in user', response: { 200: Me } } },
    async (req) => presentMe(await auth.me(actorOf(req))),
  );

  app.put(
    '/api/v1/auth/me/locale',
    { config: signedIn, schema: { tags, summary: 'Set the preferred language', body: LocaleBody } },
    async (req, reply) => {
      await auth.setLocale(actorOf(req), req.body.locale);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Change the caller’s password; ends their other sessions',
        body: PasswordChangeBody,
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        await auth.changePassword(actorOf(req), req.body);
        return reply.status(204).send();
      }),
  );
}
