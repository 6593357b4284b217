import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check-types.ts';
import {
  closedPort,
  LOOPBACK,
  type LocalServer,
  makeCertificate,
  startHttpServer,
  startHttpsServer,
  type TestCertificate,
} from '../fetch/fetch.test-support.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import { safeFetch } from '../fetch/safe-fetch.ts';
import { checkAvailability } from './availability.ts';
import { checkSecurityHeaders } from './headers.ts';
import { checkTls } from './tls.ts';

// No database involved: run once, in the SQLite project.
const describeOnce = describe.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');
const DAY = 86_400_000;

const ctx = (url: string, extra: Partial<CheckContext> = {}): CheckContext => ({
  url,
  isHomepage: true,
  fetchOptions: { allowedNetworks: LOOPBACK, timeouts: { total: 5_000, firstByte: 2_000 } },
  ...extra,
});

const HARDENED = {
  'content-type': 'text/html; charset=utf-8',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'content-security-policy': "default-src 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function site(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? '/';
  if (path === '/500') {
    res.writeHead(500);
    res.end('oops');
  } else if (path === '/404') {
    res.writeHead(404);
    res.end();
  } else if (path === '/slow') {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>late</p>');
    }, 400);
  } else if (path === '/hardened') {
    res.writeHead(200, HARDENED);
    res.end('<html><script src="/app.js"></script><img src="https://cdn.example.com/a.png"></html>');
  } else if (path === '/mixed') {
    res.writeHead(200, HARDENED);
    res.end('<script src="http://cdn.example.com/a.js"></script><img src="http://img.example.com/b.png">');
  } else if (path === '/passive') {
    res.writeHead(200, HARDENED);
    res.end('<img src="http://img.example.com/b.png">');
  } else {
    res.writeHead(200, {
      'content-type': 'text/html',
      'x-frame-options': 'ALLOW-FROM https://x',
      'referrer-policy': 'unsafe-url',
    });
    res.end('<html><body>home</body></html>');
  }
}

