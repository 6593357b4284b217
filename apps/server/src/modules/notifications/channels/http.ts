/** Every outbound HTTP call of the notification module gives up after this long. */
export const HTTP_TIMEOUT_MS = 10_000;

export interface HttpResult {
  status: number;
  text: string;
}

/**
 * POSTs JSON with a timeout. Redirects are not followed (an admin-entered URL must not bounce the request
 * elsewhere, e.g. to an internal address); any non-2xx answer is an error with the start of the body.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, text };
}

/** Parses a robot API's JSON answer; a body that is not JSON is an error too. */
export function parseJsonAnswer(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`not a JSON answer: ${text.slice(0, 200)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`not a JSON object: ${text.slice(0, 200)}`);
  }
  return parsed as Record<string, unknown>;
}
