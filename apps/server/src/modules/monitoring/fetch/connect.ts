import { lookup } from 'node:dns/promises';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import {
  type DetailedPeerCertificate,
  type PeerCertificate,
  type TLSSocket,
  connect as tlsConnect,
} from 'node:tls';
import { MonitorFetchError } from './fetch-error.ts';
import type { CertificateSummary, Resolver, TlsInfo, TlsVersion } from './fetch-types.ts';
import type { AddressPolicy } from './ip-policy.ts';

/** getaddrinfo, so /etc/hosts entries an office relies on still apply. */
export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, order: 'verbatim' });
  return found.map((a) => a.address);
};

/** Runs work under a timer; on expiry calls onTimeout (which should destroy the socket) and rejects. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => MonitorFetchError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const DNS_NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA', 'NXDOMAIN']);

/**
 * Resolves the host and checks EVERY address against the policy: one forbidden address refuses the
 * target, so a name that mixes a public and a private address cannot be used to reach the private one.
 */
export async function resolveAllowed(
  hostname: string,
  resolver: Resolver,
  policy: AddressPolicy,
  timeoutMs: number,
): Promise<string[]> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: string[];
  if (isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await withTimeout(
        resolver(bare),
        timeoutMs,
        () =>
          new MonitorFetchError('timeout', 'dns', `DNS lookup of ${bare} took longer than ${timeoutMs} ms`, {
            hostname: bare,
            timeoutMs,
          }),
      );
    } catch (err) {
      if (err instanceof MonitorFetchError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      const what = DNS_NOT_FOUND.has(code) ? 'does not exist' : 'could not be resolved';
      throw new MonitorFetchError('dns', 'dns', `${bare} ${what} (${code})`, { hostname: bare, code });
    }
    if (addresses.length === 0) {
      throw new MonitorFetchError('dns', 'dns', `${bare} has no addresses`, {
        hostname: bare,
        code: 'ENODATA',
      });
    }
  }
  const verdicts = addresses.map(policy);
  const refused = verdicts.find((v) => !v.allowed);
  if (refused) {
    throw new MonitorFetchError(
      'forbidden_address',
      'dns',
      `${bare === refused.address ? bare : `${bare} resolves to ${refused.address}, which`} is ${refused.reason}: ` +
        'monitoring may not reach it; ' +
        'add the network to SHOUWANG_MONITOR_ALLOWED_NETWORKS if it is an internal site',
      { hostname: bare, address: refused.address, reason: refused.reason, addresses },
    );
  }
  // Connect to exactly the checked address (normalised, e.g. ::ffff:10.0.0.1 -> 10.0.0.1): no second lookup.
  return verdicts.map((v) => v.address);
}

const ignoreError = () => {};

/** Opens a TCP connection to an already-checked IP address. */
export function connectPinned(address: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = tcpConnect({ host: address, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new MonitorFetchError(
          'timeout',
          'connect',
          `connecting to ${address}:${port} took longer than ${timeoutMs} ms`,
          {
            address,
            port,
            timeoutMs,
          },
        ),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // A reset between phases must never surface as an unhandled 'error' event; the phase that uses
      // the socket next (TLS, HTTP) attaches its own handler and reports it.
      socket.on('error', ignoreError);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new MonitorFetchError(
          'connect',
          'connect',
          `cannot connect to ${address}:${port} (${err.code ?? err.message})`,
          {
            address,
            port,
            code: err.code ?? null,
          },
        ),
      );
    });
  });
}

export interface TlsStartOptions {
  /** The host name for SNI and certificate checks; IP literals are not sent as SNI. */
  hostname: string;
  timeoutMs: number;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  ciphers?: string;
}

/**
 * Runs the TLS handshake over a pinned socket. Certificate problems do not abort: the monitor needs the
 * page anyway and reports the problem from TlsInfo (authorized / authorizationError).
 */
export function startTls(socket: Socket, opts: TlsStartOptions): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const bare = opts.hostname.startsWith('[') ? opts.hostname.slice(1, -1) : opts.hostname;
    const tlsSocket = tlsConnect({
      socket,
      host: bare,
      ...(isIP(bare) ? {} : { servername: bare }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
      ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
      ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
    });
    const timer = setTimeout(() => {
      tlsSocket.destroy();
      reject(
        new MonitorFetchError(
          'timeout',
          'tls',
          `TLS handshake with ${bare} took longer than ${opts.timeoutMs} ms`,
          {
            timeoutMs: opts.timeoutMs,
          },
        ),
      );
    }, opts.timeoutMs);
    tlsSocket.once('secureConnect', () => {
      clearTimeout(timer);
      tlsSocket.removeAllListeners('error');
      tlsSocket.on('error', ignoreError);
      resolve(tlsSocket);
    });
    tlsSocket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      tlsSocket.destroy();
      reject(
        new MonitorFetchError(
          'tls',
          'tls',
          `TLS handshake with ${bare} failed (${err.code ?? err.message})`,
          {
            code: err.code ?? null,
            reason: err.message,
          },
        ),
      );
    });
  });
}

function nameOf(fields: object | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([k, v]: [string, unknown]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v ?? '')}`)
    .join(', ');
}

function summarise(cert: PeerCertificate): CertificateSummary {
  const subject = nameOf(cert.subject);
  const issuer = nameOf(cert.issuer);
  return {
    subject,
    issuer,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    subjectAltNames: (cert.subjectaltname ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: subject === issuer,
  };
}

/** What the handshake showed: protocol, cipher, whether the chain and name verified, and the certificates. */
export function tlsInfoOf(socket: TLSSocket): TlsInfo {
  const peer = socket.getPeerCertificate(true);
  const chain: CertificateSummary[] = [];
  if (peer && Object.keys(peer).length > 0) {
    let cert: DetailedPeerCertificate | undefined = peer;
    const seen = new Set<string>();
    while (cert?.fingerprint256 && !seen.has(cert.fingerprint256) && chain.length < 10) {
      seen.add(cert.fingerprint256);
      chain.push(summarise(cert));
      cert = cert.issuerCertificate;
    }
  }
  // Typed as Error, but Node sets an OpenSSL code string (e.g. CERT_HAS_EXPIRED) for chain failures.
  const authError: unknown = socket.authorizationError;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    authorizationError:
      authError == null ? null : authError instanceof Error ? authError.message : String(authError),
    peer: chain[0] ?? null,
    chain,
  };
}
