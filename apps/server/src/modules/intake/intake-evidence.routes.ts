import type { Locale } from '@shouwang/common';
import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { type App, actorOf } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { describeSchemaIssues, type SchemaIssue } from '../../platform/http/validation-messages.ts';
import { evidenceRejected, type IncomingFile, safeFileName, type UploadLimits } from './evidence.ts';
import { callerOf, challengeNote } from './intake.routes.ts';
import { MessageBody, ReportBody } from './intake.schemas.ts';
import type { IntakeEvidenceService } from './intake-evidence.service.ts';
import type { IntakePublicService } from './intake-public.service.ts';
import { EvidenceFileList } from './intake-responses.schemas.ts';

const FileParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  fileId: Type.Integer({ minimum: 1 }),
});

const everyone = { access: { kind: 'public' } } as const;
const intakeRead = { access: { kind: 'user', scope: 'intake:read' } } as const;
const tags = ['intake'];

const multipartNote =
  'multipart/form-data: a field `data` holding the JSON body of the plain route, then up to the office limit ' +
  'of files in fields named `files`. Files are judged by content: JPEG, PNG, WebP, GIF, AVIF images ' +
  '(re-encoded, all metadata incl. GPS dropped) and PDF; executables and archives are refused. One refused ' +
  'file refuses the submission: 422 evidence_rejected with details [{index, fileName, reason, message}]. ' +
  challengeNote;

/** TypeBox's issues in the shape the field messages expect (one per property, like ajv's). */
function issuesOf(
  errors: Iterable<{ keyword: string; instancePath: string; params: object; message: string }>,
) {
  const out: SchemaIssue[] = [];
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'boolean') continue;
    if (e.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const p of params.requiredProperties) out.push({ ...e, params: { missingProperty: p } });
    } else if (e.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const p of params.additionalProperties) out.push({ ...e, params: { additionalProperty: p } });
    } else out.push({ ...e, params });
  }
  return out;
}

function parseData<T extends TSchema>(
  locale: Locale,
  raw: string | null,
  check: ReturnType<typeof Compile<T>>,
): unknown {
  const invalid = (issues: SchemaIssue[]) => AppError.invalid(describeSchemaIssues(locale, issues, 'body'));
  if (raw === null)
    throw invalid([{ keyword: 'required', instancePath: '', params: { missingProperty: 'data' } }]);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid([{ keyword: 'type', instancePath: '/data', params: { type: 'JSON object' } }]);
  }
  if (!check.Check(value)) throw invalid(issuesOf(check.Errors(value)).slice(0, 20));
  return value;
}

/**
 * Reads the `data` field and every file of a multipart submission. A file past the size limit is cut
 * by the parser and marked truncated (refused later with the others' reasons); files past the count
 * limit stop the parse and refuse the submission.
 */
async function readSubmission(req: FastifyRequest, limits: UploadLimits) {
  if (!req.isMultipart()) {
    throw AppError.invalid(
      describeSchemaIssues(
        req.locale,
        [{ keyword: 'required', instancePath: '', params: { missingProperty: 'data' } }],
        'body',
      ),
    );
  }
  let data: string | null = null;
  const files: IncomingFile[] = [];
  try {
    for await (const part of req.parts({
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles + 1,
        fields: 5,
        fieldSize: 64 * 1024,
      },
      // Read by @fastify/multipart though missing from its types: mark a cut file instead of throwing.
      throwFileSizeLimit: false,
    } as Parameters<FastifyRequest['parts']>[0])) {
      if (part.type === 'field') {
        if (part.fieldname === 'data' && typeof part.value === 'string') data = part.value;
        continue;
      }
      if (part.fieldname !== 'files') {
        part.file.resume();
        continue;
      }
      const buffer = await part.toBuffer();
      files.push({ name: part.filename, buffer, truncated: part.file.truncated });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      const refusals = [
        ...files.slice(limits.maxFiles).map((f, i) => ({
          index: limits.maxFiles + i,
          name: safeFileName(f.name),
          reason: 'too_many' as const,
        })),
      ];
      if (refusals.length === 0)
        refusals.push({ index: limits.maxFiles, name: 'file', reason: 'too_many' as const });
      throw evidenceRejected(req.locale, refusals, limits);
    }
    if (code === 'FST_FIELDS_LIMIT') throw AppError.invalid([{ field: 'data', message: 'too many fields' }]);
    throw err;
  }
  return { data, files };
}

const checkReport = Compile(ReportBody);
const checkMessage = Compile(MessageBody);

/** Public submissions with evidence files, and the files of a case for staff. */
export async function intakeEvidenceRoutes(
  app: App,
  intake: IntakePublicService,
  evidence: IntakeEvidenceService,
): Promise<void> {
  app.post(
    '/api/v1/public/reports/with-files',
    {
      config: everyone,
      schema: { tags, summary: 'Report illegal content with evidence files', description: multipartNote },
    },
    async (req, reply) => {
      const { data, files } = await readSubmission(req, await intake.uploadLimits());
      const input = parseData(req.locale, data, checkReport) as Parameters<typeof intake.submitReport>[1];
      const stored = await intake.submitReport(callerOf(req), input, files);
      return reply.status(201).send(publicReceipt(stored));
    },
  );
  app.post(
    '/api/v1/public/messages/with-files',
    {
      config: everyone,
      schema: { tags, summary: 'Leave a message with photos or files', description: multipartNote },
    },
    async (req, reply) => {
      const { data, files } = await readSubmission(req, await intake.uploadLimits());
      const input = parseData(req.locale, data, checkMessage) as Parameters<typeof intake.submitMessage>[1];
      const stored = await intake.submitMessage(callerOf(req), input, files);
      return reply.status(201).send(publicReceipt(stored));
    },
  );

  app.get(
    '/api/v1/intake/cases/:id/files',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'Evidence files of a case',
        params: IdParams,
        response: { 200: EvidenceFileList },
      },
    },
    async (req) => ({ items: await evidence.list(actorOf(req), req.params.id) }),
  );
  app.get(
    '/api/v1/intake/cases/:id/files/:fileId',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'One evidence file (images inline, PDFs as attachment; never rendered as a page)',
        params: FileParams,
      },
    },
    async (req, reply) => {
      const file = await evidence.read(actorOf(req), req.params.id, req.params.fileId);
      const inline = file.mediaType.startsWith('image/');
      const name = encodeURIComponent(file.name);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.buffer);
    },
  );
}

/** What the citizen is told: the code and, without a phone, the four digits; never internal ids. */
export function publicReceipt(stored: {
  queryCode: string;
  pin: string | null;
  createdAt: string;
  files: number;
}) {
  return { queryCode: stored.queryCode, pin: stored.pin, createdAt: stored.createdAt, files: stored.files };
}
