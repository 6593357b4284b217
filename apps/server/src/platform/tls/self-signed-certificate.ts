import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CertificatePair {
  key: string;
  cert: string;
}

/** openssl's -startdate/-enddate form (YYYYMMDDHHMMSSZ), `days` from now (negative: in the past). */
function opensslDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/**
 * A self-signed certificate for 127.0.0.1 / localhost, made by the openssl binary (Node cannot create
 * X.509), valid from `validFromDays` to `validToDays` relative to now; negative values give an expired
 * certificate. `openssl x509 -not_before` needs OpenSSL 3.4, so this signs with `openssl ca` and a
 * throwaway database, which sets arbitrary dates on older builds such as Debian's 3.0. Throws when openssl
 * is missing or fails (ENOENT in the error's code for a missing binary).
 */
export function makeSelfSignedCertificate(
  validFromDays: number,
  validToDays: number,
  commonName = '127.0.0.1',
): CertificatePair {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const cnf = path.join(dir, 'ca.cnf');
    const csr = path.join(dir, 'req.csr');
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), '01\n');
    writeFileSync(
      cnf,
      [
        '[ca]',
        'default_ca = local',
        '[local]',
        `database = ${path.join(dir, 'index.txt')}`,
        `new_certs_dir = ${dir}`,
        `serial = ${path.join(dir, 'serial')}`,
        'default_md = sha256',
        'policy = any',
        'unique_subject = no',
        'copy_extensions = copy',
        '[any]',
        'commonName = supplied',
        '[req]',
        'distinguished_name = dn',
        'prompt = no',
        '[dn]',
        `CN = ${commonName}`,
        '[ext]',
        'subjectAltName = IP:127.0.0.1, DNS:localhost',
        'basicConstraints = critical, CA:true',
      ].join('\n'),
    );
    const opts = { stdio: 'pipe' as const };
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile], opts);
    execFileSync('openssl', ['req', '-new', '-key', keyFile, '-out', csr, '-config', cnf], opts);
    execFileSync(
      'openssl',
      ['ca', '-batch', '-selfsign', '-config', cnf, '-keyfile', keyFile, '-in', csr, '-out', certFile]
        .concat(['-startdate', opensslDate(validFromDays), '-enddate', opensslDate(validToDays)])
        .concat(['-extensions', 'ext', '-notext']),
      opts,
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
