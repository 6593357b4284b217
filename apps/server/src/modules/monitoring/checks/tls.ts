import type { CheckContext, CheckFinding } from '../check-types.ts';
import { connectPinned, resolveAllowed, startTls, systemResolver, tlsInfoOf } from '../fetch/connect.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import { DEFAULT_TIMEOUTS, type TlsInfo, type TlsVersion } from '../fetch/fetch-types.ts';
import { createAddressPolicy } from '../fetch/ip-policy.ts';
import { parseTargetUrl } from '../fetch/safe-fetch.ts';
import { isConfigurationFailure } from './fetch-page.ts';

export interface TlsCheckOptions {
  /** Days before expiry at which to warn, largest first. Default 30, 7, 1. */
  warnDays?: readonly number[];
  /** Probe which protocol versions the server accepts (four extra handshakes). Default true. */
  probeProtocols?: boolean;
}

const DAY_MS = 86_400_000;
const ALL_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const WEAK_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1'];
// OpenSSL 3 refuses TLS 1.0/1.1 at its default security level even when asked; the probe must offer them.
const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

/** OpenSSL's verification codes, as staff would say them. */
function reasonOf(code: string | null): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'CERT_NOT_YET_VALID':
      return 'not_yet_valid';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'self_signed';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'hostname_mismatch';
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return 'incomplete_or_untrusted_chain';
    case 'CERT_REVOKED':
      return 'revoked';
    default:
      return 'untrusted';
  }
}

interface Handshake {
  info?: TlsInfo;
  error?: MonitorFetchError;
}

/** One handshake against a vetted address, then the connection is dropped. */
async function handshake(
  address: string,
  port: number,
  hostname: string,
  ctx: CheckContext,
  versions?: { min: TlsVersion; max: TlsVersion },
): Promise<Handshake> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...ctx.fetchOptions.timeouts };
  let socket: Awaited<ReturnType<typeof connectPinned>> | null = null;
  try {
    socket = await connectPinned(address, port, timeouts.connect);
    const tlsSocket = await startTls(socket, {
      hostname,
      timeoutMs: timeouts.tls,
      ...(versions
        ? {
            minVersion: versions.min,
            maxVersion: versions.max,
            ...(WEAK_VERSIONS.includes(versions.min) ? { ciphers: LEGACY_CIPHERS } : {}),
          }
        : {}),
    });
    socket = tlsSocket;
    return { info: tlsInfoOf(tlsSocket) };
  } catch (err) {
    if (err instanceof MonitorFetchError) return { error: err };
    throw err;
  } finally {
    socket?.destroy();
  }
}

function httpsTarget(ctx: CheckContext): URL | null {
  const page = ctx.page;
  const candidate =
    page && !(page instanceof MonitorFetchError) && page.finalUrl.startsWith('https:')
      ? page.finalUrl
      : ctx.url;
  return candidate.startsWith('https:') ? parseTargetUrl(candidate) : null;
}

/**
 * TLS: certificate validity and chain, expiry warnings (30/7/1 days), and which protocol versions the
 * server accepts (each probed with its own handshake). Sites without HTTPS yield nothing here; an
 * unreachable site is the availability check's business.
 */
