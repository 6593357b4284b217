import type { Locale } from '@shouwang/common';
import createClient, { type Middleware } from 'openapi-fetch';
import { translator } from '../i18n/catalogs.ts';
import { ApiError, toApiError } from './errors.ts';
import { fileNameFromDisposition } from './http-utils.ts';
import type { paths } from './schema.d.ts';

export { ApiError };

let locale: Locale = 'zh-CN';
let signInNeeded: ((error: ApiError) => void) | null = null;

/** The UI language, sent as Accept-Language so server messages match the page. */
export function setApiLocale(next: Locale): void {
  locale = next;
}

/** Called when any request answers that the session is gone (session_expired / unauthenticated). */
export function onSignInNeeded(handler: ((error: ApiError) => void) | null): void {
  signInNeeded = handler;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.clone().json();
  } catch {
    // Not JSON (e.g. a proxy's error page): fall back to a generic message below.
  }
  return toApiError(response.status, body, translator(locale)('error.http', { status: response.status }));
}

const middleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', locale);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const error = await errorFromResponse(response);
    if (error.needsSignIn) signInNeeded?.(error);
    // Thrown errors reach the caller: every page handles failures as exceptions.
    throw error;
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    return new ApiError(0, 'network', translator(locale)('error.network'));
  },
};

/** The typed API client (types generated from the server's OpenAPI document by scripts/gen-api.ts). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);

/** A GET that answers a file (xlsx export, template): saves it through the browser. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': locale } });
  } catch {
    throw new ApiError(0, 'network', translator(locale)('error.network'));
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.needsSignIn) signInNeeded?.(error);
    throw error;
  }
  const name = fileNameFromDisposition(response.headers.get('content-disposition')) ?? fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

/**
 * Posts one file as multipart/form-data field `file` and answers the parsed JSON (to be checked by the
 * caller). Extra text fields go before the file, so a streaming server reads them first.
 */
export async function uploadFile(
  url: string,
  file: File,
  fields: Record<string, string> = {},
): Promise<unknown> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'Accept-Language': locale },
    });
  } catch {
    throw new ApiError(0, 'network', translator(locale)('error.network'));
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.needsSignIn) signInNeeded?.(error);
    throw error;
  }
  return response.json();
}