describeOnce('network checks against local servers', () => {
  let http: LocalServer;
  let expired: LocalServer;
  let expiring: LocalServer;
  let tls12: LocalServer;
  let legacy: LocalServer;
  let expiringCert: TestCertificate;

  beforeAll(async () => {
    http = await startHttpServer(site);
    const old = makeCertificate(-400, -10);
    expiringCert = makeCertificate(-30, 5);
    expired = await startHttpsServer({ ...old }, site);
    expiring = await startHttpsServer({ ...expiringCert }, site);
    tls12 = await startHttpsServer({ ...expiringCert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }, site);
    legacy = await startHttpsServer(
      { ...expiringCert, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'DEFAULT:@SECLEVEL=0' },
      site,
    );
  });
  afterAll(async () => {
    for (const s of [http, expired, expiring, tls12, legacy]) {
      expect(await s.connections()).toBe(0);
      await s.close();
    }
  });

  describe('availability', () => {
    it('finds nothing wrong with a healthy page', async () => {
      expect(await checkAvailability(ctx(`${http.url}/`))).toEqual([]);
    });

    it('reports HTTP 500 as the site being down, and 404 as an HTTP error', async () => {
      const [down] = await checkAvailability(ctx(`${http.url}/500`));
      expect(down).toMatchObject({ type: 'site_down', severity: 'III', isHomepage: true });
      expect(down?.evidence).toMatchObject({ status: 500, kind: 'http_status', remoteAddress: '127.0.0.1' });
      const [missing] = await checkAvailability(ctx(`${http.url}/404`, { isHomepage: false }));
      expect(missing).toMatchObject({ type: 'http_error', severity: 'IV', evidence: { status: 404 } });
    });

    it('reports a slow response against the threshold', async () => {
      const findings = await checkAvailability(ctx(`${http.url}/slow`), { slowThresholdMs: 200 });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ type: 'slow_response', evidence: { thresholdMs: 200 } });
      expect(findings[0]?.evidence.timings).toMatchObject({ totalMs: expect.any(Number) });
      expect(JSON.stringify(findings[0]?.title)).toMatch(/Slow response: \d+ ms \(threshold 200 ms\)/);
    });

    it('reports a refused connection as down, confirmed by a second attempt', async () => {
      const port = await closedPort();
      const [down] = await checkAvailability(ctx(`http://127.0.0.1:${port}/`), { confirmDelayMs: 50 });
      expect(down).toMatchObject({ type: 'site_down', evidence: { kind: 'connect', confirmed: true } });
      expect(down?.evidence.attempts).toHaveLength(2);
    });

    it('reports a name that does not resolve as a DNS failure', async () => {
      const [finding] = await checkAvailability(ctx('http://gone.example.invalid/'));
      expect(finding).toMatchObject({
        type: 'dns_failure',
        evidence: { kind: 'dns', hostname: 'gone.example.invalid' },
      });
    });

    it('throws rather than reporting an outage when the target is forbidden', async () => {
      const forbidden = checkAvailability({ ...ctx(`${http.url}/`), fetchOptions: {} });
      await expect(forbidden).rejects.toMatchObject({ kind: 'forbidden_address' });
    });

    it('judges a page fetched once for all checks without fetching again', async () => {
      const page = new MonitorFetchError('timeout', 'first_byte', 'no response');
      const [finding] = await checkAvailability(ctx('http://never-fetched.example.invalid/', { page }));
      expect(finding).toMatchObject({
        type: 'site_down',
        evidence: { kind: 'timeout', phase: 'first_byte' },
      });
    });
  });

  describe('tls', () => {
    it('reports an expired self-signed certificate with its evidence', async () => {
      const findings = await checkTls(ctx(`${expired.url}/`), { probeProtocols: false });
      expect(findings.map((f) => f.type)).toEqual(['tls_invalid']);
      const evidence = findings[0]?.evidence ?? {};
      expect(evidence.reasons).toEqual(expect.arrayContaining(['expired', 'self_signed']));
      expect(evidence.certificate).toMatchObject({ subject: 'CN=127.0.0.1', issuer: 'CN=127.0.0.1' });
      expect(Date.parse(String((evidence.certificate as { validTo: string }).validTo))).toBeLessThan(
        Date.now(),
      );
    });

    it('warns of a certificate expiring in 5 days at the 7-day threshold, and at 30 and 1 days', async () => {
      const findings = await checkTls(ctx(`${expiring.url}/`), { probeProtocols: false });
      const expiry = findings.find((f) => f.type === 'tls_expiring');
      expect(expiry).toMatchObject({ severity: 'IV', evidence: { thresholdDays: 7 } });
      expect(Number(expiry?.evidence.daysLeft)).toBeGreaterThan(4.9);
      expect(Number(expiry?.evidence.daysLeft)).toBeLessThanOrEqual(5);
      const validTo = Date.parse(String(expiry?.evidence.validTo));
      const at = async (msBefore: number) =>
        (
          await checkTls(ctx(`${expiring.url}/`, { now: () => new Date(validTo - msBefore) }), {
            probeProtocols: false,
          })
        ).find((f) => f.type === 'tls_expiring');
      expect(await at(20 * DAY)).toMatchObject({ severity: 'IV', evidence: { thresholdDays: 30 } });
      expect(await at(DAY / 2)).toMatchObject({ severity: 'III', evidence: { thresholdDays: 1 } });
      expect(await at(40 * DAY)).toBeUndefined();
    });

    it('reuses the TLS details of the page already fetched', async () => {
      const page = await safeFetch(`${expiring.url}/`, ctx('').fetchOptions);
      const findings = await checkTls(ctx(`${expiring.url}/`, { page }), { probeProtocols: false });
      expect(findings.map((f) => f.type).sort()).toEqual(['tls_expiring', 'tls_invalid']);
    });

    it('sees only TLS 1.2 offered by a server limited to it, and raises no protocol finding', async () => {
      const findings = await checkTls(ctx(`${tls12.url}/`));
      expect(findings.find((f) => f.type === 'tls_weak_protocol')).toBeUndefined();
      const legacyFindings = await checkTls(ctx(`${legacy.url}/`));
      const weak = legacyFindings.find((f) => f.type === 'tls_weak_protocol');
      expect(weak?.evidence.offered).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
      expect(weak?.evidence.weak).toEqual(['TLSv1', 'TLSv1.1']);
    });

    it('records the versions offered in the certificate evidence (TLS 1.2 only)', async () => {
      const findings = await checkTls(ctx(`${tls12.url}/`));
      const invalid = findings.find((f) => f.type === 'tls_invalid');
      expect(invalid?.evidence).toMatchObject({ protocolsOffered: ['TLSv1.2'] });
      expect(invalid?.evidence.reasons).toContain('self_signed');
    });

    it('skips plain http and reports a failed handshake', async () => {
      expect(await checkTls(ctx(`${http.url}/`))).toEqual([]);
      const [finding] = await checkTls(ctx(`https://127.0.0.1:${http.port}/`), { probeProtocols: false });
      expect(finding).toMatchObject({
        type: 'tls_invalid',
        evidence: { reasons: ['handshake_failed'], kind: 'tls' },
      });
    });
  });

  describe('security headers and mixed content', () => {
    it('finds nothing on a hardened https page', async () => {
      expect(await checkSecurityHeaders(ctx(`${expiring.url}/hardened`))).toEqual([]);
    });

    it('lists missing and weak headers with the values present', async () => {
      const [finding] = await checkSecurityHeaders(ctx(`${expiring.url}/`));
      expect(finding).toMatchObject({ type: 'security_headers', severity: 'IV' });
      expect(finding?.evidence.missing).toEqual([
        'strict-transport-security',
        'content-security-policy',
        'x-content-type-options',
      ]);
      expect(finding?.evidence.weak).toEqual([
        'x-frame-options: "ALLOW-FROM HTTPS://X" is not DENY or SAMEORIGIN',
        'referrer-policy: unsafe-url leaks full URLs',
      ]);
      expect(finding?.evidence.present).toMatchObject({ 'referrer-policy': 'unsafe-url' });
    });

    it('notes a page served over plain http', async () => {
      const [finding] = await checkSecurityHeaders(ctx(`${http.url}/hardened`));
      expect(finding?.evidence.weak).toEqual(['https: the page is served over plain http']);
      expect(finding?.evidence.missing).toEqual([]);
    });

    it('reports active mixed content as III and passive-only as IV', async () => {
      const [active] = await checkSecurityHeaders(ctx(`${expiring.url}/mixed`));
      expect(active).toMatchObject({
        type: 'mixed_content',
        severity: 'III',
        evidence: { activeCount: 1, passiveCount: 1 },
      });
      expect(active?.evidence.active).toEqual([
        { tag: 'script', attribute: 'src', url: 'http://cdn.example.com/a.js', active: true },
      ]);
      const [passive] = await checkSecurityHeaders(ctx(`${expiring.url}/passive`));
      expect(passive).toMatchObject({ type: 'mixed_content', severity: 'IV' });
      expect(await checkSecurityHeaders(ctx(`${http.url}/mixed`))).toHaveLength(1); // http page: headers only
    });
  });
});
