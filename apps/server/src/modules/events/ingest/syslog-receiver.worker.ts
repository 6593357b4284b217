// The syslog receiver thread: owns the UDP, TCP and TLS sockets, splits TCP/TLS streams into frames,
// matches senders to sources and encodes records in the journal's format, then hands batches to the main
// thread (one transferred buffer per batch). Nothing here parses, detects or touches the database, so a
// busy pipeline on the main thread cannot keep the sockets unread: a loaded machine used to lose 40% of
// UDP at 10,000 datagrams/s because the kernel's socket buffer overflowed while the main thread worked.
// Back-pressure comes from shared memory (syslog-receiver.protocol.ts), readable without the main thread.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { SyslogFrameDecoder } from '../parsers/syslog-framing.ts';
import type { SourceWithUnit } from '../sources/sources.repository.ts';
import { encodeEntry, type JournalEntry } from './journal.ts';
import { createSourceDirectory } from './source-directory.ts';
import { type FromReceiver, type ReceiverConfig, SLOT, type ToReceiver } from './syslog-receiver.protocol.ts';

/** A batch is handed over at the end of each turn of this thread's event loop, or sooner at this size. */
const BATCH_BYTES = 1024 * 1024;
const ACCOUNTING_MS = 250;
const RESUME_POLL_MS = 20;

const port = parentPort;
if (!port) throw new Error('syslog-receiver.worker.ts runs as a worker thread');
const cfg = workerData as ReceiverConfig;
const slots = new Int32Array(cfg.shared);
const post = (m: FromReceiver, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let rows: readonly SourceWithUnit[] = cfg.sources;
const directory = createSourceDirectory(async () => [...rows]);
await directory.refresh();
let clockOffsetMs = cfg.clockOffsetMs;
const now = () => Date.now() + clockOffsetMs;

const utf8 = new TextDecoder('utf-8');
/** A datagram or frame as text: invalid UTF-8 becomes U+FFFD (the parser still sees the rest). */
function text(buf: Buffer): string {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0)) end--;
  return utf8.decode(buf.subarray(0, end));
}

// The batch being gathered, and what was handed over so far (wrapping like the shared `taken` slots).
let parts: Buffer[] = [];
let partsBytes = 0;
let bySource = new Map<number, number>();
let flushScheduled = false;
let handedBytes = 0;
let handedRecords = 0;

/** Handed over or gathered and not yet taken by the main thread. */
const bytesInFlight = () => ((handedBytes - Atomics.load(slots, SLOT.takenBytes)) | 0) + partsBytes;
const recordsInFlight = () => ((handedRecords - Atomics.load(slots, SLOT.takenRecords)) | 0) + parts.length;
const udpBlocked = () =>
  recordsInFlight() >= Atomics.load(slots, SLOT.udpRoom) || bytesInFlight() > cfg.handoverBytes;
const streamsBlocked = () =>
  recordsInFlight() >= Atomics.load(slots, SLOT.streamsRoom) || bytesInFlight() > cfg.streamHandoverBytes;

function flush(): void {
  flushScheduled = false;
  if (parts.length === 0) return;
  // A fresh ArrayBuffer of its own (never Node's shared pool), so it can be transferred without copying.
  const records = new ArrayBuffer(partsBytes);
  const view = new Uint8Array(records);
  let at = 0;
  for (const p of parts) {
    view.set(p, at);
    at += p.length;
  }
  post({ type: 'batch', records, count: parts.length, bySource: [...bySource] }, [records]);
  handedBytes = (handedBytes + partsBytes) | 0;
  handedRecords = (handedRecords + parts.length) | 0;
  parts = [];
  partsBytes = 0;
  bySource = new Map();
}

