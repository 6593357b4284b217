import { errorMessage } from '@shouwang/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/http/actor.ts';
import type { App } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { TokenResolver } from '../auth/authenticator.ts';
import { callerOf } from './intake.routes.ts';
import {
  Open311Failure,
  type Open311Query,
  type Open311Service,
  type Open311Submission,
} from './open311.service.ts';
import { CONTENT_TYPES, type Open311Format, render, renderErrors, splitFormat } from './open311.ts';

/**
 * Open311 GeoReport v2 under /open311/v2/. These routes are public (`config.access` public: app.ts only
 * authenticates /api/v1/ routes); a caller proves itself with `api_key`, an API token checked here for
 * the intake scope the endpoint needs. Every answer, errors included, is in the format the path asks for.
 */

const everyone = { access: { kind: 'public' } } as const;
const FORM_LIMIT = 64 * 1024;

type Params = Record<string, string>;

/** Form fields as Open311 sends them; `attribute[code]=value` collected into `attribute`. */
export function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^attribute\[([^\]]{1,64})\]$/.exec(key);
    if (m?.[1]) attribute[m[1]] = value;
    else if (!(key in out)) out[key] = value;
  }
  out.attribute = attribute;
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export async function open311Routes(app: App, open311: Open311Service, tokens: TokenResolver): Promise<void> {
  async function keyActor(
    req: FastifyRequest,
    key: string | undefined,
    scope: string,
  ): Promise<Actor | null> {
    if (key === undefined || key === '') return null;
    let actor: Actor | null = null;
    try {
      actor = (await tokens.resolve(req, key)).actor;
    } catch {
      actor = null;
    }
    const en = req.locale === 'en-US';
    if (!actor) throw new Open311Failure(403, [en ? 'api_key is invalid' : 'api_key 无效']);
    if (!actor.scopes?.includes(scope)) {
      throw new Open311Failure(403, [en ? `api_key lacks the ${scope} scope` : `api_key 缺少 ${scope} 权限`]);
    }
    return actor;
  }

  /** Runs a handler and writes its value (or its failure) in the requested format. */
  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    format: Open311Format | null,
    root: string,
    run: () => Promise<unknown>,
  ) {
    const fmt = format ?? 'json';
    try {
      if (!format) {
        throw new Open311Failure(404, [
          req.locale === 'en-US' ? 'unknown format: use .json or .xml' : '格式不支持：请使用 .json 或 .xml',
        ]);
      }
      const value = await run();
      return reply.type(CONTENT_TYPES[fmt]).send(render(fmt, root, value as never));
    } catch (err) {
      let failure: Open311Failure;
      if (err instanceof Open311Failure) failure = err;
      else if (err instanceof AppError) {
        failure = open311FromAppError(req, err);
      } else {
        req.log.error({ err }, 'open311 failure');
        failure = new Open311Failure(500, [errorMessage(req.locale, 'internal', {})]);
      }
      for (const [k, v] of Object.entries(failure.headers)) reply.header(k, v);
      return reply
        .status(failure.status)
        .type(CONTENT_TYPES[fmt])
        .send(
          renderErrors(
            fmt,
            failure.descriptions.map((description) => ({ code: failure.status, description })),
          ),
        );
    }
  }

  function open311FromAppError(req: FastifyRequest, err: AppError): Open311Failure {
    const message = errorMessage(req.locale, err.code, err.params);
    const headers: Record<string, string> = {};
    if (err.code === 'challenge_required' && err.details && !Array.isArray(err.details)) {
      // The same proof of work as the web page; a client resends with x-intake-challenge / x-intake-nonce.
      const d = err.details as { challenge?: string; difficulty?: number; expiresAt?: string };
      if (d.challenge) headers['x-intake-challenge'] = d.challenge;
      if (d.difficulty !== undefined) headers['x-intake-difficulty'] = String(d.difficulty);
      if (d.expiresAt) headers['x-intake-challenge-expires'] = d.expiresAt;
    }
    const details = Array.isArray(err.details)
      ? err.details.map((d) => `${d.field ? `${d.field}: ` : ''}${d.message}`)
      : [];
    return new Open311Failure(err.status, details.length ? details : [message], headers);
  }

  await app.register(async (scope) => {
    // Open311 posts forms; parsed here only, so the rest of the API keeps its JSON-only bodies.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_req, body, done) => done(null, parseForm(String(body))),
    );

    scope.get('/open311/v2/:file', { config: everyone, schema: { hide: true } }, async (req, reply) => {
      const file = (req.params as Params).file ?? '';
      const split = splitFormat(file);
      const base = `${req.protocol}://${req.host}`;
      const query = req.query as Record<string, string | undefined>;
      if (split?.[0] === 'discovery')
        return answer(req, reply, split[1], 'discovery', async () => open311.discovery(base, req.locale));
      if (split?.[0] === 'services')
        return answer(req, reply, split[1], 'services', async () => open311.services(req.locale));
      if (split?.[0] === 'requests') {
        return answer(req, reply, split[1], 'service_requests', async () => {
          const actor = await keyActor(req, str(query.api_key), 'intake:read');
          return open311.list(req.locale, actor, query as Open311Query);
        });
      }
      return answer(req, reply, split?.[1] ?? 'json', 'errors', async () => {
        throw new Open311Failure(404, [req.locale === 'en-US' ? 'not found' : '资源不存在']);
      });
    });

    scope.get(
      '/open311/v2/services/:file',
      { config: everyone, schema: { hide: true } },
      async (req, reply) => {
        const split = splitFormat((req.params as Params).file ?? '');
        return answer(req, reply, split?.[1] ?? null, 'service_definition', () =>
          open311.definition(req.locale, split?.[0] ?? ''),
        );
      },
    );

    scope.get(
      '/open311/v2/requests/:file',
      { config: everyone, schema: { hide: true } },
      async (req, reply) => {
        const split = splitFormat((req.params as Params).file ?? '');
        const query = req.query as Record<string, string | undefined>;
        return answer(req, reply, split?.[1] ?? null, 'service_requests', async () => {
          const actor = await keyActor(req, str(query.api_key), 'intake:read');
          return open311.one(req.locale, actor, split?.[0] ?? '');
        });
      },
    );

    scope.get(
      '/open311/v2/tokens/:file',
      { config: everyone, schema: { hide: true } },
      async (req, reply) => {
        const split = splitFormat((req.params as Params).file ?? '');
        return answer(req, reply, split?.[1] ?? null, 'service_requests', () =>
          open311.token(req.locale, split?.[0] ?? ''),
        );
      },
    );

    scope.post('/open311/v2/:file', { config: everyone, schema: { hide: true } }, async (req, reply) => {
      const split = splitFormat((req.params as Params).file ?? '');
      if (split && split[0] !== 'requests') {
        return answer(req, reply, split[1], 'errors', async () => {
          throw new Open311Failure(404, [req.locale === 'en-US' ? 'not found' : '资源不存在']);
        });
      }
      return answer(req, reply, split?.[1] ?? null, 'service_requests', async () => {
        const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
        const actor = await keyActor(req, str(body.api_key), 'intake:write');
        const input: Open311Submission = {
          service_code: str(body.service_code),
          description: str(body.description),
          lat: str(body.lat),
          long: str(body.long),
          address_string: str(body.address_string),
          address_id: str(body.address_id),
          email: str(body.email),
          device_id: str(body.device_id),
          account_id: str(body.account_id),
          first_name: str(body.first_name),
          last_name: str(body.last_name),
          phone: str(body.phone),
          media_url: str(body.media_url),
          attribute: (body.attribute ?? {}) as Record<string, string>,
        };
        return open311.submit(callerOf(req), actor, input);
      });
    });
  });
}
