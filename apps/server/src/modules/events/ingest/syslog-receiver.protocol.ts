import type { SourceWithUnit } from '../sources/sources.repository.ts';

// What the main thread and the syslog receiver thread (syslog-receiver.worker.ts) tell each other. The
// receiver owns the sockets and hands over batches of journal-encoded records; the main thread appends
// them to the journal and publishes back-pressure in shared memory, which the receiver reads without
// waiting for the (possibly busy) main thread.

/** Int32 slots of the shared back-pressure state. */
export const SLOT = {
  /** Records TCP/TLS may still add before they must stop reading (published by the main thread). */
  streamsRoom: 0,
  /** Records UDP may still add before datagrams are dropped (published by the main thread). */
  udpRoom: 1,
  /** Batches the main thread has taken: bytes and records, wrapping at 2^32 (added by the main thread
   * after it published the rooms that count them, so the receiver errs on the side of less room). */
  takenBytes: 2,
  takenRecords: 3,
} as const;
export const SLOTS = 4;

export interface ReceiverConfig {
  host: string;
  /** null = off; 0 = any free port. */
  udpPort: number | null;
  tcpPort: number | null;
  tlsPort: number | null;
  tls?: { cert: string; key: string };
  maxRecordBytes: number;
  /** SO_RCVBUF asked for the UDP socket (Linux caps it at net.core.rmem_max). */
  udpBufferBytes: number;
  /** Handed-over bytes not yet taken by the main thread, at most: above it UDP drops. */
  handoverBytes: number;
  /** The same for TCP/TLS, which pause instead (lower: they can wait in the kernel, and it bounds how far
   * they overshoot back-pressure published a moment ago). */
  streamHandoverBytes: number;
  shared: SharedArrayBuffer;
  sources: readonly SourceWithUnit[];
  /** Added to Date.now() for receive times (the main thread's clock, e.g. a test clock). */
  clockOffsetMs: number;
}

export type ToReceiver =
  | { type: 'sources'; rows: readonly SourceWithUnit[] }
  | { type: 'clock'; offsetMs: number }
  | { type: 'close' };

export type FromReceiver =
  | {
      type: 'ready';
      ports: { udp: number | null; tcp: number | null; tls: number | null };
      /** SO_RCVBUF the kernel granted (Linux reports twice the usable size), null without UDP. */
      udpBufferBytes: number | null;
    }
  | { type: 'failed'; message: string }
  /** `records`: `count` records encoded back to back by `encodeEntry`; `bySource`: [sourceId, records]. */
  | { type: 'batch'; records: ArrayBuffer; count: number; bySource: Array<[number, number]> }
  | {
      type: 'accounting';
      drops: Array<[number, number]>;
      /** [address, transport, sample, events] */
      unregistered: Array<[string, string, string, number]>;
      connections: number;
      /** This thread's V8 heap: bytes allocated (total_heap_size), not counted by the main thread's. */
      heapBytes: number;
    }
  | { type: 'error'; message: string }
  | { type: 'closed' };