function take(entry: JournalEntry): void {
  const encoded = encodeEntry(entry);
  parts.push(encoded);
  partsBytes += encoded.length;
  bySource.set(entry.sourceId, (bySource.get(entry.sourceId) ?? 0) + 1);
  if (partsBytes >= BATCH_BYTES) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

// Drops and unregistered senders, reported to the main thread's accounting every ACCOUNTING_MS.
let drops = new Map<number, number>();
let unregistered = new Map<string, [string, string, string, number]>();
const sockets = new Set<net.Socket>();

function drop(sourceId: number, n = 1): void {
  drops.set(sourceId, (drops.get(sourceId) ?? 0) + n);
}
function unknownSender(address: string, transport: string, sample: string): void {
  const key = `${address}|${transport}`;
  const u = unregistered.get(key);
  if (u) {
    u[2] = sample;
    u[3]++;
  } else unregistered.set(key, [address, transport, sample, 1]);
}
function flushAccounting(): void {
  post({
    type: 'accounting',
    drops: [...drops],
    unregistered: [...unregistered.values()],
    connections: sockets.size,
    heapBytes: v8.getHeapStatistics().total_heap_size,
  });
  drops = new Map();
  unregistered = new Map();
}
const accountingTimer = setInterval(flushAccounting, ACCOUNTING_MS);

const closers: Array<() => Promise<void>> = [];
const ports: { udp: number | null; tcp: number | null; tls: number | null } = {
  udp: null,
  tcp: null,
  tls: null,
};
let udpBufferBytes: number | null = null;

async function startUdp(udpPort: number): Promise<void> {
  const udp = dgram.createSocket({
    type: cfg.host.includes(':') ? 'udp6' : 'udp4',
    recvBufferSize: cfg.udpBufferBytes,
  });
  udp.on('message', (msg, rinfo) => {
    const src = directory.forSender(rinfo.address, 'syslog_udp');
    if (!src) {
      unknownSender(rinfo.address, 'syslog_udp', text(msg.subarray(0, 200)));
      return;
    }
    if (udpBlocked()) {
      drop(src.id);
      return;
    }
    const entry: JournalEntry = { sourceId: src.id, receivedAt: now(), data: text(msg) };
    if (msg.length > cfg.maxRecordBytes) {
      entry.data = entry.data.slice(0, 1024);
      entry.extra = {
        error: `datagram of ${msg.length} bytes exceeds the ${cfg.maxRecordBytes}-byte maximum`,
      };
    }
    take(entry);
  });
  udp.on('error', (err) => post({ type: 'error', message: `syslog UDP: ${err.message}` }));
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(udpPort, cfg.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  ports.udp = udp.address().port;
  udpBufferBytes = udp.getRecvBufferSize();
  closers.push(() => new Promise<void>((r) => udp.close(() => r())));
}

const onConnection = (transport: 'syslog_tcp' | 'syslog_tls') => (socket: net.Socket) => {
  sockets.add(socket);
  const address = socket.remoteAddress ?? '';
  const decoder = new SyslogFrameDecoder({ maxFrameBytes: cfg.maxRecordBytes });
  let paused = false;
  const resumeWhenRoom = () => {
    if (socket.destroyed) return;
    if (streamsBlocked()) {
      setTimeout(resumeWhenRoom, RESUME_POLL_MS);
      return;
    }
    paused = false;
    socket.resume();
  };
  const handle = (frames: ReturnType<SyslogFrameDecoder['push']>) => {
    if (frames.length === 0) return;
    const src = directory.forSender(address, transport);
    if (!src) {
      for (const f of frames)
        unknownSender(address, transport, f.ok ? text(f.frame.subarray(0, 200)) : f.error);
      return;
    }
    const at = now();
    for (const f of frames) {
      take(
        f.ok
          ? { sourceId: src.id, receivedAt: at, data: text(f.frame) }
          : { sourceId: src.id, receivedAt: at, data: '', extra: { error: f.error } },
      );
    }
    // TCP is never dropped: stop reading until the pipeline catches up; the sender's buffers fill.
    if (!paused && streamsBlocked()) {
      paused = true;
      socket.pause();
      setTimeout(resumeWhenRoom, RESUME_POLL_MS);
    }
  };
  socket.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
  socket.on('end', () => handle(decoder.end()));
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
};

async function listen(server: net.Server, listenPort: number): Promise<number> {
  server.on('error', (err) => post({ type: 'error', message: `syslog listener: ${err.message}` }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  );
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : listenPort;
}

async function close(): Promise<void> {
  for (const c of closers.reverse()) await c();
  flush();
  clearInterval(accountingTimer);
  flushAccounting();
  post({ type: 'closed' });
  port?.close();
}

port.on('message', (m: ToReceiver) => {
  if (m.type === 'sources') {
    rows = m.rows;
    void directory.refresh();
  } else if (m.type === 'clock') clockOffsetMs = m.offsetMs;
  else if (m.type === 'close') void close();
});

try {
  if (cfg.udpPort !== null) await startUdp(cfg.udpPort);
  if (cfg.tcpPort !== null)
    ports.tcp = await listen(net.createServer(onConnection('syslog_tcp')), cfg.tcpPort);
  if (cfg.tlsPort !== null && cfg.tls) {
    const server = tls.createServer({ cert: cfg.tls.cert, key: cfg.tls.key }, onConnection('syslog_tls'));
    server.on('tlsClientError', () => {});
    ports.tls = await listen(server, cfg.tlsPort);
  }
  post({ type: 'ready', ports, udpBufferBytes });
} catch (err) {
  // A port in use or not allowed: the main thread reports it; nothing is left listening here.
  for (const c of closers.reverse()) await c();
  clearInterval(accountingTimer);
  post({ type: 'failed', message: (err as Error).message });
  port.close();
}
