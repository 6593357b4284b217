import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import {
  type CertificatePair,
  makeSelfSignedCertificate,
} from '../../../platform/tls/self-signed-certificate.ts';

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

export type TestCertificate = CertificatePair;

/** A self-signed certificate for 127.0.0.1 valid between the given days from now (negative: past). */
export function makeCertificate(
  validFromDays: number,
  validToDays: number,
  cn = '127.0.0.1',
): TestCertificate {
  return makeSelfSignedCertificate(validFromDays, validToDays, cn);
}
