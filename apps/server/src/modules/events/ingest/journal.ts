import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

// The ingest journal: every accepted record is appended here and fsynced before it is acknowledged, then
// processed by the pipeline, which stores its checkpoint (the last processed sequence number) in the
// database in the same transaction as the record's effects. After a crash the pipeline replays from the
// checkpoint, so nothing acknowledged is lost and nothing is applied twice.
//
// Layout: segment files `<first seq, 16 digits>.seg` holding records `[u32 length][u32 crc32][payload]`,
// payload = JSON [sourceId, receivedAt ms, data, extra?]. A torn record at the end of the last segment (a
// crash in the middle of a write, never acknowledged) is cut off when the journal is opened.

/** What a listener hands to the journal. */
export interface JournalEntry {
  sourceId: number;
  /** Epoch milliseconds when the platform accepted it. */
  receivedAt: number;
  /** The record as received (one syslog message, one JSON line, one log line). */
  data: string;
  /** Small per-record metadata, e.g. the sender address or a tailed file's offset. */
  extra?: Record<string, string | number>;
}

export interface JournalRecord extends JournalEntry {
  seq: number;
}

export interface JournalOptions {
  dir: string;
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
  /** The first sequence number to use when the journal is empty (the checkpoint + 1). */
  minNextSeq?: number;
}

const HEADER = 8;
const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
/** A record longer than this cannot be valid: listeners cap records far below it. */
const MAX_RECORD = 16 * 1024 * 1024;

interface Segment {
  firstSeq: number;
  file: string;
}

const segName = (seq: number) => `${String(seq).padStart(16, '0')}.seg`;

