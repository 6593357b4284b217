import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { StringEnum } from '../../../platform/http/schemas.ts';
import { hashSecret } from '../../auth/session.ts';
import type { BulkFormat } from '../parsers/index.ts';
import type { IngestService } from './ingest.service.ts';

const IngestResult = Type.Object({
  sourceId: Type.Integer(),
  /** Records journaled that parsed. */
  accepted: Type.Integer(),
  /** Records journaled (and counted as failed) that did not parse or could not be split out. */
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String() })),
});

const FORMATS = ['json', 'ndjson', 'lines'] as const;

function formatOf(contentType: string | undefined, explicit: BulkFormat | undefined): BulkFormat {
  if (explicit) return explicit;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('ndjson') || ct.includes('jsonl') || ct.includes('json-seq')) return 'ndjson';
  if (ct.includes('json')) return 'json';
  return 'lines';
}

/**
 * HTTP bulk ingest with a source's API token: NDJSON, a JSON array, or plain lines (access logs). Answers
 * 202 once every record is durable in the journal, with counts and per-record errors.
 */
export async function ingestRoutes(app: App, ingest: IngestService, maxBytes: number): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The body is split by the ingest decoder (which reports each bad record), not by Fastify's JSON parser.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => {
      done(null, body);
    });
    scope.post(
      '/api/v1/events/ingest',
      {
        config: { access: { kind: 'user', scope: 'events:ingest' } },
        bodyLimit: maxBytes,
        schema: {
          tags: ['events'],
          summary: 'Send events for the source the bearer token is bound to (NDJSON, JSON array or lines)',
          querystring: Type.Object({ format: Type.Optional(StringEnum(FORMATS)) }),
          response: { 202: IngestResult },
        },
      },
      async (req, reply) => {
        actorOf(req);
        const header = req.headers.authorization;
        // Only a source's own token says which source the events are from; a signed-in user has none.
        if (!header?.startsWith('Bearer ')) throw AppError.forbidden();
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await ingest.acceptHttp(
          hashSecret(header.slice(7).trim()),
          body,
          formatOf(req.headers['content-type'], req.query.format),
        );
        return reply.status(202).send(result);
      },
    );
  });
}