export async function checkTls(ctx: CheckContext, options: TlsCheckOptions = {}): Promise<CheckFinding[]> {
  const url = httpsTarget(ctx);
  if (!url) return [];
  const base = { pageUrl: url.href, isHomepage: ctx.isHomepage };
  const probe = options.probeProtocols ?? true;
  // The shared page fetch already did one handshake with this host: reuse it rather than repeat it.
  const page = ctx.page;
  const pageTls =
    page && !(page instanceof MonitorFetchError) && new URL(page.finalUrl).host === url.host
      ? page.tls
      : undefined;
  let main: Handshake | undefined = pageTls ? { info: pageTls } : undefined;
  let byVersion: Handshake[] = [];
  if (!main || probe) {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...ctx.fetchOptions.timeouts };
    let addresses: string[];
    try {
      const policy = createAddressPolicy(ctx.fetchOptions.allowedNetworks ?? []);
      const resolver = ctx.fetchOptions.resolver ?? systemResolver;
      addresses = await resolveAllowed(url.hostname, resolver, policy, timeouts.dns);
    } catch (err) {
      if (err instanceof MonitorFetchError && isConfigurationFailure(err)) throw err;
      if (err instanceof MonitorFetchError) return [];
      throw err;
    }
    const address = addresses[0] ?? '';
    const port = Number(url.port) || 443;
    const fresh = main ? null : handshake(address, port, url.hostname, ctx);
    const probes = probe
      ? ALL_VERSIONS.map((v) => handshake(address, port, url.hostname, ctx, { min: v, max: v }))
      : [];
    [byVersion, main] = await Promise.all([Promise.all(probes), fresh ?? main]);
  }

  const findings: CheckFinding[] = [];
  if (main?.error) {
    if (main.error.kind === 'tls' || (main.error.kind === 'timeout' && main.error.phase === 'tls')) {
      findings.push({
        ...base,
        type: 'tls_invalid',
        severity: ctx.isHomepage ? 'III' : 'IV',
        title: `TLS handshake failed: ${main.error.message}`,
        evidence: { reasons: ['handshake_failed'], ...main.error.toJSON() },
      });
    }
    return findings;
  }
  const info = main?.info;
  if (!info) return findings;
  const offered = probe ? ALL_VERSIONS.filter((_, i) => byVersion[i]?.info) : undefined;
  const protocols = offered ? { protocolsOffered: offered } : {};
  const now = (ctx.now ?? (() => new Date()))();
  const peer = info.peer;
  const reasons = new Set<string>();
  if (!info.authorized) reasons.add(reasonOf(info.authorizationError));
  if (peer && new Date(peer.validTo).getTime() <= now.getTime()) reasons.add('expired');
  if (peer && new Date(peer.validFrom).getTime() > now.getTime()) reasons.add('not_yet_valid');
  if (peer?.selfSigned) reasons.add('self_signed');
  const certificate = peer
    ? {
        subject: peer.subject,
        issuer: peer.issuer,
        validFrom: peer.validFrom,
        validTo: peer.validTo,
        subjectAltNames: peer.subjectAltNames,
        fingerprint256: peer.fingerprint256,
      }
    : null;
  if (reasons.size > 0) {
    findings.push({
      ...base,
      type: 'tls_invalid',
      severity: ctx.isHomepage ? 'III' : 'IV',
      title: `Certificate not valid: ${[...reasons].join(', ')}`,
      evidence: {
        reasons: [...reasons],
        authorizationError: info.authorizationError,
        certificate,
        chain: info.chain.map((c) => ({ subject: c.subject, issuer: c.issuer, validTo: c.validTo })),
        ...protocols,
      },
    });
  }

  if (peer && !reasons.has('expired')) {
    const daysLeft = (new Date(peer.validTo).getTime() - now.getTime()) / DAY_MS;
    const warnDays = [...(options.warnDays ?? [30, 7, 1])].sort((a, b) => a - b);
    const threshold = warnDays.find((d) => daysLeft <= d);
    if (threshold !== undefined) {
      findings.push({
        ...base,
        type: 'tls_expiring',
        severity: threshold <= 1 ? 'III' : 'IV',
        title: `Certificate expires in ${Math.max(0, Math.floor(daysLeft))} days`,
        evidence: {
          daysLeft: Math.round(daysLeft * 10) / 10,
          thresholdDays: threshold,
          validTo: peer.validTo,
          certificate,
          ...protocols,
        },
      });
    }
  }

  if (offered) {
    const weak = offered.filter((v) => WEAK_VERSIONS.includes(v));
    const modern = offered.some((v) => !WEAK_VERSIONS.includes(v));
    if (weak.length > 0 || !modern) {
      findings.push({
        ...base,
        type: 'tls_weak_protocol',
        severity: 'IV',
        title:
          weak.length > 0
            ? `Outdated TLS versions accepted: ${weak.join(', ')}`
            : 'Neither TLS 1.2 nor 1.3 is accepted',
        evidence: { offered, weak, negotiated: info.protocol, cipher: info.cipher },
      });
    }
  }
  return findings;
}
