import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSelfSignedCertificate } from '../../../platform/tls/self-signed-certificate.ts';

export interface DemoCertificate {
  key: string;
  cert: string;
}

/**
 * The demo's broken HTTPS site certificate: self-signed for 127.0.0.1 and expired 30 days ago, made once by
 * the openssl binary into `dir` (Node cannot create X.509) and reused on later starts. Returns null when
 * openssl is not installed or fails, so the caller skips that site.
 */
export function expiredSelfSignedCertificate(
  dir: string,
  log: (line: string) => void,
): DemoCertificate | null {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }
  try {
    const pair = makeSelfSignedCertificate(-395, -30);
    mkdirSync(dir, { recursive: true });
    writeFileSync(keyFile, pair.key);
    writeFileSync(certFile, pair.cert);
    return pair;
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed' : String(err);
    log(`Demo websites: skipping the expired-certificate HTTPS site (${reason})`);
    return null;
  }
}
