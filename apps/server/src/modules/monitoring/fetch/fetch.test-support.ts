import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Tests reach their own loopback servers only through this explicit allowance. */
export const LOOPBACK = ['127.0.0.0/8'];

export interface LocalServer {
  url: string;
  port: number;
  /** Open connections right now, as the server counts them. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

function track(server: Server, scheme: string): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        port,
        connections: () =>
          new Promise((res) => {
            // Let close events from a just-finished fetch arrive first.
            setTimeout(() => server.getConnections((_e, n) => res(n)), 50);
          }),
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

export function startHttpServer(handler: RequestListener): Promise<LocalServer> {
  return track(createHttpServer(handler), 'http');
}

export function startHttpsServer(options: ServerOptions, handler: RequestListener): Promise<LocalServer> {
  return track(createHttpsServer(options, handler), 'https');
}

/** A raw TCP server, for servers that misbehave below HTTP (silence, garbage, huge headers). */
export function startTcpServer(onSocket: (socket: Socket) => void): Promise<LocalServer> {
  return track(
    createNetServer((s) => {
      s.on('error', () => {});
      s.resume(); // read and discard the request, so a client's close is seen
      onSocket(s);
    }),
    'http',
  );
}

/** A port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = await startTcpServer(() => {});
  await server.close();
  return server.port;
}

export interface TestCertificate {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for 127.0.0.1 made by the openssl binary (Node cannot create X.509).
 * validFromDays/validToDays are relative to now and may be negative (an expired certificate).
 */
export function makeCertificate(
  validFromDays: number,
  validToDays: number,
  cn = '127.0.0.1',
): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const stamp = (days: number) => {
      const d = new Date(Date.now() + days * 86_400_000);
      return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
    };
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile]);
    // `openssl x509 -not_before/-not_after` needs OpenSSL 3.4; `openssl ca` with a throwaway database
    // sets arbitrary dates on older builds such as Debian's 3.0.
    const cnf = path.join(dir, 'ca.cnf');
    const db = path.join(dir, 'index.txt');
    execFileSync('sh', ['-c', `: > "${db}"`]);
    const config = [
      '[ca]',
      'default_ca = local',
      '[local]',
      `database = ${db}`,
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
      `CN = ${cn}`,
      '[ext]',
      `subjectAltName = IP:127.0.0.1, DNS:localhost`,
      'basicConstraints = critical, CA:true',
    ].join('\n');
    execFileSync('sh', [
      '-c',
      `cat > "${cnf}" <<'EOF'\n${config}\nEOF\necho 01 > "${path.join(dir, 'serial')}"`,
    ]);
    const csr = path.join(dir, 'req.csr');
    execFileSync('openssl', ['req', '-new', '-key', keyFile, '-out', csr, '-config', cnf]);
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
        stamp(validFromDays),
        '-enddate',
        stamp(validToDays),
        '-extensions',
        'ext',
        '-notext',
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
