/** One problem the server reported, e.g. a form field that failed validation or a spreadsheet row. */
export interface ApiErrorDetail {
  field?: string;
  row?: number;
  message: string;
}

/** An error answer from the API, `{ error: { code, message, details }, requestId }`, as a thrown value. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** Any non-list details object the server sent (e.g. a conflict's context). */
  readonly extra: Record<string, unknown> | null;
  readonly requestId: string | null;
  constructor(
    status: number,
    code: string,
    message: string,
    details: ApiErrorDetail[] = [],
    requestId: string | null = null,
    extra: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
    this.extra = extra;
  }

  /** True when the session is gone and the user has to sign in again. */
  get needsSignIn(): boolean {
    return this.status === 401 && (this.code === 'session_expired' || this.code === 'unauthenticated');
  }

  /** Field errors keyed by field path, for inline form errors. */
  fieldErrors(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const d of this.details) {
      if (!d.field) continue;
      const list = map.get(d.field) ?? [];
      list.push(d.message);
      map.set(d.field, list);
    }
    return map;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDetails(raw: unknown): ApiErrorDetail[] {
  if (!Array.isArray(raw)) return [];
  const out: ApiErrorDetail[] = [];
  for (const item of raw) {
    if (!isRecord(item) || typeof item.message !== 'string') continue;
    const detail: ApiErrorDetail = { message: item.message };
    if (typeof item.field === 'string' && item.field) detail.field = item.field;
    if (typeof item.row === 'number') detail.row = item.row;
    out.push(detail);
  }
  return out;
}

/**
 * Builds an ApiError from a failed response's status and parsed body. Bodies that are not the API's
 * error shape (a proxy's HTML page, an empty body) become a generic error carrying `fallbackMessage`.
 */
export function toApiError(status: number, body: unknown, fallbackMessage: string): ApiError {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string') {
    const { code, message, details } = body.error;
    const requestId = typeof body.requestId === 'string' ? body.requestId : null;
    return new ApiError(
      status,
      code,
      typeof message === 'string' && message ? message : fallbackMessage,
      parseDetails(details),
      requestId,
      isRecord(details) ? details : null,
    );
  }
  return new ApiError(status, status === 0 ? 'network' : 'http_error', fallbackMessage);
}