function listSegments(dir: string): Segment[] {
  return readdirSync(dir)
    .filter((f) => /^\d{16}\.seg$/.test(f))
    .map((f) => ({ firstSeq: Number(f.slice(0, 16)), file: path.join(dir, f) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/** One record in the journal's on-disk form (the syslog receiver thread encodes its batches with this). */
export function encodeEntry(entry: JournalEntry): Buffer {
  const payload = Buffer.from(
    JSON.stringify(
      entry.extra
        ? [entry.sourceId, entry.receivedAt, entry.data, entry.extra]
        : [entry.sourceId, entry.receivedAt, entry.data],
    ),
  );
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER);
  return out;
}

function decode(payload: Buffer, seq: number): JournalRecord | null {
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    if (!Array.isArray(v) || typeof v[0] !== 'number' || typeof v[1] !== 'number' || typeof v[2] !== 'string')
      return null;
    const rec: JournalRecord = { seq, sourceId: v[0], receivedAt: v[1], data: v[2] };
    if (v[3] && typeof v[3] === 'object') rec.extra = v[3] as Record<string, string | number>;
    return rec;
  } catch {
    return null;
  }
}

/** The entries of records encoded back to back by `encodeEntry` (tests, and checks of handed-over batches). */
export function decodeEntries(records: Buffer): JournalEntry[] {
  const out: JournalEntry[] = [];
  let pos = 0;
  while (pos + HEADER <= records.length) {
    const len = records.readUInt32LE(pos);
    const rec = decode(records.subarray(pos + HEADER, pos + HEADER + len), 0);
    if (rec) {
      const { seq: _seq, ...entry } = rec;
      out.push(entry);
    }
    pos += HEADER + len;
  }
  return out;
}

/** Scans one segment file: the byte length of its valid prefix and how many records it holds. */
function scanSegment(file: string): { validBytes: number; count: number } {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const header = Buffer.alloc(HEADER);
    let pos = 0;
    let count = 0;
    while (pos + HEADER <= size) {
      readSync(fd, header, 0, HEADER, pos);
      const len = header.readUInt32LE(0);
      if (len > MAX_RECORD || pos + HEADER + len > size) break;
      const payload = Buffer.alloc(len);
      readSync(fd, payload, 0, len, pos + HEADER);
      if (crc32(payload) !== header.readUInt32LE(4)) break;
      pos += HEADER + len;
      count++;
    }
    return { validBytes: pos, count };
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Pending {
  buffers: Buffer[];
  bytes: number;
  /** Records in `buffers` (one buffer may hold many). */
  count: number;
  lastSeq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Reads records in order from a sequence number, across segments. */
interface Cursor {
  seq: number;
  segment: Segment;
  fd: number;
  pos: number;
}

export interface Journal {
  /** Appends records; resolves once they are on disk (fsynced), with their sequence numbers. */
  append(entries: readonly JournalEntry[]): Promise<{ firstSeq: number; lastSeq: number }>;
  /** Appends `count` records already encoded back to back by `encodeEntry` (a listener thread's batch). */
  appendEncoded(records: Buffer, count: number): Promise<{ firstSeq: number; lastSeq: number }>;
  /** The highest sequence number known to be on disk. */
  readonly durableSeq: number;
  /** The sequence number the next appended record gets. */
  readonly nextSeq: number;
  /** Bytes appended and not yet durable, queued or being written (for back-pressure). */
  readonly pendingBytes: number;
  /** Up to `max` durable records from `fromSeq` on. */
  read(fromSeq: number, max: number): JournalRecord[];
  /** Calls back whenever more records became durable. */
  onDurable(listener: () => void): () => void;
  /** Deletes segments all of whose records are at or below `seq` (the active one is kept). */
  release(seq: number): number;
  /** Number of segment files on disk. */
  segments(): number;
  close(): Promise<void>;
}

/** Opens (and recovers) the journal in `dir`, creating it when missing. */
export async function openJournal(options: JournalOptions): Promise<Journal> {
  const { dir } = options;
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  mkdirSync(dir, { recursive: true });
  let segments = listSegments(dir);
  let nextSeq = options.minNextSeq ?? 1;
  let activeSize = 0;
  let active: FileHandle | null = null;

  const last = segments.at(-1);
  if (last) {
    const { validBytes, count } = scanSegment(last.file);
    const recovered = last.firstSeq + count;
    if (recovered >= nextSeq) {
      nextSeq = recovered;
      active = await open(last.file, 'r+');
      // A torn tail was never acknowledged: cut it so appends continue from a valid record.
      await active.truncate(validBytes);
      await active.datasync();
      activeSize = validBytes;
    }
  }
  let durableSeq = nextSeq - 1;

  async function startSegment(firstSeq: number): Promise<void> {
    if (active) await active.close();
    const seg = { firstSeq, file: path.join(dir, segName(firstSeq)) };
    active = await open(seg.file, 'w');
    fsyncDir(dir);
    segments.push(seg);
    activeSize = 0;
  }

  let queue: Pending[] = [];
  let queuedBytes = 0;
  /** Bytes of the batch being written and fsynced. */
  let writingBytes = 0;
  let flushing: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  let closed = false;

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      writingBytes = queuedBytes;
      queuedBytes = 0;
      try {
        const firstSeq = batch[0] ? batch[0].lastSeq - batch[0].count + 1 : nextSeq;
        if (!active || activeSize >= segmentBytes) await startSegment(firstSeq);
        const handle = active as FileHandle | null;
        if (!handle) throw new Error('journal: no active segment');
        const buffers = batch.flatMap((p) => p.buffers);
        let written = 0;
        // writev in chunks: the kernel takes at most IOV_MAX buffers per call.
        for (let i = 0; i < buffers.length; i += 1024) {
          const r = await handle.writev(buffers.slice(i, i + 1024), activeSize + written);
          written += r.bytesWritten;
        }
        await handle.datasync();
        activeSize += written;
        const lastBatch = batch.at(-1);
        if (lastBatch) durableSeq = lastBatch.lastSeq;
        writingBytes = 0;
        for (const p of batch) p.resolve();
        for (const l of listeners) l();
      } catch (err) {
        writingBytes = 0;
        for (const p of batch) p.reject(err as Error);
      }
    }
  }

  function kick(): void {
    if (flushing || queue.length === 0) return;
    // Let the current turn of the event loop add more records to this batch: one fsync for all.
    flushing = new Promise<void>((r) => setImmediate(r)).then(flushLoop).finally(() => {
      flushing = null;
      kick();
    });
  }

  function enqueue(buffers: Buffer[], count: number): Promise<{ firstSeq: number; lastSeq: number }> {
    if (closed) return Promise.reject(new Error('journal closed'));
    if (count === 0) return Promise.resolve({ firstSeq: nextSeq, lastSeq: nextSeq - 1 });
    const firstSeq = nextSeq;
    nextSeq += count;
    const lastSeq = nextSeq - 1;
    const bytes = buffers.reduce((n, b) => n + b.length, 0);
    const done = new Promise<void>((resolve, reject) => {
      queue.push({ buffers, bytes, count, lastSeq, resolve, reject });
    });
    queuedBytes += bytes;
    kick();
    return done.then(() => ({ firstSeq, lastSeq }));
  }

  const cursors: { current: Cursor | null } = { current: null };

  function closeCursor(): void {
    if (cursors.current) closeSync(cursors.current.fd);
    cursors.current = null;
  }

  /** Positions a cursor on `seq` (scanning its segment from the start). */
  function seek(seq: number): Cursor | null {
    closeCursor();
    let seg: Segment | undefined;
    for (const s of segments) if (s.firstSeq <= seq) seg = s;
    if (!seg) return null;
    const fd = openSync(seg.file, 'r');
    const header = Buffer.alloc(HEADER);
    let pos = 0;
    for (let at = seg.firstSeq; at < seq; at++) {
      if (readSync(fd, header, 0, HEADER, pos) < HEADER) break;
      pos += HEADER + header.readUInt32LE(0);
    }
    cursors.current = { seq, segment: seg, fd, pos };
    return cursors.current;
  }

  const readBuf = { buf: Buffer.alloc(1024 * 1024) };

  return {
    get durableSeq() {
      return durableSeq;
    },
    get nextSeq() {
      return nextSeq;
    },
    get pendingBytes() {
      return queuedBytes + writingBytes;
    },

    append(entries) {
      return enqueue(entries.map(encodeEntry), entries.length);
    },

    appendEncoded(records, count) {
      return enqueue([records], count);
    },

    read(fromSeq, max) {
      const out: JournalRecord[] = [];
      const limit = Math.min(durableSeq, fromSeq + max - 1);
      if (fromSeq > limit) return out;
      let cur = cursors.current;
      if (!cur || cur.seq !== fromSeq) cur = seek(fromSeq);
      if (!cur) return out;
      const header = Buffer.alloc(HEADER);
      while (cur.seq <= limit) {
        const next = segments.find((s) => s.firstSeq === cur?.seq);
        if (next && next !== cur.segment) {
          // The record lives at the start of the next segment.
          closeSync(cur.fd);
          cur = { seq: cur.seq, segment: next, fd: openSync(next.file, 'r'), pos: 0 };
          cursors.current = cur;
        }
        if (readSync(cur.fd, header, 0, HEADER, cur.pos) < HEADER) break;
        const len = header.readUInt32LE(0);
        if (readBuf.buf.length < len) readBuf.buf = Buffer.alloc(len);
        const payload = readBuf.buf.subarray(0, len);
        if (readSync(cur.fd, payload, 0, len, cur.pos + HEADER) < len) break;
        const rec = decode(payload, cur.seq);
        // A durable record that does not decode is a bug or disk damage: skip it rather than stop forever.
        if (rec) out.push(rec);
        cur.pos += HEADER + len;
        cur.seq++;
      }
      return out;
    },

    onDurable(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    release(seq) {
      let removed = 0;
      while (segments.length > 1) {
        const [first, second] = segments;
        if (!first || !second || second.firstSeq - 1 > seq) break;
        if (cursors.current?.segment === first) closeCursor();
        unlinkSync(first.file);
        segments = segments.slice(1);
        removed++;
      }
      return removed;
    },

    segments: () => segments.length,

    async close() {
      closed = true;
      while (flushing) await flushing;
      closeCursor();
      if (active) await (active as FileHandle).close();
      active = null;
    },
  };
}
