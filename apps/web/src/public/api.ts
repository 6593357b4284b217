import type { PublicLocale } from './i18n.ts';

/** The public API as the page uses it: plain fetch, the caller's language, the proof of work when asked. */

export interface Options {
  categories: { code: string; name: string }[];
  messageTypes: string[];
  regions: { id: number; name: string; parentId: number | null }[];
  contact: { nameRequired: boolean; phoneRequired: boolean };
  uploads: { maxFiles: number; maxFileBytes: number; maxTotalBytes: number };
}

export interface Receipt {
  queryCode: string;
  pin: string | null;
  createdAt: string;
  files?: number;
}

export interface CaseView {
  kind: string;
  status: string;
  title: string;
  createdAt: string;
  timeline: { at: string; action: string }[];
  reply: string | null;
  repliedAt: string | null;
  /** Where an out-of-jurisdiction case went; its reply is then the office's explanation. */
  transferredTo: string | null;
  rating: string | null;
  /** Whether the server takes a rating now (answered, not transferred, not rated yet). */
  ratable: boolean;
}

export interface FieldError {
  field?: string;
  message: string;
  index?: number;
  fileName?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldError[];
  constructor(status: number, code: string, message: string, details: FieldError[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface Challenge {
  challenge: string;
  difficulty: number;
}

/** Runs the proof of work in a Web Worker; resolves with the nonce. */
export function solveInWorker(c: Challenge): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ nonce?: string }>) => {
      if (e.data.nonce !== undefined) {
        worker.terminate();
        resolve(e.data.nonce);
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(c);
  });
}

async function send(
  locale: PublicLocale,
  method: string,
  url: string,
  body: BodyInit | null,
  json: boolean,
  onChallenge?: () => void,
  headers: Record<string, string> = {},
): Promise<Response> {
  let extra: Record<string, string> = {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await fetch(url, {
      method,
      body,
      headers: {
        'accept-language': locale,
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...headers,
        ...extra,
      },
    });
    if (res.ok) return res;
    const payload = await res.json().catch(() => null);
    const error = payload?.error;
    if (res.status === 429 && error?.code === 'challenge_required' && error.details?.challenge) {
      onChallenge?.();
      const nonce = await solveInWorker(error.details as Challenge);
      extra = { 'x-intake-challenge': error.details.challenge, 'x-intake-nonce': nonce };
      continue;
    }
    // No message of ours (a proxy's 502 page, a dropped connection): a plain Error, which the page shows
    // as its own localized "could not load" instead of an English status text.
    if (typeof error?.message !== 'string') throw new Error(`${res.status} ${res.statusText}`);
    throw new ApiError(
      res.status,
      error.code ?? 'internal',
      error.message,
      Array.isArray(error.details) ? error.details : [],
    );
  }
  // Three challenges in a row not accepted: shown as the localized "could not load, try again".
  throw new Error('challenge not accepted after 3 attempts');
}

export async function loadOptions(locale: PublicLocale): Promise<Options> {
  const res = await send(locale, 'GET', '/api/v1/public/intake/options', null, false);
  return res.json();
}

/** Submits a message or report; with files as multipart to the …/with-files route. */
export async function submit(
  locale: PublicLocale,
  kind: 'messages' | 'reports',
  data: Record<string, unknown>,
  files: File[],
  onChallenge: () => void,
): Promise<Receipt> {
  if (files.length === 0) {
    const res = await send(locale, 'POST', `/api/v1/public/${kind}`, JSON.stringify(data), true, onChallenge);
    return res.json();
  }
  // A FormData is consumed by fetch only as a body description, so it can be resent after a challenge.
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  for (const f of files) form.append('files', f, f.name);
  const res = await send(locale, 'POST', `/api/v1/public/${kind}/with-files`, form, false, onChallenge);
  return res.json();
}

/** The four digits travel in a header, not the URL, so they stay out of history, proxies and access logs. */
export async function lookup(locale: PublicLocale, code: string, digits: string): Promise<CaseView> {
  const res = await send(
    locale,
    'GET',
    `/api/v1/public/cases/${encodeURIComponent(code)}`,
    null,
    false,
    undefined,
    {
      'x-phone-last4': digits,
    },
  );
  return res.json();
}

export async function rate(
  locale: PublicLocale,
  code: string,
  body: { phoneLast4: string; rating: string; comment?: string },
): Promise<void> {
  await send(
    locale,
    'POST',
    `/api/v1/public/cases/${encodeURIComponent(code)}/rating`,
    JSON.stringify(body),
    true,
  );
}
