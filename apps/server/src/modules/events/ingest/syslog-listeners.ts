import { Worker } from 'node:worker_threads';
import type { DropAccounting } from './accounting.ts';
import type { SourceDirectory } from './source-directory.ts';
import {
  type FromReceiver,
  type ReceiverConfig,
  SLOT,
  SLOTS,
  type ToReceiver,
} from './syslog-receiver.protocol.ts';

export interface SyslogListenerOptions {
  host: string;
  /** null = off; 0 = any free port (tests). */
  udpPort: number | null;
  tcpPort: number | null;
  tlsPort: number | null;
  tls?: { cert: string; key: string };
  maxRecordBytes: number;
  /** SO_RCVBUF to ask for on the UDP socket; Linux grants at most net.core.rmem_max. */
  udpBufferBytes?: number;
  /** Bytes the receiver thread may have handed over and the main thread not yet taken (default 32 MiB;
   * then UDP drops), and for TCP/TLS, which pause instead (default 2 MiB). */
  handoverBytes?: number;
  streamHandoverBytes?: number;
  directory: SourceDirectory;
  accounting: Pick<DropAccounting, 'drop' | 'unregistered'>;
  /** Appends `count` journal-encoded records; resolves once durable. */
  appendEncoded(records: Buffer, count: number): Promise<unknown>;
  /**
   * Records each kind of input may still add before back-pressure: UDP then drops (counted), TCP/TLS stop
   * reading until there is room again.
   */
  room(): { udp: number; streams: number };
  now(): number;
  onError?(err: unknown): void;
}

export interface SyslogListeners {
  ports: { udp: number | null; tcp: number | null; tls: number | null };
  /** SO_RCVBUF the kernel granted the UDP socket (Linux reports twice the usable size); null without UDP. */
  udpBufferBytes: number | null;
  /** Open TCP/TLS connections. */
  connections(): number;
  /** Bytes the receiver thread's V8 heap holds (the main thread's memoryUsage() does not count them). */
  heapBytes(): number;
  close(): Promise<void>;
}

export const DEFAULT_UDP_BUFFER_BYTES = 32 * 1024 * 1024;
const DEFAULT_HANDOVER_BYTES = 32 * 1024 * 1024;
const DEFAULT_STREAM_HANDOVER_BYTES = 2 * 1024 * 1024;
/** How often the main thread republishes back-pressure (also after every batch it takes). */
const PRESSURE_MS = 10;
const CLOCK_MS = 1000;
const RESTART_MS = 1000;
const WORKER = new URL('./syslog-receiver.worker.ts', import.meta.url);

/**
 * Starts the syslog listeners (UDP datagrams, TCP/TLS streams in octet-counting or newline framing) on a
 * receiver thread of their own, so parsing, detection and database writes on this thread cannot keep the
 * sockets unread. Its batches are appended to the journal here; back-pressure goes back through shared
 * memory. A receiver thread that dies is restarted on the same ports.
 */
