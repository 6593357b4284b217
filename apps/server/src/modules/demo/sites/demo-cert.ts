import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DemoCertificate {
  key: string;
  cert: string;
}

const stamp = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
};

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
  const work = path.join(dir, 'work');
  try {
    mkdirSync(work, { recursive: true });
    const db = path.join(work, 'index.txt');
    const cnf = path.join(work, 'ca.cnf');
    const csr = path.join(work, 'req.csr');
    writeFileSync(db, '');
    writeFileSync(path.join(work, 'serial'), '01\n');
    // `openssl x509 -not_before/-not_after` needs OpenSSL 3.4; `openssl ca` with a throwaway database sets
    // arbitrary dates on older builds such as Debian's 3.0.
    writeFileSync(
      cnf,
      [
        '[ca]',
        'default_ca = local',
        '[local]',
        `database = ${db}`,
        `new_certs_dir = ${work}`,
        `serial = ${path.join(work, 'serial')}`,
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
        'CN = 127.0.0.1',
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
      [
        'ca',
        '-batch',
        '-selfsign',
        '-config',
        cnf,
        '-keyfile',
        keyFile,
        '-in',
        csr,
        '-out',
        certFile,
        '-startdate',
        stamp(-395),
        '-enddate',
        stamp(-30),
        '-extensions',
        'ext',
        '-notext',
      ],
      opts,
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch (err) {
    rmSync(keyFile, { force: true });
    rmSync(certFile, { force: true });
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed' : String(err);
    log(`Demo websites: skipping the expired-certificate HTTPS site (${reason})`);
    return null;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
