import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readBody } from './body.ts';
import { decodeText, isTextual, parseContentType } from './charset.ts';
import {
  connectPinned,
  resolveAllowed,
  startTls,
  systemResolver,
  tlsInfoOf,
  withTimeout,
} from './connect.ts';
import { type FetchPhase, MonitorFetchError } from './fetch-error.ts';
import {
  BROWSER_USER_AGENT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUTS,
  type FetchResult,
  type FetchTimeouts,
  type RedirectHop,
  type SafeFetchOptions,
  type TlsInfo,
} from './fetch-types.ts';
import { type AddressPolicy, createAddressPolicy } from './ip-policy.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_HEADER_BYTES = 32 * 1024;

/** Parses and vets a URL: http(s) only, no credentials. */
export function parseTargetUrl(raw: string, phase: FetchPhase = 'url'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MonitorFetchError('invalid_url', phase, `not a valid URL: ${raw}`, { url: raw });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MonitorFetchError('invalid_url', phase, `only http and https URLs can be monitored: ${raw}`, {
      url: raw,
    });
  }
  if (url.username || url.password) {
    throw new MonitorFetchError('invalid_url', phase, 'URLs with credentials are not monitored', {
      url: url.origin,
    });
  }
  url.hash = '';
  return url;
}

interface HopState {
  phase: FetchPhase;
  socket: Socket | null;
  /** Set when the total timeout fired: work still under way must stop and drop its socket. */
  aborted: boolean;
}

function adopt(state: HopState, socket: Socket): void {
  state.socket = socket;
  if (state.aborted) {
    socket.destroy();
    throw new MonitorFetchError('timeout', state.phase, 'the fetch was abandoned after its total timeout');
  }
}

