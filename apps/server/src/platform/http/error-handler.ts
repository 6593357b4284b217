import { errorMessage } from '@shouwang/common';
import type { FastifyError } from 'fastify';
import type { App } from './app.ts';
import { AppError } from './app-error.ts';
import { describeSchemaIssues, type SchemaIssue } from './validation-messages.ts';

/** Writes every error response as { error: { code, message, details }, requestId } in the caller's language. */
export function registerErrorHandler(app: App, uploadMaxBytes: number): void {
  const uploadLimitLabel = `${Math.round(uploadMaxBytes / 1024 / 1024)} MB`;
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const locale = request.locale ?? 'zh-CN';
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if ('validation' in err && Array.isArray(err.validation)) {
      const details = describeSchemaIssues(locale, err.validation as SchemaIssue[], err.validationContext);
      appError = AppError.invalid(details);
    } else if ('code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE') {
      appError = new AppError('file_too_large', { limit: uploadLimitLabel });
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
      // Framework-level client errors (bad JSON, wrong content type, body too large).
      const code =
        err.statusCode === 413
          ? 'file_too_large'
          : err.statusCode === 404
            ? 'not_found'
            : 'validation_failed';
      appError = new AppError(code, { limit: '' }, [{ message: err.message }], err.statusCode);
    } else {
      request.log.error({ err, requestId: request.id }, 'unhandled error');
      appError = new AppError('internal');
    }
    if (appError.status >= 500 && err instanceof AppError) request.log.error({ err }, 'server error');
    return reply.status(appError.status).send({
      error: {
        code: appError.code,
        message: errorMessage(locale, appError.code, appError.params),
        details: appError.details ?? null,
      },
      requestId: request.id,
    });
  });
}