export async function startSyslogListeners(o: SyslogListenerOptions): Promise<SyslogListeners> {
  const shared = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const slots = new Int32Array(shared);
  const int32 = (n: number) => Math.max(0, Math.min(0x7fffffff, Math.floor(n)));
  const publish = () => {
    const room = o.room();
    Atomics.store(slots, SLOT.udpRoom, int32(room.udp));
    Atomics.store(slots, SLOT.streamsRoom, int32(Math.min(room.udp, room.streams)));
  };
  const state = {
    worker: null as Worker | null,
    closing: false,
    connections: 0,
    heapBytes: 0,
    closed: null as (() => void) | null,
  };
  const result: SyslogListeners = {
    ports: { udp: null, tcp: null, tls: null },
    udpBufferBytes: null,
    connections: () => state.connections,
    heapBytes: () => state.heapBytes,
    close,
  };

  const onMessage = (m: FromReceiver) => {
    switch (m.type) {
      case 'batch': {
        const records = Buffer.from(m.records);
        o.appendEncoded(records, m.count).catch((err) => {
          // Could not be journaled (disk full, closing): these records are lost, and counted as such.
          for (const [id, n] of m.bySource) o.accounting.drop(id, n);
          o.onError?.(err);
        });
        // Rooms first (they now count this batch), then the batch as taken: never more room than there is.
        publish();
        Atomics.add(slots, SLOT.takenBytes, records.length);
        Atomics.add(slots, SLOT.takenRecords, m.count);
        break;
      }
      case 'accounting':
        for (const [id, n] of m.drops) o.accounting.drop(id, n);
        for (const [address, transport, sample, n] of m.unregistered)
          o.accounting.unregistered(address, transport, sample, n);
        state.connections = m.connections;
        state.heapBytes = m.heapBytes;
        break;
      case 'error':
        o.onError?.(new Error(m.message));
        break;
      case 'closed':
        state.closed?.();
        break;
      default:
        break;
    }
  };

  function spawn(ports: { udp: number | null; tcp: number | null; tls: number | null }) {
    Atomics.store(slots, SLOT.takenBytes, 0);
    Atomics.store(slots, SLOT.takenRecords, 0);
    publish();
    const workerData: ReceiverConfig = {
      host: o.host,
      udpPort: ports.udp,
      tcpPort: ports.tcp,
      tlsPort: ports.tls,
      tls: o.tls,
      maxRecordBytes: o.maxRecordBytes,
      udpBufferBytes: o.udpBufferBytes ?? DEFAULT_UDP_BUFFER_BYTES,
      handoverBytes: o.handoverBytes ?? DEFAULT_HANDOVER_BYTES,
      streamHandoverBytes: o.streamHandoverBytes ?? DEFAULT_STREAM_HANDOVER_BYTES,
      shared,
      sources: o.directory.rows(),
      clockOffsetMs: o.now() - Date.now(),
    };
    const worker = new Worker(WORKER, { workerData, name: 'syslog-receiver' });
    state.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (m: FromReceiver) => {
        if (m.type === 'ready') {
          started = true;
          result.ports = m.ports;
          result.udpBufferBytes = m.udpBufferBytes;
          resolve();
        } else if (m.type === 'failed') {
          reject(new Error(`syslog listeners: ${m.message}`));
        } else onMessage(m);
      });
      worker.on('error', (err) => {
        if (!started) reject(err);
        else o.onError?.(err);
      });
      worker.on('exit', (code) => {
        if (state.worker === worker) state.worker = null;
        state.closed?.();
        if (!started) reject(new Error(`syslog receiver thread exited with code ${code} before listening`));
        else if (!state.closing) restart(code);
      });
    });
  }

  function restart(code: number): void {
    o.onError?.(new Error(`syslog receiver thread exited with code ${code}; restarting it`));
    const again = () => {
      if (state.closing) return;
      // The same ports as before, so senders configured with them keep working.
      spawn(result.ports).catch((err) => {
        o.onError?.(err);
        setTimeout(again, 5 * RESTART_MS).unref();
      });
    };
    setTimeout(again, RESTART_MS).unref();
  }

  const send = (m: ToReceiver) => state.worker?.postMessage(m);
  await spawn({ udp: o.udpPort, tcp: o.tcpPort, tls: o.tlsPort });
  const offRefresh = o.directory.onRefresh(() => send({ type: 'sources', rows: o.directory.rows() }));
  const timers = [
    setInterval(publish, PRESSURE_MS),
    setInterval(() => send({ type: 'clock', offsetMs: o.now() - Date.now() }), CLOCK_MS),
  ];
  for (const t of timers) t.unref();

  async function close(): Promise<void> {
    state.closing = true;
    offRefresh();
    for (const t of timers) clearInterval(t);
    const worker = state.worker;
    if (!worker) return;
    // The receiver closes its sockets and hands over what it holds before saying 'closed'.
    const done = new Promise<void>((r) => {
      state.closed = r;
    });
    send({ type: 'close' });
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
    if ((await Promise.race([done, timeout])) === 'timeout')
      o.onError?.(new Error('syslog receiver did not close'));
    await worker.terminate();
  }

  return result;
}
