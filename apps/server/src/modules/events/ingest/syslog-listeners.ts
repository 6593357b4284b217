import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { SyslogFrameDecoder } from '../parsers/index.ts';
import type { DropAccounting } from './accounting.ts';
import type { JournalEntry } from './journal.ts';
import type { SourceDirectory } from './source-directory.ts';

export interface SyslogListenerOptions {
  host: string;
  /** null = off; 0 = any free port (tests). */
  udpPort: number | null;
  tcpPort: number | null;
  tlsPort: number | null;
  tls?: { cert: string; key: string };
  maxRecordBytes: number;
  directory: SourceDirectory;
  accounting: Pick<DropAccounting, 'drop' | 'unregistered'>;
  /** Appends to the journal; resolves once durable. */
  append(entries: readonly JournalEntry[]): Promise<unknown>;
  /** True while the queue behind the journal is full: TCP pauses, UDP drops (counted). */
  overloaded(): boolean;
  now(): number;
  onError?(err: unknown): void;
}

export interface SyslogListeners {
  ports: { udp: number | null; tcp: number | null; tls: number | null };
  /** Open TCP/TLS connections. */
  connections(): number;
  close(): Promise<void>;
}

const utf8 = new TextDecoder('utf-8');

/** A datagram or frame as text: invalid UTF-8 becomes U+FFFD (the parser still sees the rest). */
function text(buf: Buffer): string {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0)) end--;
  return utf8.decode(buf.subarray(0, end));
}

/** Starts the syslog listeners: UDP datagrams, and TCP/TLS streams in octet-counting or newline framing. */
export async function startSyslogListeners(o: SyslogListenerOptions): Promise<SyslogListeners> {
  const closers: Array<() => Promise<void>> = [];
  const ports: SyslogListeners['ports'] = { udp: null, tcp: null, tls: null };
  const sockets = new Set<net.Socket>();

  if (o.udpPort !== null) {
    const udp = dgram.createSocket({
      type: o.host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: 8 * 1024 * 1024,
    });
    let batch: JournalEntry[] = [];
    let batchSources: number[] = [];
    const flush = () => {
      const entries = batch;
      const ids = batchSources;
      batch = [];
      batchSources = [];
      o.append(entries).catch((err) => {
        // Could not be journaled (disk full, closing): these datagrams are lost, and counted as such.
        for (const id of ids) o.accounting.drop(id);
        o.onError?.(err);
      });
    };
    udp.on('message', (msg, rinfo) => {
      const src = o.directory.forSender(rinfo.address, 'syslog_udp');
      if (!src) {
        o.accounting.unregistered(rinfo.address, 'syslog_udp', text(msg.subarray(0, 200)));
        return;
      }
      if (o.overloaded()) {
        o.accounting.drop(src.id);
        return;
      }
      const entry: JournalEntry = { sourceId: src.id, receivedAt: o.now(), data: text(msg) };
      if (msg.length > o.maxRecordBytes) {
        entry.data = entry.data.slice(0, 1024);
        entry.extra = {
          error: `datagram of ${msg.length} bytes exceeds the ${o.maxRecordBytes}-byte maximum`,
        };
      }
      if (batch.length === 0) setImmediate(flush);
      batch.push(entry);
      batchSources.push(src.id);
    });
    udp.on('error', (err) => o.onError?.(err));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(o.udpPort ?? 0, o.host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    ports.udp = udp.address().port;
    closers.push(() => new Promise<void>((r) => udp.close(() => r())));
  }

  const onConnection = (transport: 'syslog_tcp' | 'syslog_tls') => (socket: net.Socket) => {
    sockets.add(socket);
    const address = socket.remoteAddress ?? '';
    const decoder = new SyslogFrameDecoder({ maxFrameBytes: o.maxRecordBytes });
    let pausedForLoad = false;
    const resumeWhenRoom = () => {
      if (socket.destroyed) return;
      if (o.overloaded()) {
        setTimeout(resumeWhenRoom, 20);
        return;
      }
      pausedForLoad = false;
      socket.resume();
    };
    const handle = (frames: ReturnType<SyslogFrameDecoder['push']>) => {
      if (frames.length === 0) return;
      const src = o.directory.forSender(address, transport);
      if (!src) {
        for (const f of frames)
          o.accounting.unregistered(address, transport, f.ok ? text(f.frame.subarray(0, 200)) : f.error);
        return;
      }
      const at = o.now();
      const entries: JournalEntry[] = frames.map((f) =>
        f.ok
          ? { sourceId: src.id, receivedAt: at, data: text(f.frame) }
          : { sourceId: src.id, receivedAt: at, data: '', extra: { error: f.error } },
      );
      o.append(entries).catch((err) => {
        o.accounting.drop(src.id, entries.length);
        o.onError?.(err);
      });
      // TCP is never dropped: stop reading until the pipeline catches up; the sender's buffers fill.
      if (!pausedForLoad && o.overloaded()) {
        pausedForLoad = true;
        socket.pause();
        setTimeout(resumeWhenRoom, 20);
      }
    };
    socket.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    socket.on('end', () => handle(decoder.end()));
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };

  const listen = async (server: net.Server, port: number) => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    closers.push(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          for (const s of sockets) s.destroy();
        }),
    );
    return typeof addr === 'object' && addr ? addr.port : port;
  };

  if (o.tcpPort !== null) {
    const server = net.createServer(onConnection('syslog_tcp'));
    server.on('error', (err) => o.onError?.(err));
    ports.tcp = await listen(server, o.tcpPort);
  }
  if (o.tlsPort !== null && o.tls) {
    const server = tls.createServer({ cert: o.tls.cert, key: o.tls.key }, onConnection('syslog_tls'));
    server.on('tlsClientError', () => {});
    server.on('error', (err) => o.onError?.(err));
    ports.tls = await listen(server, o.tlsPort);
  }

  return {
    ports,
    connections: () => sockets.size,
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