interface Hop {
  res: IncomingMessage;
  socket: Socket;
  remoteAddress: string;
  tls?: TlsInfo;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

/** One request: resolve and vet, connect to a vetted address, handshake, send, wait for the headers. */
async function openHop(
  url: URL,
  options: SafeFetchOptions,
  timeouts: FetchTimeouts,
  policy: AddressPolicy,
  state: HopState,
): Promise<Hop> {
  const t0 = performance.now();
  state.phase = 'dns';
  const addresses = await resolveAllowed(
    url.hostname,
    options.resolver ?? systemResolver,
    policy,
    timeouts.dns,
  );
  const t1 = performance.now();
  const https = url.protocol === 'https:';
  const port = Number(url.port) || (https ? 443 : 80);

  state.phase = 'connect';
  let socket: Socket | null = null;
  let remoteAddress = '';
  let lastError: unknown;
  for (const address of addresses) {
    try {
      socket = await connectPinned(address, port, timeouts.connect);
      remoteAddress = address;
      break;
    } catch (err) {
      lastError = err;
    }
  }
  if (!socket) throw lastError;
  adopt(state, socket);
  const t2 = performance.now();

  let tls: TlsInfo | undefined;
  if (https) {
    state.phase = 'tls';
    const tlsSocket = await startTls(socket, {
      hostname: url.hostname,
      timeoutMs: timeouts.tls,
      ...options.tls,
    });
    adopt(state, tlsSocket);
    socket = tlsSocket;
    tls = tlsInfoOf(tlsSocket);
  }
  const t3 = performance.now();

  state.phase = 'first_byte';
  const connected = socket;
  const headers: Record<string, string> = {
    host: url.host,
    'user-agent': options.userAgent ?? BROWSER_USER_AGENT,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    connection: 'close',
  };
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  const res = await withTimeout(
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({
        createConnection: () => connected,
        method: options.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers,
        maxHeaderSize: MAX_HEADER_BYTES,
      });
      req.once('response', resolve);
      req.once('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        if (code === 'HPE_HEADER_OVERFLOW') {
          reject(
            new MonitorFetchError('too_large', 'first_byte', 'the response headers are too large', { code }),
          );
        } else {
          reject(
            new MonitorFetchError('protocol', 'first_byte', `bad or no HTTP response: ${err.message}`, {
              code: code || null,
            }),
          );
        }
      });
      req.end();
    }),
    timeouts.firstByte,
    () => {
      connected.destroy();
      return new MonitorFetchError(
        'timeout',
        'first_byte',
        `no response within ${timeouts.firstByte} ms of sending the request`,
        { timeoutMs: timeouts.firstByte },
      );
    },
  );
  const t4 = performance.now();
  return {
    res,
    socket: connected,
    remoteAddress,
    ...(tls ? { tls } : {}),
    dnsMs: t1 - t0,
    connectMs: t2 - t1,
    tlsMs: t3 - t2,
    firstByteMs: t4 - t3,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Fetches a URL the way a hostile page cannot exploit: DNS resolved here and every address vetted
 * against the allow-list (on every redirect hop), the connection pinned to the vetted address, timeouts
 * on each phase and in total, capped and bomb-guarded bodies, bounded redirects. Never runs page scripts.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<FetchResult> {
  const started = performance.now();
  const timeouts: FetchTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const policy = createAddressPolicy(options.allowedNetworks ?? []);
  const state: HopState = { phase: 'url', socket: null, aborted: false };
  const work = fetchHops(rawUrl, options, timeouts, policy, state, started);
  work.catch(() => {}); // settled by the race below; a late rejection after a timeout is expected
  try {
    return await withTimeout(work, timeouts.total, () => {
      state.aborted = true;
      state.socket?.destroy();
      return new MonitorFetchError(
        'timeout',
        state.phase,
        `the fetch took longer than ${timeouts.total} ms in total`,
        {
          timeoutMs: timeouts.total,
          limit: 'total',
        },
      );
    });
  } finally {
    state.socket?.destroy();
  }
}

async function fetchHops(
  rawUrl: string,
  options: SafeFetchOptions,
  timeouts: FetchTimeouts,
  policy: AddressPolicy,
  state: HopState,
  started: number,
): Promise<FetchResult> {
  const requested = parseTargetUrl(rawUrl);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const redirects: RedirectHop[] = [];
  let url = requested;
  for (;;) {
    if (state.aborted)
      throw new MonitorFetchError('timeout', state.phase, 'abandoned after the total timeout');
    const hop = await openHop(url, options, timeouts, policy, state);
    const { res } = hop;
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      hop.socket.destroy();
      state.socket = null;
      redirects.push({ url: url.href, status, location });
      if (redirects.length > maxRedirects) {
        throw new MonitorFetchError('too_many_redirects', 'redirect', `more than ${maxRedirects} redirects`, {
          maxRedirects,
          redirects,
        });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new MonitorFetchError('invalid_url', 'redirect', `redirect to an invalid URL: ${location}`, {
          location,
        });
      }
      url = parseTargetUrl(next.href, 'redirect');
      continue;
    }

    state.phase = 'body';
    const { mediaType, charset: headerCharset } = parseContentType(res.headers['content-type']);
    const noBody =
      options.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
    const read = noBody
      ? { body: Buffer.alloc(0), wireBytes: 0 }
      : await readBody(
          res,
          {
            maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
            maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
            onLimit: options.onLimit ?? 'truncate',
          },
          () => hop.socket.destroy(),
        );
    hop.socket.destroy();
    state.socket = null;
    const decoded = !noBody && isTextual(mediaType) ? decodeText(read.body, headerCharset) : null;
    return {
      requestedUrl: requested.href,
      finalUrl: url.href,
      redirects,
      status,
      headers: flattenHeaders(res),
      body: read.body,
      bodyTruncated: Boolean(read.truncation),
      ...(read.truncation ? { truncation: read.truncation } : {}),
      wireBytes: read.wireBytes,
      contentType: mediaType,
      charset: decoded?.charset ?? headerCharset,
      ...(decoded ? { text: decoded.text } : {}),
      remoteAddress: hop.remoteAddress,
      timings: {
        dnsMs: round(hop.dnsMs),
        connectMs: round(hop.connectMs),
        tlsMs: round(hop.tlsMs),
        firstByteMs: round(hop.firstByteMs),
        totalMs: round(performance.now() - started),
      },
      ...(hop.tls ? { tls: hop.tls } : {}),
    };
  }
}
