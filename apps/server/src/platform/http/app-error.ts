import type { ErrorCode } from '@shouwang/common';

const STATUS: Partial<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  token_invalid: 401,
  totp_required: 401,
  totp_invalid: 401,
  totp_enrolment_required: 403,
  forbidden: 403,
  token_scope: 403,
  account_locked: 423,
  account_disabled: 403,
  not_found: 404,
  conflict: 409,
  region_in_use: 409,
  unit_in_use: 409,
  notice_transition_invalid: 409,
  recheck_failed: 409,
  finding_closed: 409,
  file_too_large: 413,
  file_type_rejected: 415,
  import_rejected: 422,
  import_has_errors: 422,
  password_too_weak: 422,
  password_reused: 422,
  too_many_attempts: 429,
  rule_invalid: 422,
  alert_transition_invalid: 409,
  event_source_invalid: 422,
  ingest_busy: 503,
  intel_feed_invalid: 422,
  intel_import_running: 409,
  intake_category_taken: 409,
  intake_category_shipped: 409,
  intake_category_in_use: 409,
  internal: 500,
};

export interface ErrorDetail {
  field?: string;
  row?: number;
  message: string;
  [key: string]: unknown;
}

/** The one error type services throw; the handler renders it in the caller's language. */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly details: ErrorDetail[] | Record<string, unknown> | undefined;
  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    details: ErrorDetail[] | Record<string, unknown> | undefined = undefined,
    status?: number,
  ) {
    super(code);
    this.code = code;
    this.params = params;
    this.details = details;
    this.status = status ?? STATUS[code] ?? 400;
  }

  static notFound(): AppError {
    return new AppError('not_found');
  }
  static forbidden(): AppError {
    return new AppError('forbidden');
  }
  static conflict(details?: Record<string, unknown>): AppError {
    return new AppError('conflict', {}, details);
  }
  static invalid(details: ErrorDetail[]): AppError {
    return new AppError('validation_failed', {}, details);
  }
}
